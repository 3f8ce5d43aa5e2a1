#include "core/turn_gate.h"

#include <algorithm>

#include "core/failpoint.h"

namespace userimg::core {

TurnGate::TurnGate(int turns, int queue) : turns_(std::max(turns, 1)), queue_(std::max(queue, 0)) {}

Result<TurnGate::Turn> TurnGate::enter() {
  std::unique_lock lock(mutex_);
  if (held_ >= turns_) {
    if (waiting_ >= queue_) {
      return Status::unavailable("every image turn is taken and the queue is full");
    }
    ++waiting_;
    USERIMG_FAILPOINT("image.queued");  // the fault tests: this caller counts as waiting
    freed_.wait(lock, [this] { return held_ < turns_; });
    --waiting_;
  }
  ++held_;
  return Turn(*this);
}

int TurnGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

void TurnGate::release() {
  {
    std::lock_guard lock(mutex_);
    --held_;
  }
  freed_.notify_one();
}

}  // namespace userimg::core
