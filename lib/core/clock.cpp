#include "core/clock.h"

#include <chrono>

namespace userimg::core {

std::int64_t SystemClock::nowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace userimg::core
