// Application::handle with [http] cors_origins: the preflight and the CORS
// headers reach every answer (lib/cors/ wired in lib/app/), and the upload
// page's limits route (lib/api/upload_limits_api.h) is mounted.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sstream>
#include <string>

#include "support/temp_application.h"

namespace userimg::app {
namespace {

const std::string kListed = "https://app.example.com";

std::string headerOf(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

class ApplicationCorsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ApplicationCorsTest);
  CPPUNIT_TEST(testPreflightOnARouteFromListedOriginIs204);
  CPPUNIT_TEST(testOptionsFromUnlistedOriginIsThe405OfToday);
  CPPUNIT_TEST(testErrorsCarryTheListedOrigin);
  CPPUNIT_TEST(testLimitsRouteNeedsATokenAndReportsMaxBytes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    app_ = std::make_unique<testing::TempApplication>();
    app_->config().http.corsOrigins = {kListed};
    app_->config().upload.maxBytes = 123456;
    application_ = &app_->start();
  }
  void tearDown() override { app_.reset(); }

  http::Response call(const std::string& method, const std::string& path, const std::string& origin,
                      const std::string& authorization = "") {
    static std::istringstream empty;
    http::Request request;
    request.method = method;
    request.path = path;
    request.body = &empty;
    if (!origin.empty()) request.headers["origin"] = origin;
    if (!authorization.empty()) request.headers["authorization"] = authorization;
    return application_->handle(request);
  }

  void testPreflightOnARouteFromListedOriginIs204() {
    for (const char* path : {"/users/me/profile-image", "/api/resume/user-images/"}) {
      const http::Response r = call("OPTIONS", path, kListed);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 204, r.status);
      CPPUNIT_ASSERT_EQUAL(kListed, headerOf(r, "Access-Control-Allow-Origin"));
      CPPUNIT_ASSERT_EQUAL(std::string("GET, POST, DELETE"),
                           headerOf(r, "Access-Control-Allow-Methods"));
    }
  }

  void testOptionsFromUnlistedOriginIsThe405OfToday() {
    const http::Response r = call("OPTIONS", "/users/me", "https://evil.example");
    CPPUNIT_ASSERT_EQUAL(405, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), headerOf(r, "Access-Control-Allow-Origin"));
  }

  void testErrorsCarryTheListedOrigin() {
    const http::Response unauthenticated = call("GET", "/users/me", kListed);
    CPPUNIT_ASSERT_EQUAL(401, unauthenticated.status);
    CPPUNIT_ASSERT_EQUAL(kListed, headerOf(unauthenticated, "Access-Control-Allow-Origin"));
    CPPUNIT_ASSERT_EQUAL(std::string("Origin"), headerOf(unauthenticated, "Vary"));
    const http::Response unknown = call("OPTIONS", "/nowhere", kListed);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("no preflight for a path the app does not route", 404,
                                 unknown.status);
    CPPUNIT_ASSERT_EQUAL(kListed, headerOf(unknown, "Access-Control-Allow-Origin"));
  }

  void testLimitsRouteNeedsATokenAndReportsMaxBytes() {
    const std::string path = "/api/resume/user-images/limits";
    const http::Response refused = call("GET", path, "");
    CPPUNIT_ASSERT_EQUAL(401, refused.status);
    CPPUNIT_ASSERT(refused.body.find("\"error\"") != std::string::npos);
    const http::Response limits = call("GET", path, "", app_->bearer("limits-user"));
    CPPUNIT_ASSERT_EQUAL(200, limits.status);
    CPPUNIT_ASSERT_MESSAGE(limits.body, limits.body.find("123456") != std::string::npos);
    CPPUNIT_ASSERT(limits.body.find("\"image/jpeg\"") != std::string::npos);
  }

 private:
  std::unique_ptr<testing::TempApplication> app_;
  Application* application_ = nullptr;  // owned by app_
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ApplicationCorsTest, "app");

}  // namespace
}  // namespace userimg::app
