// metrics::Metrics: counts after known requests through a whole
// Application, the events of metrics/events.h, the scrape-time gauges and
// their cache, and that the output parses as the text format.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include "metrics/events.h"
#include "metrics/exposition.h"
#include "metrics/metrics.h"
#include "support/temp_application.h"

namespace userimg::metrics {
namespace {

using testing::Exposition;
using testing::parseExposition;

Exposition parsed(const std::string& text) {
  Exposition exposition = parseExposition(text);
  CPPUNIT_ASSERT_MESSAGE(exposition.error, exposition.error.empty());
  return exposition;
}

double sample(const Exposition& exposition, const std::string& key) {
  const auto found = exposition.samples.find(key);
  CPPUNIT_ASSERT_MESSAGE("no sample " + key, found != exposition.samples.end());
  return found->second;
}

observe::RequestRecord record(const char* route, int status, const char* outcome = "") {
  observe::RequestRecord r;
  r.method = "POST";
  r.route = route;
  r.status = status;
  r.seconds = 0.01;
  r.outcome = outcome;
  return r;
}

class MetricsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MetricsTest);
  CPPUNIT_TEST(testCountsKnownRequestsByRouteAndStatusClass);
  CPPUNIT_TEST(testMetricsOffServesNothingAndCountsNothing);
  CPPUNIT_TEST(testRefusalsAreCountedByReasonFromTheRecord);
  CPPUNIT_TEST(testEventsReachOnlyTheInstalledMetrics);
  CPPUNIT_TEST(testLabelsOutsideTheFixedSetsNeverMakeSeries);
  CPPUNIT_TEST(testQueueGaugesAreReadAtScrapeTimeAndCached);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCountsKnownRequestsByRouteAndStatusClass() {
    testing::TempApplication app;
    app.start();
    CPPUNIT_ASSERT(enabled());
    const std::string token = app.bearer("user-1");
    for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT_EQUAL(200, app.get("/users/me", token).status);
    for (int i = 0; i < 2; ++i) CPPUNIT_ASSERT_EQUAL(401, app.get("/users/me/").status);
    CPPUNIT_ASSERT_EQUAL(404, app.get("/no/such/path").status);
    CPPUNIT_ASSERT_EQUAL(200, app.get("/healthz").status);

    const http::Response scrape = app.get("/metrics");
    CPPUNIT_ASSERT_EQUAL(200, scrape.status);
    bool textFormat = false;
    for (const auto& [name, value] : scrape.headers) {
      textFormat |= name == "Content-Type" && value.find("version=0.0.4") != std::string::npos;
    }
    CPPUNIT_ASSERT(textFormat);
    const Exposition e = parsed(scrape.body);
    const std::string me = R"(route="/users/me")";
    CPPUNIT_ASSERT_EQUAL(
        3.0, sample(e, "userimg_http_requests_total{" + me + R"(,status_class="2xx"})"));
    CPPUNIT_ASSERT_EQUAL(
        2.0, sample(e, "userimg_http_requests_total{" + me + R"(,status_class="4xx"})"));
    CPPUNIT_ASSERT_EQUAL(
        0.0, sample(e, "userimg_http_requests_total{" + me + R"(,status_class="5xx"})"));
    CPPUNIT_ASSERT_EQUAL(
        1.0, sample(e, R"(userimg_http_requests_total{route="unmatched",status_class="4xx"})"));
    CPPUNIT_ASSERT_EQUAL(
        1.0, sample(e, R"(userimg_http_requests_total{route="/healthz",status_class="2xx"})"));
    CPPUNIT_ASSERT_EQUAL(5.0, sample(e, "userimg_http_request_duration_seconds_count{" + me + "}"));
    CPPUNIT_ASSERT(sample(e, "userimg_http_response_bytes_total{" + me + "}") > 0);
    CPPUNIT_ASSERT_EQUAL(std::string("histogram"),
                         e.types.at("userimg_http_request_duration_seconds"));
    CPPUNIT_ASSERT_EQUAL(0.0, sample(e, "userimg_pending_deletions"));
    CPPUNIT_ASSERT(sample(e, "userimg_database_pool_max") >= 1);
    CPPUNIT_ASSERT(sample(e, "process_resident_memory_bytes") > 0);
    CPPUNIT_ASSERT_EQUAL(std::string("counter"), e.types.at("process_cpu_seconds_total"));
    // The scrape itself is counted once it is answered.
    const Exposition again = parsed(app.get("/metrics").body);
    CPPUNIT_ASSERT_EQUAL(
        1.0, sample(again, R"(userimg_http_requests_total{route="/metrics",status_class="2xx"})"));
  }

  void testMetricsOffServesNothingAndCountsNothing() {
    testing::TempApplication app;
    app.config().metrics.enabled = false;
    app.start();
    CPPUNIT_ASSERT(!enabled());
    CPPUNIT_ASSERT_EQUAL(404, app.get("/metrics").status);
    CPPUNIT_ASSERT_EQUAL(200, app.get("/healthz").status);  // health stays
  }

