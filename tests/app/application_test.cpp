// Application over a private SQLite database and media tree: the request
// record every observer receives (lib/observe/request_record.h).

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>
#include <vector>

#include "app/application.h"
#include "auth/token_issuer.h"
#include "core/clock.h"
#include "core/temp_dir.h"
#include "db/database.h"
#include "db/migrator.h"

namespace userimg::app {
namespace {

const char kSecret[] = "application-test-secret-of-32-bytes!";

class Recorder : public observe::RequestObserver {
 public:
  explicit Recorder(std::vector<observe::RequestRecord>& out) : out_(out) {}
  void observe(const observe::RequestRecord& record) noexcept override { out_.push_back(record); }

 private:
  std::vector<observe::RequestRecord>& out_;
};

class ApplicationTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ApplicationTest);
  CPPUNIT_TEST(testObserverSeesRoutePatternStatusAndUser);
  CPPUNIT_TEST(testUnknownPathIsRecordedAsUnmatched);
  CPPUNIT_TEST(testBadTokenIsRecordedAsUnauthenticated);
  CPPUNIT_TEST(testBytesInComeFromContentLength);
  CPPUNIT_TEST(testEveryResponseCarriesTheRecordedRequestId);
  CPPUNIT_TEST(testFrontEndIdIsUsedAndClientHeaderIgnored);
  CPPUNIT_TEST(testClientHeaderUsedOnlyWhenTrusted);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(std::filesystem::temp_directory_path(), "app-test-");
    CPPUNIT_ASSERT(dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    config_.auth.secret = kSecret;
    config_.database.driver = "sqlite";
    config_.database.sqlitePath = (dir_->path() / "userimg.db").string();
    config_.storage.root = (dir_->path() / "media").string();
    config_.upload.tempDir = (dir_->path() / "tmp").string();
    config_.deletions.sweepIntervalSeconds = 3600;
    config_.log.access = false;  // the Recorder below sees the records
    {
      auto database = db::Database::open(config_.database);
      CPPUNIT_ASSERT(database.ok());
      CPPUNIT_ASSERT(db::migrate(*database.value()).isOk());
    }
    auto application = Application::create(config_);
    CPPUNIT_ASSERT_MESSAGE(application.status().message(), application.ok());
    application_ = std::move(application.value());
    application_->addObserver(std::make_unique<Recorder>(records_));
  }

  void tearDown() override {
    application_.reset();
    dir_.reset();
    records_.clear();
  }

