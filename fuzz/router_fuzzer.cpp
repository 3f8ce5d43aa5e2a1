// libFuzzer target: how a FastCGI request's CGI variables become an
// http::Request (URI decoding, the mount prefix, query parameters, headers)
// and how the Router answers it, with the application's routes and error
// shapes. The input's last bytes choose the mount prefix, the method and
// which variables are sent; the variables' values are strings of the input
// (each up to a "\\" + any byte separator).
//
// Contracts checked besides "no crash, no leak, no sanitizer report":
// - a request is refused only without a method or a path, or for a
//   malformed escape; an accepted one has a path starting with '/', the
//   decoded REQUEST_URI (before '?') with the mount prefix removed when it
//   is a whole segment, the query after the first '?';
// - header names are lower-case with '-' for '_', Authorization never
//   empty, a Content-Length never negative; queryParam() never throws;
// - dispatch answers 200 only from the handler of routeFor(path), HEAD from
//   GET's, 404 only when routeFor is "unmatched", 405 with an Allow header;
//   each error is one JSON object in the path's shape ({"error"} under
//   /api/, {"detail"} elsewhere); routeFor() is always a registered pattern
//   or "unmatched", never something the client made.

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "http/cgi_request.h"
#include "http/router.h"

namespace {

using userimg::http::ErrorShape;
using userimg::http::Request;
using userimg::http::Response;

const char* const kPrefixes[] = {"", "/~alice", "/app/images"};
// What nginx and Apache pass on: HTTP tokens only.
const char* const kMethods[] = {"GET", "HEAD", "POST", "DELETE", "PUT", "OPTIONS", "PATCH"};
const char* const kVariables[] = {
    "REQUEST_URI",          "SCRIPT_NAME",    "PATH_INFO",          "QUERY_STRING",
    "CONTENT_TYPE",         "CONTENT_LENGTH", "HTTP_AUTHORIZATION", "REDIRECT_HTTP_AUTHORIZATION",
    "HTTP_X_FORWARDED_FOR", "REQUEST_ID",     "UNIQUE_ID"};

// The routes userimg registers (lib/api/, lib/avatars/, lib/health/,
// lib/metrics/); every handler answers 200 with the route it serves.
struct Routes {
  userimg::http::Router router;
  std::string lastRoute;
  std::string lastPath;

  Routes() {
    router.setErrorShape("/api/", ErrorShape::kError);
    router.setErrorShape("/users/", ErrorShape::kDetail);
    add({"GET", "POST", "DELETE"}, "/api/resume/user-images/");
    add({"GET"}, "/api/resume/upload-limits/");
    add({"POST"}, "/api/avatars/lookup/");
    add({"GET"}, "/users/me");
    add({"POST", "DELETE"}, "/users/me/profile-image");
    add({"POST", "DELETE"}, "/users/me/cover-image");
    add({"POST"}, "/users/me/public-key");
    add({"GET"}, "/healthz");
    add({"GET"}, "/readyz");
    add({"GET"}, "/metrics");
    for (const char* prefix : {"/avatars/", "/covers/"}) {
      router.addPrefix("GET", prefix, handler(std::string(prefix) + "*"));
    }
  }

  userimg::http::Handler handler(std::string route) {
    return [this, route](const Request& request) {
      lastRoute = route;
      lastPath = request.path;
      return Response::json(200, "{}");
    };
  }

  // The route's label is its path without a trailing '/' (router.h: the
  // two spellings are one route).
  void add(std::initializer_list<const char*> methods, const std::string& path) {
    const std::string label =
        path.size() > 1 && path.back() == '/' ? path.substr(0, path.size() - 1) : path;
    for (const char* method : methods) router.add(method, path, handler(label));
  }
};

std::string decoded(const std::string& encoded, bool* ok) {
  std::string out;
  try {
    Poco::URI::decode(encoded, out);
    *ok = true;
  } catch (const Poco::Exception&) {
    *ok = false;
  }
  return out;
}

void checkErrorBody(const Response& response, ErrorShape shape) {
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    object = parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    FUZZ_CHECK(false, "an error body is JSON");
  }
  const std::string key = shape == ErrorShape::kError ? "error" : "detail";
  FUZZ_CHECK(object && object->size() == 1 && object->has(key) && object->get(key).isString(),
             "an error body is one field in the path's shape");
}

// The methods of a 405's Allow header.
std::set<std::string> allowOf(const Response& response) {
  const auto header = std::find_if(response.headers.begin(), response.headers.end(),
                                   [](const auto& h) { return h.first == "Allow"; });
  FUZZ_CHECK(header != response.headers.end(), "405 says what is allowed");
  std::set<std::string> methods;
  std::string_view rest = header->second;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(", ");
    methods.emplace(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? "" : rest.substr(comma + 2);
  }
  return methods;
}

