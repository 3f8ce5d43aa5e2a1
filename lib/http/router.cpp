#include "http/router.h"

#include <algorithm>
#include <set>

namespace userimg::http {

void Router::setErrorShape(const std::string& prefix, ErrorShape shape) {
  shapes_.emplace_back(prefix, shape);
}

void Router::add(const std::string& method, const std::string& path, Handler handler) {
  routes_[std::string(normalise(path))][method] = std::move(handler);
}

void Router::addPrefix(const std::string& method, const std::string& prefix, Handler handler) {
  prefixRoutes_[prefix][method] = std::move(handler);
}

const Router::Methods* Router::methodsFor(const std::string& path, std::string* label) const {
  const auto route = routes_.find(normalise(path));
  if (route != routes_.end()) {
    if (label != nullptr) *label = route->first;
    return &route->second;
  }
  // Few prefixes (two): a scan.
  for (const auto& [prefix, methods] : prefixRoutes_) {
    if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0) {
      if (label != nullptr) *label = prefix + "*";
      return &methods;
    }
  }
  return nullptr;
}

std::string_view Router::normalise(std::string_view path) {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

std::string Router::routeFor(const std::string& path) const {
  std::string label = "unmatched";
  methodsFor(path, &label);
  return label;
}

std::vector<std::string> Router::routePatterns() const {
  std::vector<std::string> patterns;
  patterns.reserve(routes_.size());
  for (const auto& [path, unused] : routes_) patterns.push_back(path);
  for (const auto& [prefix, unused] : prefixRoutes_) patterns.push_back(prefix + "*");
  std::sort(patterns.begin(), patterns.end());
  return patterns;
}

ErrorShape Router::errorShapeFor(const std::string& path) const {
  ErrorShape shape = ErrorShape::kDetail;
  std::size_t longest = 0;
  for (const auto& [prefix, candidate] : shapes_) {
    if (path.compare(0, prefix.size(), prefix) == 0 && prefix.size() >= longest) {
      longest = prefix.size();
      shape = candidate;
    }
  }
  return shape;
}

Response Router::dispatch(const Request& request) const {
  const auto* found = methodsFor(request.path, nullptr);
  if (found == nullptr) return errorResponse(errorShapeFor(request.path), 404, "Not found");
  const auto& methods = *found;
  auto handler = methods.find(request.method);
  if (handler == methods.end() && request.method == "HEAD") handler = methods.find("GET");
  if (handler != methods.end()) return handler->second(request);

  std::set<std::string> allowed;
  for (const auto& [method, unused] : methods) allowed.insert(method);
  if (allowed.count("GET")) allowed.insert("HEAD");  // served by the GET handler, above
  std::string allow;
  for (const std::string& method : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  Response response =
      errorResponse(errorShapeFor(request.path), 405, "Method " + request.method + " not allowed");
  response.setHeader("Allow", allow);
  return response;
}

}  // namespace userimg::http
