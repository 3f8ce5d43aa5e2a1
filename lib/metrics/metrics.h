#pragma once
// Metrics: every Prometheus metric of userimg-fcgi (README "Monitoring"
// lists them), on prometheus-cpp's core library: one Registry, the
// families built once, and a pointer to every series cached at
// construction, so that counting a request is a hash lookup of its route
// and a few atomic adds (Family::Add takes a lock: it is never called
// after the constructor). Labels come from fixed sets only: the router's
// route patterns (plus "unmatched"), status classes, refusal reasons,
// image kinds, formats, Cloudinary operations and outcomes.
//
//   Metrics metrics(router.routePatterns(), sources);
//   metrics.install();                           // metrics/events.h counts here
//   app.addObserver(makeRequestObserver(metrics));
//   std::string text = metrics.render();         // GET /metrics
//
// Thread-safe: the counting methods and render() may be called from any
// thread at once. Gauges read at scrape time (pending deletions, the pool,
// the process's /proc figures) are read by render(); the pending
// deletions' query at most once per `sources.cacheFor`. Never throws from
// the counting methods; render() reports a failed source by leaving its
// gauges at their last value.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/image_kind.h"
#include "core/result.h"
#include "db/deletion_queue.h"
#include "observe/request_record.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace userimg::metrics {

// Where render() reads the gauges it does not count itself. Each may be
// empty (the gauge stays 0).
struct MetricsSources {
  std::function<core::Result<db::DeletionQueueStats>()> deletionQueue;
  std::function<std::int64_t()> nowSeconds;  // for the oldest deletion's age
  std::function<int()> poolInUse;
  int poolMax = 0;
  // How long deletionQueue's answer is reused.
  std::chrono::milliseconds cacheFor{1000};
};

class Metrics {
 public:
  enum class ImageEvent { kStored, kReplaced, kDeleted };

  // `routes`: every route pattern the router has ("unmatched" is added).
  Metrics(const std::vector<std::string>& routes, MetricsSources sources);
  // Uninstalls itself when installed.
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Makes this the target of metrics/events.h. Call once, before serving;
  // it must outlive every thread that may count (the destructor uninstalls).
  void install();

  // One finished request; `storedBytes` from its observe::RequestNotes.
  void observeRequest(const observe::RequestRecord& record, std::int64_t storedBytes) noexcept;

  // The whole registry in the text exposition format 0.0.4, with the
  // scrape-time gauges and the process_* metrics read now.
  std::string render();

  // The targets of metrics/events.h.
  void countImage(ImageEvent event, core::ImageKind kind) noexcept;
  void observePipeline(std::string_view format, double seconds) noexcept;
  void countSweep(bool failed) noexcept;
  void countDatabaseError() noexcept;
  void countCloudinaryCall(std::string_view operation, std::string_view outcome) noexcept;
  void countCloudinaryRetry() noexcept;
  void countPublicCacheLookup(bool hit) noexcept;
  void addBusyWorkers(int delta) noexcept;
  void setWorkerThreads(int threads) noexcept;

 private:
  struct RouteSeries {
    prometheus::Counter* byClass[5] = {};  // 1xx .. 5xx
    prometheus::Histogram* seconds = nullptr;
    prometheus::Counter* bytesIn = nullptr;
    prometheus::Counter* bytesOut = nullptr;
  };
  void refreshGauges();

  std::shared_ptr<prometheus::Registry> registry_;
  MetricsSources sources_;
  std::unordered_map<std::string, RouteSeries> routes_;
  prometheus::Counter* storedBytes_ = nullptr;
  std::vector<std::pair<std::string_view, prometheus::Counter*>> refusals_;
  prometheus::Counter* images_[3][2] = {};  // [event][kind]
  // By format; the last is "other".
  std::vector<std::pair<std::string_view, prometheus::Histogram*>> pipeline_;
  prometheus::Counter* sweeps_ = nullptr;
  prometheus::Counter* sweepFailures_ = nullptr;
  prometheus::Counter* databaseErrors_ = nullptr;
  prometheus::Gauge* poolInUse_ = nullptr;
  prometheus::Gauge* poolMax_ = nullptr;
  std::vector<std::string_view> cloudinaryOperations_;
  std::vector<std::string_view> cloudinaryOutcomes_;
  std::vector<prometheus::Counter*> cloudinaryCalls_;  // [operation][outcome]
  prometheus::Counter* cloudinaryRetries_ = nullptr;
  prometheus::Counter* publicCache_[2] = {};  // [miss, hit]
  prometheus::Gauge* busyWorkers_ = nullptr;  // set from busy_ when scraped
  // Twice per request, from every worker: a plain integer, where the
  // gauge's double would cost a compare-and-swap loop.
  std::atomic<int> busy_{0};
  prometheus::Gauge* workerThreads_ = nullptr;
  prometheus::Gauge* pendingDeletions_ = nullptr;
  prometheus::Gauge* oldestDeletionAge_ = nullptr;

  std::mutex queueMutex_;  // guards the two below
  std::chrono::steady_clock::time_point queueReadAt_{};
  std::optional<db::DeletionQueueStats> queue_;
  bool installed_ = false;
};

// A RequestObserver that counts every request into `metrics` (borrowed:
// it must outlive the observer).
std::unique_ptr<observe::RequestObserver> makeRequestObserver(Metrics& metrics);

}  // namespace userimg::metrics