void checkAllow(const std::set<std::string>& allowed, const std::string& method) {
  FUZZ_CHECK(!allowed.empty() && allowed.count(method) == 0, "405 for a method not allowed");
  FUZZ_CHECK(allowed.count("GET") == allowed.count("HEAD"), "GET routes serve HEAD");
}

void checkRequest(const Request& request, const std::string& prefix, const std::string& uri) {
  FUZZ_CHECK(!request.path.empty() && request.path.front() == '/', "a path starts with '/'");
  if (!uri.empty()) {
    const std::size_t question = uri.find('?');
    bool ok = false;
    std::string path = decoded(uri.substr(0, question), &ok);
    FUZZ_CHECK(ok, "an accepted REQUEST_URI decodes");
    if (!prefix.empty() && path.compare(0, prefix.size(), prefix) == 0) {
      if (path.size() == prefix.size()) {
        path = "/";
      } else if (path[prefix.size()] == '/') {
        path.erase(0, prefix.size());
      }
    }
    FUZZ_CHECK(request.path == path, "the path is the decoded URI without the mount prefix");
    if (question != std::string::npos) {
      FUZZ_CHECK(request.query == uri.substr(question + 1), "the query follows the first '?'");
    }
  }
  for (const auto& [name, value] : request.headers) {
    FUZZ_CHECK(std::none_of(name.begin(), name.end(),
                            [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }),
               "header names are lower-case with '-'");
  }
  const auto authorization = request.headers.find("authorization");
  FUZZ_CHECK(authorization == request.headers.end() || !authorization->second.empty(),
             "an empty Authorization counts as absent");
  FUZZ_CHECK(!request.contentLength || *request.contentLength >= 0, "Content-Length >= 0");
}

void checkDispatch(Routes& routes, const Request& request) {
  const std::vector<std::string> patterns = routes.router.routePatterns();
  const std::string route = routes.router.routeFor(request.path);
  FUZZ_CHECK(
      route == "unmatched" || std::find(patterns.begin(), patterns.end(), route) != patterns.end(),
      "a route label is a registered pattern");
  routes.lastRoute.clear();
  const Response response = routes.router.dispatch(request);
  const ErrorShape shape = routes.router.errorShapeFor(request.path);
  switch (response.status) {
    case 200:
      FUZZ_CHECK(routes.lastRoute == route, "200 from the handler of the route");
      FUZZ_CHECK(routes.lastPath == request.path, "the handler sees the request");
      break;
    case 404:
      FUZZ_CHECK(route == "unmatched" && routes.lastRoute.empty(), "404 only when unmatched");
      checkErrorBody(response, shape);
      break;
    case 405:
      FUZZ_CHECK(route != "unmatched" && routes.lastRoute.empty(), "405 on a known route");
      checkAllow(allowOf(response), request.method);
      checkErrorBody(response, shape);
      break;
    default:
      FUZZ_CHECK(false, "the router answers 200, 404 or 405");
  }
  const bool api = request.path.compare(0, 5, "/api/") == 0;
  FUZZ_CHECK(api == (shape == ErrorShape::kError), "/api/ errors are {\"error\"}");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Routes routes;
  FuzzedDataProvider in(data, size);
  const std::string prefix = kPrefixes[in.ConsumeIntegralInRange<int>(0, 2)];
  const int methodIndex = in.ConsumeIntegralInRange<int>(0, 7);
  const auto variables = in.ConsumeIntegral<std::uint16_t>();

  std::vector<std::string> entries;
  if (methodIndex < 7) entries.push_back(std::string("REQUEST_METHOD=") + kMethods[methodIndex]);
  std::string uri;
  for (std::size_t i = 0; i < std::size(kVariables); ++i) {
    if ((variables & (1u << i)) == 0) continue;
    std::string value = in.ConsumeRandomLengthString(512);
    value.resize(std::min(value.size(), value.find('\0')));  // a C string, as in envp
    if (i == 0) uri = value;
    entries.push_back(std::string(kVariables[i]) + "=" + value);
  }
  std::vector<const char*> envp;
  for (const std::string& entry : entries) envp.push_back(entry.c_str());
  envp.push_back(nullptr);

  Request request;
  if (!userimg::http::requestFromCgi(envp.data(), {.mountPrefix = prefix}, request)) return 0;
  FUZZ_CHECK(methodIndex < 7, "a request has a method");
  checkRequest(request, prefix, uri);
  for (const char* name : {"type", "s", "w", "d"}) (void)request.queryParam(name);
  (void)request.queryParam(in.ConsumeRandomLengthString(16));
  checkDispatch(routes, request);
  return 0;
}
