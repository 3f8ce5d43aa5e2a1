#pragma once
// TurnGate: at most `turns` holders at once, at most `queue` more waiting
// for a turn; one beyond that is refused at once instead of waiting without
// limit. The image processor takes one per decode (lib/image/
// vips_image_processor.h): a refused upload answers 503 with Retry-After,
// and the client tries again later rather than holding a worker thread and
// a spooled body. (In core, with no libvips in it, so that its suite runs
// under ThreadSanitizer.)
//
//   TurnGate gate(4, 16);
//   auto turn = gate.enter();        // waits while 4 hold a turn
//   if (!turn) return turn.status(); // kUnavailable: 16 were waiting already
//   ...                              // the turn is released with `turn`
//
// Thread-safe. The gate must outlive every Turn it hands out.

#include <condition_variable>
#include <memory>
#include <mutex>

#include "core/result.h"

namespace userimg::core {

class TurnGate {
 public:
  // A held turn; released when destroyed.
  class Turn {
   public:
    explicit Turn(TurnGate& gate) : gate_(&gate) {}
    Turn(Turn&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    Turn& operator=(Turn&&) = delete;
    ~Turn() {
      if (gate_ != nullptr) gate_->release();
    }

   private:
    TurnGate* gate_;
  };

  // turns >= 1; queue >= 0 (0: never wait, refuse when every turn is held).
  TurnGate(int turns, int queue);

  // A turn, after waiting while every turn is held; kUnavailable at once
  // when `queue` callers are waiting already.
  Result<Turn> enter();

  // How many callers wait for a turn now (for tests and metrics).
  int waiting() const;

 private:
  void release();

  const int turns_;
  const int queue_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int held_ = 0;     // guarded by mutex_
  int waiting_ = 0;  // guarded by mutex_
};

}  // namespace userimg::core
