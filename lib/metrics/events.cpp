#include "metrics/events.h"

#include <atomic>

#include "metrics/metrics.h"

namespace userimg::metrics {
namespace {

std::atomic<Metrics*> current{nullptr};

Metrics* installed() {
  return current.load(std::memory_order_acquire);
}

}  // namespace

namespace detail {
void setCurrent(Metrics* metrics) {
  current.store(metrics, std::memory_order_release);
}
}  // namespace detail

bool enabled() {
  return installed() != nullptr;
}

void imageStored(core::ImageKind kind) {
  if (Metrics* m = installed()) m->countImage(Metrics::ImageEvent::kStored, kind);
}

void imageReplaced(core::ImageKind kind) {
  if (Metrics* m = installed()) m->countImage(Metrics::ImageEvent::kReplaced, kind);
}

void imageDeleted(core::ImageKind kind) {
  if (Metrics* m = installed()) m->countImage(Metrics::ImageEvent::kDeleted, kind);
}

void pipelineSeconds(std::string_view format, double seconds) {
  if (Metrics* m = installed()) m->observePipeline(format, seconds);
}

void sweeperRun(bool failed) {
  if (Metrics* m = installed()) m->countSweep(failed);
}

void databaseError() {
  if (Metrics* m = installed()) m->countDatabaseError();
}

void cloudinaryCall(std::string_view operation, std::string_view outcome) {
  if (Metrics* m = installed()) m->countCloudinaryCall(operation, outcome);
}

void publicCacheLookup(bool hit) {
  if (Metrics* m = installed()) m->countPublicCacheLookup(hit);
}

void cloudinaryRetry() {
  if (Metrics* m = installed()) m->countCloudinaryRetry();
}

void workerBusy(int delta) {
  if (Metrics* m = installed()) m->addBusyWorkers(delta);
}

void setWorkerThreads(int threads) {
  if (Metrics* m = installed()) m->setWorkerThreads(threads);
}

}  // namespace userimg::metrics
