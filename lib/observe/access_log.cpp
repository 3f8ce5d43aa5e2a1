#include "observe/access_log.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/log.h"

namespace userimg::observe {
namespace {

// Room for any 64-bit integer, and for the duration's "123456.789".
struct Number {
  char text[32];
  std::size_t size = 0;
  std::string_view view() const { return {text, size}; }
};

Number integer(std::int64_t value) {
  Number n;
  n.size =
      static_cast<std::size_t>(std::to_chars(n.text, n.text + sizeof n.text, value).ptr - n.text);
  return n;
}

// Milliseconds with three decimals ("1.250"), from seconds.
Number milliseconds(double seconds) {
  const double micros = std::round(seconds * 1e6);
  const std::int64_t us = micros > 0 && micros < 9e15 ? static_cast<std::int64_t>(micros) : 0;
  Number n;
  char* end = std::to_chars(n.text, n.text + 20, us / 1000).ptr;
  const auto fraction = static_cast<int>(us % 1000);
  *end++ = '.';
  *end++ = static_cast<char>('0' + fraction / 100);
  *end++ = static_cast<char>('0' + fraction / 10 % 10);
  *end++ = static_cast<char>('0' + fraction % 10);
  n.size = static_cast<std::size_t>(end - n.text);
  return n;
}

}  // namespace

AccessLog::AccessLog(AccessLogOptions options) : options_(options) {
  if (options_.flushInterval.count() <= 0) return;
  // The thread first: if it cannot start, nothing is held without it.
  flusher_ = std::thread([this] { flushUntilStopped(); });
  core::log::beginAccessBuffering();
}

AccessLog::~AccessLog() {
  if (!flusher_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  core::log::endAccessBuffering();  // writes what is left
}

void AccessLog::flushUntilStopped() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, options_.flushInterval, [this] { return stopping_; })) {
    core::log::flushAccess();
  }
}

void AccessLog::observe(const RequestRecord& record) noexcept {
  try {
    const Number status = integer(record.status);
    const Number duration = milliseconds(record.seconds);
    const Number bytesIn = integer(record.bytesIn);
    const Number bytesOut = integer(record.bytesOut);
    const core::log::Field requestId{"request_id", record.requestId};
    const core::log::Field method{"method", record.method};
    const core::log::Field route{"route", record.route};
    const core::log::Field statusField{"status", status.view(), true};
    const core::log::Field durationField{"duration_ms", duration.view(), true};
    const core::log::Field in{"bytes_in", bytesIn.view(), true};
    const core::log::Field out{"bytes_out", bytesOut.view(), true};
    const core::log::Field outcome{"outcome", record.outcome};
    if (options_.userIds) {
      core::log::access({requestId,
                         method,
                         route,
                         statusField,
                         durationField,
                         in,
                         out,
                         outcome,
                         {"user_id", record.userId}});
    } else {
      core::log::access({requestId, method, route, statusField, durationField, in, out, outcome});
    }
  } catch (...) {
    // Out of memory formatting the line: the request is answered anyway.
  }
}

}  // namespace userimg::observe