  void testRefusalsAreCountedByReasonFromTheRecord() {
    Metrics metrics({"/users/me/profile-image"}, {});
    for (const char* reason :
         {"bad_type", "bomb", "bomb", "corrupt", "too_large", "unauthenticated", "rate_limited"}) {
      metrics.observeRequest(
          record("/users/me/profile-image", reason[0] == 't' ? 413 : 400, reason), 0);
    }
    metrics.observeRequest(record("/users/me/profile-image", 200), 5000);
    const Exposition e = parsed(metrics.render());
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_upload_refusals_total{reason="bad_type"})"));
    CPPUNIT_ASSERT_EQUAL(2.0, sample(e, R"(userimg_upload_refusals_total{reason="bomb"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_upload_refusals_total{reason="corrupt"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_upload_refusals_total{reason="too_large"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_upload_refusals_total{reason="rate_limited"})"));
    CPPUNIT_ASSERT_EQUAL(5000.0, sample(e, "userimg_stored_bytes_total"));
    CPPUNIT_ASSERT_EQUAL(
        7.0,
        sample(
            e,
            R"(userimg_http_requests_total{route="/users/me/profile-image",status_class="4xx"})"));
  }

  void testEventsReachOnlyTheInstalledMetrics() {
    Metrics metrics({}, {});
    imageStored(core::ImageKind::kProfile);  // nothing installed: lost
    metrics.install();
    CPPUNIT_ASSERT(enabled());
    imageStored(core::ImageKind::kProfile);
    imageStored(core::ImageKind::kCover);
    imageReplaced(core::ImageKind::kCover);
    imageDeleted(core::ImageKind::kProfile);
    pipelineSeconds("png", 0.2);
    sweeperRun(false);
    sweeperRun(true);
    databaseError();
    cloudinaryCall("upload", "ok");
    cloudinaryCall("list", "unavailable");
    cloudinaryRetry();
    publicCacheLookup(true);
    publicCacheLookup(true);
    publicCacheLookup(false);
    workerBusy(1);
    workerBusy(1);
    workerBusy(-1);
    setWorkerThreads(8);
    const Exposition e = parsed(metrics.render());
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_images_stored_total{kind="profile"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_images_stored_total{kind="cover"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_images_replaced_total{kind="cover"})"));
    CPPUNIT_ASSERT_EQUAL(0.0, sample(e, R"(userimg_images_replaced_total{kind="profile"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_images_deleted_total{kind="profile"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_image_pipeline_seconds_count{format="png"})"));
    CPPUNIT_ASSERT_EQUAL(2.0, sample(e, "userimg_sweeper_runs_total"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, "userimg_sweeper_failures_total"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, "userimg_database_errors_total"));
    CPPUNIT_ASSERT_EQUAL(
        1.0, sample(e, R"(userimg_cloudinary_calls_total{operation="upload",outcome="ok"})"));
    CPPUNIT_ASSERT_EQUAL(
        1.0,
        sample(e, R"(userimg_cloudinary_calls_total{operation="list",outcome="unavailable"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, "userimg_cloudinary_retries_total"));
    CPPUNIT_ASSERT_EQUAL(2.0, sample(e, R"(userimg_public_cache_lookups_total{result="hit"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_public_cache_lookups_total{result="miss"})"));
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, "userimg_worker_threads_busy"));
    CPPUNIT_ASSERT_EQUAL(8.0, sample(e, "userimg_worker_threads"));
  }

  void testLabelsOutsideTheFixedSetsNeverMakeSeries() {
    Metrics metrics({"/users/me"}, {});
    metrics.install();
    pipelineSeconds("tiff", 0.1);
    cloudinaryCall("../etc/passwd", "ok");
    metrics.observeRequest(record("/client/chosen/path", 404), 0);
    const Exposition e = parsed(metrics.render());
    CPPUNIT_ASSERT_EQUAL(1.0, sample(e, R"(userimg_image_pipeline_seconds_count{format="other"})"));
    CPPUNIT_ASSERT_EQUAL(
        1.0, sample(e, R"(userimg_http_requests_total{route="unmatched",status_class="4xx"})"));
    for (const auto& [key, value] : e.samples) {
      CPPUNIT_ASSERT_MESSAGE(key, key.find("tiff") == std::string::npos &&
                                      key.find("passwd") == std::string::npos &&
                                      key.find("/client/") == std::string::npos);
    }
  }

  void testQueueGaugesAreReadAtScrapeTimeAndCached() {
    int reads = 0;
    MetricsSources sources;
    sources.deletionQueue = [&reads]() -> core::Result<db::DeletionQueueStats> {
      ++reads;
      return db::DeletionQueueStats{3, 1'700'000'000 - 250};
    };
    sources.nowSeconds = [] { return std::int64_t{1'700'000'000}; };
    sources.poolInUse = [] { return 2; };
    sources.poolMax = 16;
    sources.cacheFor = std::chrono::hours(1);
    Metrics metrics({}, sources);
    const Exposition e = parsed(metrics.render());
    CPPUNIT_ASSERT_EQUAL(3.0, sample(e, "userimg_pending_deletions"));
    CPPUNIT_ASSERT_EQUAL(250.0, sample(e, "userimg_pending_deletion_oldest_age_seconds"));
    CPPUNIT_ASSERT_EQUAL(2.0, sample(e, "userimg_database_pool_in_use"));
    CPPUNIT_ASSERT_EQUAL(16.0, sample(e, "userimg_database_pool_max"));
    metrics.render();
    CPPUNIT_ASSERT_EQUAL(1, reads);  // cached
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MetricsTest, "metrics");

}  // namespace
}  // namespace userimg::metrics
