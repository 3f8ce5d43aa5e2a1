#include "health/readiness.h"

#include <exception>

namespace userimg::health {

Readiness::Readiness(std::vector<Check> checks, std::chrono::milliseconds cacheFor, SteadyNow now)
    : checks_(std::move(checks)),
      cacheFor_(cacheFor),
      now_(now ? std::move(now) : SteadyNow([] { return std::chrono::steady_clock::now(); })) {}

ReadinessReport Readiness::evaluate() {
  // One evaluation at a time: the others wait and take its answer, so a
  // burst of probes never runs the checks more than once per cacheFor.
  std::lock_guard lock(mutex_);
  const auto now = now_();
  if (evaluated_ && now - at_ < cacheFor_) return last_;
  ReadinessReport report;
  for (const Check& check : checks_) {
    core::Status status;
    try {
      status = check.run();
    } catch (const std::exception& e) {
      status = core::Status::internal(std::string("the check threw: ") + e.what());
    } catch (...) {
      status = core::Status::internal("the check threw");
    }
    if (!status.isOk()) report.failures.push_back({check.name, status.message()});
  }
  last_ = report;
  at_ = now_();
  evaluated_ = true;
  return report;
}

}  // namespace userimg::health
