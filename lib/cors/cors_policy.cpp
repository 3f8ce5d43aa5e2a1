#include "cors/cors_policy.h"

#include <string>

namespace userimg::cors {

CorsPolicy::CorsPolicy(const std::vector<std::string>& origins)
    : origins_(origins.begin(), origins.end()) {}

bool CorsPolicy::allows(std::string_view origin) const {
  return !origin.empty() && origins_.find(origin) != origins_.end();
}

std::optional<http::Response> CorsPolicy::preflight(const http::Request& request,
                                                    bool routedPath) const {
  if (request.method != "OPTIONS" || !routedPath) return std::nullopt;
  const std::string origin = request.header("origin");
  if (!allows(origin)) return std::nullopt;
  http::Response response;
  response.status = 204;
  response.setHeader("Access-Control-Allow-Origin", origin);
  response.setHeader("Access-Control-Allow-Methods", kAllowMethods);
  response.setHeader("Access-Control-Allow-Headers", kAllowHeaders);
  response.setHeader("Access-Control-Max-Age", std::to_string(kMaxAgeSeconds));
  response.setHeader("Vary", "Origin");
  return response;
}

void CorsPolicy::decorate(const http::Request& request, http::Response& response) const noexcept {
  if (origins_.empty()) return;
  try {
    const std::string origin = request.header("origin");
    if (!allows(origin)) return;
    response.setHeader("Access-Control-Allow-Origin", origin);
    // Another Vary (none today) keeps its value and gains Origin.
    for (auto& [name, value] : response.headers) {
      if (name == "Vary") {
        if (value.find("Origin") == std::string::npos) value += ", Origin";
        return;
      }
    }
    response.headers.emplace_back("Vary", "Origin");
  } catch (...) {
    // Out of memory: the answer goes out without CORS headers.
  }
}

}  // namespace userimg::cors
