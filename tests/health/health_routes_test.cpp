// The health routes through a whole Application: /healthz answers without
// I/O, /readyz lists what failed (503) and follows the configured paths.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>

#include "support/temp_application.h"

namespace userimg::health {
namespace {

class HealthRoutesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HealthRoutesTest);
  CPPUNIT_TEST(testHealthzIsOkWithoutAuthentication);
  CPPUNIT_TEST(testReadyzIsReadyOnAHealthyApplication);
  CPPUNIT_TEST(testReadyzIs503WithTheFailedCheckWhenStorageIsNotWritable);
  CPPUNIT_TEST(testPathsFollowTheConfiguration);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testHealthzIsOkWithoutAuthentication() {
    testing::TempApplication app;
    app.start();
    const http::Response response = app.get("/healthz");
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"status": "ok"})"), response.body);
    // Even with the media tree gone, alive is alive (no I/O).
    std::filesystem::remove_all(app.dir() / "media");
    CPPUNIT_ASSERT_EQUAL(200, app.get("/healthz").status);
  }

  void testReadyzIsReadyOnAHealthyApplication() {
    testing::TempApplication app;
    app.start();
    const http::Response response = app.get("/readyz");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"status":"ready","failed":[]})"), response.body);
  }

  void testReadyzIs503WithTheFailedCheckWhenStorageIsNotWritable() {
    testing::TempApplication app;
    app.config().health.cacheMs = 0;
    app.start();
    std::filesystem::remove_all(app.dir() / "media");
    std::ofstream(app.dir() / "media") << "a file, not the media tree";
    const http::Response response = app.get("/readyz");
    CPPUNIT_ASSERT_EQUAL(503, response.status);
    CPPUNIT_ASSERT_MESSAGE(
        response.body,
        response.body.find(R"({"status":"not ready","failed":[{"check":"storage")") == 0);
    bool retryAfter = false;
    for (const auto& [name, value] : response.headers) retryAfter |= name == "Retry-After";
    CPPUNIT_ASSERT(retryAfter);
    std::filesystem::remove(app.dir() / "media");
    std::filesystem::create_directory(app.dir() / "media");
    CPPUNIT_ASSERT_EQUAL(200, app.get("/readyz").status);
  }

  void testPathsFollowTheConfiguration() {
    testing::TempApplication app;
    app.config().health.healthzPath = "/live";
    app.config().health.readyzPath = "/ready";
    app.start();
    CPPUNIT_ASSERT_EQUAL(200, app.get("/live").status);
    CPPUNIT_ASSERT_EQUAL(200, app.get("/ready").status);
    CPPUNIT_ASSERT_EQUAL(404, app.get("/healthz").status);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HealthRoutesTest, "health");

}  // namespace
}  // namespace userimg::health
