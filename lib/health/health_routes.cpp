#include "health/health_routes.h"

#include "http/json_writer.h"

namespace userimg::health {

void addHealthRoutes(http::Router& router, Readiness& readiness,
                     const config::HealthConfig& config) {
  router.add("GET", config.healthzPath,
             [](const http::Request&) { return http::Response::json(200, R"({"status": "ok"})"); });
  router.add("GET", config.readyzPath, [&readiness](const http::Request&) {
    const ReadinessReport report = readiness.evaluate();
    http::JsonWriter json;
    json.beginObject().field("status", report.ready() ? "ready" : "not ready").key("failed");
    json.beginArray();
    for (const Failure& failure : report.failures) {
      json.beginObject().field("check", failure.check).field("message", failure.message);
      json.endObject();
    }
    json.endArray().endObject();
    http::Response response =
        http::Response::json(report.ready() ? 200 : 503, std::move(json).take());
    if (!report.ready()) response.setHeader("Retry-After", "5");
    return response;
  });
}

}  // namespace userimg::health
