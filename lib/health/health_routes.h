#pragma once
// The health routes ([health] healthz_path and readyz_path), unauthenticated
// (the web-server confs restrict them to loopback and the networks an
// operator lists):
//
//   GET /healthz  200 {"status": "ok"}: the process answers; no I/O at all.
//   GET /readyz   200 {"status": "ready", "failed": []} or
//                 503 {"status": "not ready", "failed": [{"check": "database",
//                 "message": "..."}, ...]} with Retry-After: 5.
//
// `readiness` is borrowed and must outlive the router.

#include "config/config.h"
#include "health/readiness.h"
#include "http/router.h"

namespace userimg::health {

void addHealthRoutes(http::Router& router, Readiness& readiness,
                     const config::HealthConfig& config);

}  // namespace userimg::health
