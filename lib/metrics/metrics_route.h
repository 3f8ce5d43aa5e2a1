#pragma once
// The GET route of the Prometheus scrape ([metrics] path, "/metrics"):
// metrics.render() as text/plain; version=0.0.4. No authentication: the
// web-server confs restrict the path to loopback and the networks an
// operator lists (README "Monitoring").

#include <string>

#include "http/router.h"
#include "metrics/metrics.h"

namespace userimg::metrics {

// Registers GET `path` on `router`; `metrics` is borrowed and must outlive it.
void addMetricsRoute(http::Router& router, Metrics& metrics, const std::string& path);

}  // namespace userimg::metrics
