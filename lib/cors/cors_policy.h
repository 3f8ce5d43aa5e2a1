#pragma once
// CorsPolicy: the app's answer to browsers on other origins ([http]
// cors_origins). The app is the one place CORS is decided: the web servers
// pass every API request through, preflights included, and only their own
// error pages (lib/cors/web_server_conf.h) carry a generated copy of the
// list.
//
// For a request whose Origin header is exactly one of the listed origins:
//   - a preflight (OPTIONS) on a path the app routes is answered 204 with
//     Access-Control-Allow-Origin (that origin, never "*"),
//     Access-Control-Allow-Methods, Access-Control-Allow-Headers,
//     Access-Control-Max-Age and Vary: Origin;
//   - every other answer, errors included, gets Access-Control-Allow-Origin
//     and Vary: Origin.
// Any other request (no Origin, an origin not listed, CORS off) is left
// exactly as it is: an OPTIONS is the router's 405, as without CORS.
//
// Built once at start-up; every method is const and thread-safe.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace userimg::cors {

// What a preflight answers.
inline constexpr const char* kAllowMethods = "GET, POST, DELETE";
inline constexpr const char* kAllowHeaders = "Authorization, Content-Type";
// How long a browser may reuse a preflight's answer, in seconds.
inline constexpr int kMaxAgeSeconds = 600;

class CorsPolicy {
 public:
  // No origin: CORS off.
  CorsPolicy() = default;
  // `origins` as config::HttpConfig::corsOrigins (already checked).
  explicit CorsPolicy(const std::vector<std::string>& origins);

  // Whether `origin` is exactly one of the listed origins.
  bool allows(std::string_view origin) const;

  // The 204 answer to `request` when it is a preflight from a listed origin
  // on a path the app routes (`routedPath`); nullopt otherwise, and the
  // request is dispatched as usual.
  std::optional<http::Response> preflight(const http::Request& request, bool routedPath) const;

  // Adds Access-Control-Allow-Origin and Vary: Origin to `response` when the
  // request's origin is listed; leaves it untouched otherwise (and when out
  // of memory).
  void decorate(const http::Request& request, http::Response& response) const noexcept;

 private:
  std::set<std::string, std::less<>> origins_;
};

}  // namespace userimg::cors
