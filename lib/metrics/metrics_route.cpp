#include "metrics/metrics_route.h"

namespace userimg::metrics {

void addMetricsRoute(http::Router& router, Metrics& metrics, const std::string& path) {
  router.add("GET", path, [&metrics](const http::Request&) {
    http::Response response;
    response.status = 200;
    response.body = metrics.render();
    response.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace userimg::metrics
