#pragma once
// Clock: the seam for "now", so tests can fix time (token expiry, grace periods).
// Implementations are thread-safe.

#include <cstdint>

namespace userimg::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual std::int64_t nowSeconds() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
 public:
  std::int64_t nowSeconds() const override;
};

}  // namespace userimg::core
