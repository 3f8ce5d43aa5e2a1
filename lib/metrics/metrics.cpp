#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>

#include "metrics/events.h"
#include "metrics/process_collector.h"
#include "observe/request_notes.h"

namespace userimg::metrics {
namespace {

using prometheus::Histogram;

// Request latency: from a cached GET (~100 us) to a 12 MP upload (~1 s).
const Histogram::BucketBoundaries kRequestBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
const Histogram::BucketBoundaries kPipelineBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1,    2.5,   5,    10};

constexpr const char* kStatusClasses[5] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
constexpr std::string_view kRefusals[] = {"bad_type", "too_large", "bomb", "corrupt",
                                          "rate_limited"};
constexpr std::string_view kFormats[] = {"jpeg", "png", "gif", "webp", "heif", "other"};
constexpr std::string_view kOperations[] = {"upload", "destroy", "fetch", "list", "ping"};
constexpr std::string_view kOutcomes[] = {"ok", "client_error", "unavailable", "bad_answer"};

template <typename List>
std::size_t indexIn(const List& list, std::string_view name) {
  const auto found = std::find(std::begin(list), std::end(list), name);
  return static_cast<std::size_t>(found - std::begin(list));
}

}  // namespace

Metrics::Metrics(const std::vector<std::string>& routes, MetricsSources sources)
    : registry_(std::make_shared<prometheus::Registry>()), sources_(std::move(sources)) {
  prometheus::Registry& r = *registry_;
  auto& requests = prometheus::BuildCounter()
                       .Name("userimg_http_requests_total")
                       .Help("Requests answered, by route pattern and status class.")
                       .Register(r);
  auto& durations = prometheus::BuildHistogram()
                        .Name("userimg_http_request_duration_seconds")
                        .Help("Time from the request's dispatch to its answer, by route pattern.")
                        .Register(r);
  auto& bytesIn = prometheus::BuildCounter()
                      .Name("userimg_http_request_bytes_total")
                      .Help("Request body bytes (Content-Length), by route pattern.")
                      .Register(r);
  auto& bytesOut = prometheus::BuildCounter()
                       .Name("userimg_http_response_bytes_total")
                       .Help("Response body bytes, by route pattern.")
                       .Register(r);
  std::vector<std::string> all = routes;
  all.push_back("unmatched");
  for (const std::string& route : all) {
    RouteSeries& series = routes_[route];
    for (int c = 0; c < 5; ++c) {
      series.byClass[c] = &requests.Add({{"route", route}, {"status_class", kStatusClasses[c]}});
    }
    series.seconds = &durations.Add({{"route", route}}, kRequestBuckets);
    series.bytesIn = &bytesIn.Add({{"route", route}});
    series.bytesOut = &bytesOut.Add({{"route", route}});
  }

  storedBytes_ = &prometheus::BuildCounter()
                      .Name("userimg_stored_bytes_total")
                      .Help("Bytes written to storage by uploads (images and variants).")
                      .Register(r)
                      .Add({});
  auto& refusals = prometheus::BuildCounter()
                       .Name("userimg_upload_refusals_total")
                       .Help("Uploads refused, by reason.")
                       .Register(r);
  for (std::string_view reason : kRefusals) {
    refusals_.emplace_back(reason, &refusals.Add({{"reason", std::string(reason)}}));
  }

  const char* const imageNames[3][2] = {
      {"userimg_images_stored_total", "Images stored (new or replacing), by kind."},
      {"userimg_images_replaced_total", "Images that replaced an existing one, by kind."},
      {"userimg_images_deleted_total", "Images deleted by their user, by kind."}};
  for (int e = 0; e < 3; ++e) {
    auto& family =
        prometheus::BuildCounter().Name(imageNames[e][0]).Help(imageNames[e][1]).Register(r);
    images_[e][0] = &family.Add({{"kind", "profile"}});
    images_[e][1] = &family.Add({{"kind", "cover"}});
  }

  auto& pipeline = prometheus::BuildHistogram()
                       .Name("userimg_image_pipeline_seconds")
                       .Help("Time in the image pipeline per upload, by the upload's format.")
                       .Register(r);
  for (std::string_view format : kFormats) {
    pipeline_.emplace_back(format,
                           &pipeline.Add({{"format", std::string(format)}}, kPipelineBuckets));
  }

  auto counter = [&r](const char* name, const char* help) {
    return &prometheus::BuildCounter().Name(name).Help(help).Register(r).Add({});
  };
  auto gauge = [&r](const char* name, const char* help) {
    return &prometheus::BuildGauge().Name(name).Help(help).Register(r).Add({});
  };
  sweeps_ = counter("userimg_sweeper_runs_total", "Passes of the pending-deletion sweeper.");
  sweepFailures_ =
      counter("userimg_sweeper_failures_total", "Sweeper passes that stopped on a database error.");
  databaseErrors_ = counter("userimg_database_errors_total", "Database operations that failed.");
  poolInUse_ = gauge("userimg_database_pool_in_use", "Pooled database connections in use.");
  poolMax_ =
      gauge("userimg_database_pool_max", "Most pooled database connections ([database] pool_max).");
  pendingDeletions_ =
      gauge("userimg_pending_deletions", "Stored objects queued for removal (pending deletions).");
  oldestDeletionAge_ = gauge("userimg_pending_deletion_oldest_age_seconds",
                             "Age of the oldest pending deletion; 0 when none.");
  busyWorkers_ = gauge("userimg_worker_threads_busy", "Worker threads serving a request now.");
  workerThreads_ = gauge("userimg_worker_threads", "Worker threads of the FastCGI server.");
  cloudinaryRetries_ = counter("userimg_cloudinary_retries_total",
                               "Cloudinary HTTP attempts repeated after a retryable failure.");
  auto& calls = prometheus::BuildCounter()
                    .Name("userimg_cloudinary_calls_total")
                    .Help("Cloudinary API calls, by operation and outcome.")
                    .Register(r);
  for (std::string_view operation : kOperations) {
    for (std::string_view outcome : kOutcomes) {
      cloudinaryCalls_.push_back(
          &calls.Add({{"operation", std::string(operation)}, {"outcome", std::string(outcome)}}));
    }
  }
  auto& publicCache = prometheus::BuildCounter()
                          .Name("userimg_public_cache_lookups_total")
                          .Help("Public image requests looked up in the answer cache, by result.")
                          .Register(r);
  publicCache_[0] = &publicCache.Add({{"result", "miss"}});
  publicCache_[1] = &publicCache.Add({{"result", "hit"}});
  poolMax_->Set(sources_.poolMax);
}

