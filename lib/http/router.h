#pragma once
// Router: exact-path routes with per-method handlers.
//
// dispatch() answers 404 for an unknown path and 405 with an Allow header for
// a known path with another method, in the error shape that the path's
// surface uses (chosen by the longest registered prefix). HEAD is served by
// the GET handler with the body dropped by the caller. Routes are added at
// start-up; dispatch() is then thread-safe (read-only).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/error_mapping.h"
#include "http/request.h"
#include "http/response.h"

namespace userimg::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // Paths starting with `prefix` report errors in `shape`. The default shape
  // (no prefix matches) is kDetail.
  void setErrorShape(const std::string& prefix, ErrorShape shape);

  // Registers `handler` for `method` on `path`. A path ending in '/' also
  // matches without it, and the other way round ("/users/me" == "/users/me/").
  void add(const std::string& method, const std::string& path, Handler handler);

  // Registers `handler` for `method` on every path that starts with
  // `prefix` (which ends in '/', e.g. "/avatars/") and has something after
  // it; exact routes win. Its route label is `prefix` + "*".
  void addPrefix(const std::string& method, const std::string& prefix, Handler handler);

  Response dispatch(const Request& request) const;

  // The registered route `path` falls on ("/users/me" for "/users/me/"),
  // or "unmatched": a label for logs and metrics that no client can grow.
  std::string routeFor(const std::string& path) const;

  // Every registered route pattern, sorted (the label values of the
  // per-route metrics).
  std::vector<std::string> routePatterns() const;

  // The error shape of `path`.
  ErrorShape errorShapeFor(const std::string& path) const;

 private:
  // `path` without one trailing '/' (but "/" itself).
  static std::string_view normalise(std::string_view path);
  using Methods = std::map<std::string, Handler, std::less<>>;
  // The methods of the route `path` falls on, or null.
  const Methods* methodsFor(const std::string& path, std::string* label) const;

  std::map<std::string, Methods, std::less<>> routes_;  // path -> method -> handler
  std::map<std::string, Methods> prefixRoutes_;         // prefix -> ...
  std::vector<std::pair<std::string, ErrorShape>> shapes_;
};

}  // namespace userimg::http
