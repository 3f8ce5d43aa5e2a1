#pragma once
// AccessLog: the RequestObserver that writes one access line per request
// through core::log (stderr or [log] file, text or JSON: core/log_line.h).
// Fields, in this order:
//
//   request_id  the request's id (observe/request_id.h)
//   method      "GET", "POST", ...
//   route       the route pattern ("/users/me/profile-image"), "unmatched"
//               for a path no route has: never the raw path
//   status      the HTTP status the app answered
//   duration_ms the handler's time, milliseconds with 3 decimals
//   bytes_in    the request's Content-Length (0 when none)
//   bytes_out   the response body's size
//   outcome     "ok", "client_error", "server_error" or why the request was
//               refused ("unauthenticated", "too_large", ...)
//   user_id     the token's subject ("" when none); only with
//               [log] user_ids = true (a user id is personal data)
//
// Text:  2026-12-01T20:54:58.123Z ACCESS request_id=4f1c... method=GET
//        route=/users/me status=200 duration_ms=1.234 bytes_in=0 bytes_out=118 outcome=ok
// JSON:  {"time":"...","level":"access","request_id":"4f1c...","method":"GET",...}
//
// With a flush interval ([log] access_flush_ms) the lines are buffered
// (core::log::beginAccessBuffering: up to 4 KiB, one write(2) per batch instead
// of one per request) and written at least that often by a thread of the
// AccessLog's own, and when it is destroyed (the process's orderly exit).
// A process killed outright loses at most the last interval's lines.
//
// Thread-safe; observe() never throws.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "observe/request_record.h"

namespace userimg::observe {

struct AccessLogOptions {
  // Add the user_id field. Default off.
  bool userIds = false;
  // Buffer the lines and write them at least this often; 0: write each
  // line at once.
  std::chrono::milliseconds flushInterval{0};
};

class AccessLog : public RequestObserver {
 public:
  explicit AccessLog(AccessLogOptions options);
  ~AccessLog() override;
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void observe(const RequestRecord& record) noexcept override;

 private:
  void flushUntilStopped();

  AccessLogOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread flusher_;    // only with a flush interval
};

}  // namespace userimg::observe