Metrics::~Metrics() {
  if (installed_) detail::setCurrent(nullptr);
}

void Metrics::install() {
  installed_ = true;
  detail::setCurrent(this);
}

void Metrics::observeRequest(const observe::RequestRecord& record,
                             std::int64_t storedBytes) noexcept {
  auto found = routes_.find(record.route);
  if (found == routes_.end()) found = routes_.find("unmatched");
  RouteSeries& series = found->second;
  const int statusClass = std::clamp(record.status / 100, 1, 5) - 1;
  series.byClass[statusClass]->Increment();
  series.seconds->Observe(record.seconds);
  if (record.bytesIn > 0) series.bytesIn->Increment(static_cast<double>(record.bytesIn));
  if (record.bytesOut > 0) series.bytesOut->Increment(static_cast<double>(record.bytesOut));
  if (storedBytes > 0) storedBytes_->Increment(static_cast<double>(storedBytes));
  if (record.status >= 400) {
    for (const auto& [reason, refused] : refusals_) {
      if (record.outcome == reason) refused->Increment();
    }
  }
}

void Metrics::countImage(ImageEvent event, core::ImageKind kind) noexcept {
  images_[static_cast<int>(event)][kind == core::ImageKind::kProfile ? 0 : 1]->Increment();
}

void Metrics::observePipeline(std::string_view format, double seconds) noexcept {
  const std::size_t at = std::min(indexIn(kFormats, format), pipeline_.size() - 1);
  pipeline_[at].second->Observe(seconds);
}

void Metrics::countSweep(bool failed) noexcept {
  sweeps_->Increment();
  if (failed) sweepFailures_->Increment();
}

void Metrics::countDatabaseError() noexcept {
  databaseErrors_->Increment();
}

void Metrics::countCloudinaryCall(std::string_view operation, std::string_view outcome) noexcept {
  const std::size_t op = indexIn(kOperations, operation);
  const std::size_t out = indexIn(kOutcomes, outcome);
  constexpr std::size_t kOutcomeCount = std::size(kOutcomes);
  // A name outside the fixed sets is a bug of the caller: not counted.
  if (op >= std::size(kOperations) || out >= kOutcomeCount) return;
  cloudinaryCalls_[op * kOutcomeCount + out]->Increment();
}

void Metrics::countCloudinaryRetry() noexcept {
  cloudinaryRetries_->Increment();
}

void Metrics::countPublicCacheLookup(bool hit) noexcept {
  publicCache_[hit ? 1 : 0]->Increment();
}

void Metrics::addBusyWorkers(int delta) noexcept {
  busy_.fetch_add(delta, std::memory_order_relaxed);
}

void Metrics::setWorkerThreads(int threads) noexcept {
  workerThreads_->Set(threads);
}

void Metrics::refreshGauges() {
  busyWorkers_->Set(busy_.load(std::memory_order_relaxed));
  if (sources_.poolInUse) poolInUse_->Set(sources_.poolInUse());
  if (!sources_.deletionQueue) return;
  std::optional<db::DeletionQueueStats> figures;
  {
    std::lock_guard lock(queueMutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!queue_ || now - queueReadAt_ >= sources_.cacheFor) {
      auto read = sources_.deletionQueue();
      // A failed read keeps the last figures (and is counted as a
      // database error where it failed).
      if (read) queue_ = read.value();
      queueReadAt_ = now;
    }
    figures = queue_;
  }
  if (!figures) return;
  pendingDeletions_->Set(static_cast<double>(figures->pending));
  double age = 0;
  if (figures->oldestCreatedAt && sources_.nowSeconds) {
    age = static_cast<double>(
        std::max<std::int64_t>(0, sources_.nowSeconds() - *figures->oldestCreatedAt));
  }
  oldestDeletionAge_->Set(age);
}

std::string Metrics::render() {
  refreshGauges();
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  appendProcessFamilies(families);
  return prometheus::TextSerializer().Serialize(families);
}

namespace {

class RequestCounter final : public observe::RequestObserver {
 public:
  explicit RequestCounter(Metrics& metrics) : metrics_(metrics) {}
  void observe(const observe::RequestRecord& record) noexcept override {
    metrics_.observeRequest(record, observe::notes().storedBytes);
  }

 private:
  Metrics& metrics_;
};

}  // namespace

std::unique_ptr<observe::RequestObserver> makeRequestObserver(Metrics& metrics) {
  return std::make_unique<RequestCounter>(metrics);
}

}  // namespace userimg::metrics
