#include "service/sweeper_thread.h"

#include <exception>
#include <string>

#include "core/log.h"
#include "metrics/events.h"

namespace userimg::service {

SweeperThread::SweeperThread(DeletionSweeper& sweeper, const core::Clock& clock,
                             std::chrono::milliseconds interval)
    : sweeper_(sweeper), clock_(clock), interval_(interval), thread_([this] { run(); }) {}

SweeperThread::~SweeperThread() {
  stop();
}

void SweeperThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  std::lock_guard join(joinMutex_);
  if (thread_.joinable()) thread_.join();
}

int SweeperThread::sweeps() const {
  std::lock_guard lock(mutex_);
  return sweeps_;
}

void SweeperThread::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    // A sweep must never take the server down: anything thrown is logged
    // and the next interval tries again.
    bool failed = true;
    try {
      failed = !sweeper_.sweepOnce(clock_.nowSeconds()).status.isOk();
    } catch (const std::exception& e) {
      core::log::error(std::string("pending deletion sweep failed: ") + e.what());
    } catch (...) {
      core::log::error("pending deletion sweep failed");
    }
    metrics::sweeperRun(failed);
    lock.lock();
    ++sweeps_;
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace userimg::service
