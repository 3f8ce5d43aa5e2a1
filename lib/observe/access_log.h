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
// Thread-safe (core::log writes each line with one write(2)); never throws.

#include "observe/request_record.h"

namespace userimg::observe {

struct AccessLogOptions {
  // Add the user_id field. Default off.
  bool userIds = false;
};

class AccessLog : public RequestObserver {
 public:
  explicit AccessLog(AccessLogOptions options) : options_(options) {}
  void observe(const RequestRecord& record) noexcept override;

 private:
  AccessLogOptions options_;
};

}  // namespace userimg::observe
