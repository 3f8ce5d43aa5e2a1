#pragma once
// RequestRecord: what one finished request was, as the access log and the
// metrics see it. Built by app::Application::handle() after the handler has
// answered and handed to every RequestObserver it has, on the worker thread
// that served the request.
//
// RequestObserver: the seam those consumers implement. observe() is called
// concurrently from every worker thread, so implementations are
// thread-safe; it must not throw and should be cheap (it runs on the
// request's own thread, before the response is written).

#include <cstdint>
#include <string>

namespace userimg::observe {

struct RequestRecord {
  std::string method;  // "GET", "POST", ...
  // The route pattern the router matched ("/users/me/profile-image"), never
  // the raw path: "unmatched" for a path no route has.
  std::string route;
  int status = 0;
  double seconds = 0;         // from the handler's start to its answer
  std::int64_t bytesIn = 0;   // the request's Content-Length (0 when none)
  std::int64_t bytesOut = 0;  // the response body's size
  // The request id (from the front end or made here); "" when none.
  std::string requestId;
  // The authenticated caller's token subject ("sub"), when the handler got
  // that far; "" otherwise.
  std::string userId;
  // "ok", or why the request was refused or failed (request_notes.h).
  std::string outcome;
};

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void observe(const RequestRecord& record) noexcept = 0;
};

}  // namespace userimg::observe
