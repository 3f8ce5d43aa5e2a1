#pragma once
// SweeperThread: runs DeletionSweeper::sweepOnce() in a background thread,
// once at start and then every `interval`, until stopped. userimg-fcgi's
// Application owns one, so failed removals are retried without an operator.
//
//   SweeperThread thread(sweeper, clock, std::chrono::seconds(30));
//   ...                       // sweeps run in the background
//   thread.stop();            // or let the destructor do it
//
// stop() wakes the thread at once (a condition variable, not a sleep) and
// joins it after the sweep in progress, if any, finishes; it is idempotent.
// The sweeper and clock are borrowed and must outlive this object. Sweep
// failures are logged by the sweeper and retried at the next interval.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "service/deletion_sweeper.h"

namespace userimg::service {

class SweeperThread {
 public:
  // Starts the thread.
  SweeperThread(DeletionSweeper& sweeper, const core::Clock& clock,
                std::chrono::milliseconds interval);
  // stop()
  ~SweeperThread();
  SweeperThread(const SweeperThread&) = delete;
  SweeperThread& operator=(const SweeperThread&) = delete;

  // Asks the thread to finish and joins it. Thread-safe; later calls return at once.
  void stop();

  // Sweeps completed so far (for tests).
  int sweeps() const;

 private:
  void run();

  DeletionSweeper& sweeper_;
  const core::Clock& clock_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int sweeps_ = 0;
  std::mutex joinMutex_;  // serialises stop()'s join
  std::thread thread_;    // last: started once everything above exists
};

}  // namespace userimg::service
