#pragma once
// FixedClock: a core::Clock whose time only moves when a test says so.
// Thread-safe (the time is atomic).

#include <atomic>
#include <cstdint>

#include "core/clock.h"

namespace userimg::fakes {

class FixedClock final : public core::Clock {
 public:
  explicit FixedClock(std::int64_t now = 1'700'000'000) : now_(now) {}

  std::int64_t nowSeconds() const override { return now_.load(); }

  void set(std::int64_t now) { now_.store(now); }
  void advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace userimg::fakes