  void testObserverSeesRoutePatternStatusAndUser() {
    const std::string token = bearer("user-17");
    const http::Response response = get("/users/me/", token);
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, records_.size());
    const observe::RequestRecord& record = records_.front();
    CPPUNIT_ASSERT_EQUAL(std::string("GET"), record.method);
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me"), record.route);
    CPPUNIT_ASSERT_EQUAL(200, record.status);
    CPPUNIT_ASSERT_EQUAL(std::string("user-17"), record.userId);
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), record.outcome);
    CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(response.body.size()), record.bytesOut);
    CPPUNIT_ASSERT(record.seconds > 0);
  }

  void testUnknownPathIsRecordedAsUnmatched() {
    CPPUNIT_ASSERT_EQUAL(404, get("/users/someone-else/42", "").status);
    CPPUNIT_ASSERT_EQUAL(std::string("unmatched"), records_.at(0).route);
    CPPUNIT_ASSERT_EQUAL(std::string("client_error"), records_.at(0).outcome);
  }

  void testBadTokenIsRecordedAsUnauthenticated() {
    CPPUNIT_ASSERT_EQUAL(401, get("/users/me", "Bearer not-a-token").status);
    CPPUNIT_ASSERT_EQUAL(std::string("unauthenticated"), records_.at(0).outcome);
    CPPUNIT_ASSERT_EQUAL(std::string(""), records_.at(0).userId);
    // The notes are per request: a later anonymous request carries no user.
    get("/users/me", bearer("user-18"));
    CPPUNIT_ASSERT_EQUAL(404, get("/nowhere", "").status);
    CPPUNIT_ASSERT_EQUAL(std::string(""), records_.at(2).userId);
    CPPUNIT_ASSERT_EQUAL(std::string("client_error"), records_.at(2).outcome);
  }

  void testEveryResponseCarriesTheRecordedRequestId() {
    const http::Response ok = get("/users/me", bearer("user-20"));
    const http::Response unauthenticated = get("/users/me", "Bearer nope");
    const http::Response missing = get("/nowhere", "");
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, records_.size());
    const http::Response* responses[] = {&ok, &unauthenticated, &missing};
    for (std::size_t i = 0; i < 3; ++i) {
      const std::string id = headerOf(*responses[i], "X-Request-Id");
      CPPUNIT_ASSERT_EQUAL_MESSAGE("a made id: 32 hex digits", std::size_t{32}, id.size());
      CPPUNIT_ASSERT_EQUAL(records_.at(i).requestId, id);
    }
    CPPUNIT_ASSERT(records_.at(0).requestId != records_.at(1).requestId);
  }

  void testFrontEndIdIsUsedAndClientHeaderIgnored() {
    const http::Response response =
        get("/users/me", bearer("user-21"), "nginx-request-id-1", "client-chosen");
    CPPUNIT_ASSERT_EQUAL(std::string("nginx-request-id-1"), headerOf(response, "X-Request-Id"));
    CPPUNIT_ASSERT_EQUAL(std::string("nginx-request-id-1"), records_.at(0).requestId);
    const http::Response made = get("/users/me", bearer("user-21"), "", "client-chosen");
    CPPUNIT_ASSERT(headerOf(made, "X-Request-Id") != "client-chosen");
  }

  void testClientHeaderUsedOnlyWhenTrusted() {
    application_.reset();
    config_.log.trustRequestId = true;
    auto trusting = Application::create(config_);
    CPPUNIT_ASSERT(trusting.ok());
    application_ = std::move(trusting.value());
    const http::Response response =
        get("/users/me", bearer("user-22"), "nginx-request-id-2", "proxy-chosen");
    CPPUNIT_ASSERT_EQUAL(std::string("proxy-chosen"), headerOf(response, "X-Request-Id"));
    const http::Response invalid =
        get("/users/me", bearer("user-22"), "nginx-request-id-3", "bad id\r\nX-Evil: 1");
    CPPUNIT_ASSERT_EQUAL(std::string("nginx-request-id-3"), headerOf(invalid, "X-Request-Id"));
  }

  void testBytesInComeFromContentLength() {
    std::istringstream body("x");
    http::Request request;
    request.method = "DELETE";
    request.path = "/users/me/profile-image";
    request.contentLength = 1;
    request.body = &body;
    request.headers["authorization"] = bearer("user-19");
    CPPUNIT_ASSERT_EQUAL(404, application_->handle(request).status);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, records_.at(0).bytesIn);
    CPPUNIT_ASSERT_EQUAL(std::string("DELETE"), records_.at(0).method);
  }

 private:
  std::string bearer(const std::string& subject) const {
    core::SystemClock clock;
    auth::TokenIssuer issuer(config_.auth, clock);
    auth::TokenClaims claims;
    claims.userId = subject;
    return "Bearer " + issuer.issue(claims);
  }

  http::Response get(const std::string& path, const std::string& authorization,
                     const std::string& frontEndId = "", const std::string& headerId = "") {
    static std::istringstream empty;
    http::Request request;
    request.method = "GET";
    request.path = path;
    request.body = &empty;
    if (!authorization.empty()) request.headers["authorization"] = authorization;
    request.frontEndRequestId = frontEndId;
    if (!headerId.empty()) request.headers["x-request-id"] = headerId;
    return application_->handle(request);
  }

  static std::string headerOf(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
  config::AppConfig config_;
  std::unique_ptr<Application> application_;
  std::vector<observe::RequestRecord> records_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ApplicationTest, "app");

}  // namespace
}  // namespace userimg::app
