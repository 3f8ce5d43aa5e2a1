// CurlHttpClient against a local server (the Cloudinary test server, whose
// control endpoint injects failures): retries, back-off, timeouts, limits.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <fstream>

#include "cloudinary_test_server.h"
#include "net/curl_http_client.h"
#include "net/retry_policy.h"

namespace userimg::net {
namespace {

using cloudinary_server::CloudinaryTestServer;
using core::StatusCode;
using Clock = std::chrono::steady_clock;

class CurlHttpClientTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CurlHttpClientTest);
  CPPUNIT_TEST(testBacksOffExponentially);
  CPPUNIT_TEST(testReturnsErrorStatusesAsResponses);
  CPPUNIT_TEST(testRetriesIdempotentRequestsWithBackoff);
  CPPUNIT_TEST(testNeverRetriesOtherRequests);
  CPPUNIT_TEST(testSendsBasicAuthInAHeaderOnly);
  CPPUNIT_TEST(testTimeoutBoundsTheWholeSend);
  CPPUNIT_TEST(testDroppedConnectionIsUnavailable);
  CPPUNIT_TEST(testRefusedConnectionIsUnavailable);
  CPPUNIT_TEST(testCapsTheResponseSize);
  CPPUNIT_TEST(testRefusesBadUrlsAndMissingFiles);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    server_ = std::make_unique<CloudinaryTestServer>(CloudinaryTestServer::Options{});
    server_->start();
  }
  void tearDown() override { server_.reset(); }

  void testBacksOffExponentially() {
    RetryPolicy policy;
    CPPUNIT_ASSERT_EQUAL(0, policy.backoffBeforeAttemptMs(1));
    CPPUNIT_ASSERT_EQUAL(200, policy.backoffBeforeAttemptMs(2));
    CPPUNIT_ASSERT_EQUAL(400, policy.backoffBeforeAttemptMs(3));
    CPPUNIT_ASSERT_EQUAL(800, policy.backoffBeforeAttemptMs(4));
    CPPUNIT_ASSERT_EQUAL(2000, policy.backoffBeforeAttemptMs(40));
    CPPUNIT_ASSERT(isRetryableStatus(500) && isRetryableStatus(503) && isRetryableStatus(429));
    CPPUNIT_ASSERT(isRetryableStatus(420));
    CPPUNIT_ASSERT(!isRetryableStatus(400) && !isRetryableStatus(401) && !isRetryableStatus(404));
  }

  void testReturnsErrorStatusesAsResponses() {
    CurlHttpClient http;
    auto answer = http.send(get("/nowhere"));
    CPPUNIT_ASSERT(answer.ok());
    CPPUNIT_ASSERT_EQUAL(404, answer->status);
    CPPUNIT_ASSERT(answer->header("content-type").find("application/json") == 0);
    CPPUNIT_ASSERT(answer->body.find("Resource not found") != std::string::npos);
  }

  void testRetriesIdempotentRequestsWithBackoff() {
    CurlHttpClient http;
    server_->failNext("503", 2, "/nowhere");
    HttpRequest request = get("/nowhere");
    request.idempotent = true;
    const auto start = Clock::now();
    auto answer = http.send(request);
    CPPUNIT_ASSERT(answer.ok());
    CPPUNIT_ASSERT_EQUAL(404, answer->status);  // the third attempt reached the router
    CPPUNIT_ASSERT(Clock::now() - start >= std::chrono::milliseconds(600));  // 200 + 400 ms

    server_->failNext("500", 5, "/nowhere");
    answer = http.send(request);
    CPPUNIT_ASSERT(answer.ok());
    CPPUNIT_ASSERT_EQUAL(500, answer->status);  // the last answer after 3 attempts
  }

  void testNeverRetriesOtherRequests() {
    CurlHttpClient http;
    server_->failNext("500", 1, "/nowhere");
    HttpRequest request = get("/nowhere");
    request.method = HttpMethod::kPost;
    request.body = "x=1";
    auto answer = http.send(request);
    CPPUNIT_ASSERT(answer.ok());
    CPPUNIT_ASSERT_EQUAL(500, answer->status);
  }

  void testSendsBasicAuthInAHeaderOnly() {
    CurlHttpClient http;
    HttpRequest request = get("/v1_1/test-cloud/resources/image?prefix=a");
    request.basicAuth = BasicAuth{server_->options().apiKey, server_->options().apiSecret};
    auto answer = http.send(request);
    CPPUNIT_ASSERT(answer.ok());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer->body, 200, answer->status);
    request.basicAuth->password = "wrong";
    CPPUNIT_ASSERT_EQUAL(401, http.send(request)->status);
  }

  void testTimeoutBoundsTheWholeSend() {
    CurlHttpClientOptions options;
    options.timeoutMs = 800;
    CurlHttpClient http(options);
    server_->failNext("timeout", 10, "/slow", 5000);
    HttpRequest request = get("/slow");
    request.idempotent = true;
    const auto start = Clock::now();
    auto answer = http.send(request);
    const auto elapsed = Clock::now() - start;
    CPPUNIT_ASSERT(answer.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(elapsed < std::chrono::milliseconds(1500));
    // A per-request timeout overrides the client's.
    request.timeoutMs = 300;
    const auto again = Clock::now();
    CPPUNIT_ASSERT(!http.send(request).ok());
    CPPUNIT_ASSERT(Clock::now() - again < std::chrono::milliseconds(700));
  }

  void testDroppedConnectionIsUnavailable() {
    CurlHttpClient http;
    server_->failNext("drop", 10, "/gone");
    auto answer = http.send(get("/gone"));
    CPPUNIT_ASSERT(answer.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(answer.status().message().find("GET http://127.0.0.1") == 0);
  }

  void testRefusedConnectionIsUnavailable() {
    const std::string url = server_->baseUrl() + "/x";
    server_.reset();  // nothing listens there any more
    CurlHttpClient http;
    HttpRequest request;
    request.url = url;
    request.idempotent = true;
    auto answer = http.send(request);
    CPPUNIT_ASSERT(answer.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(answer.status().message().find("after 3 attempts") != std::string::npos);
  }

  void testCapsTheResponseSize() {
    CurlHttpClientOptions options;
    options.maxResponseBytes = 10;
    CurlHttpClient http(options);
    auto answer = http.send(get("/__state"));
    CPPUNIT_ASSERT(answer.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(answer.status().message().find("larger than 10 bytes") != std::string::npos);
  }

  void testRefusesBadUrlsAndMissingFiles() {
    CurlHttpClient http;
    HttpRequest request;
    request.url = "file:///etc/passwd";
    CPPUNIT_ASSERT(http.send(request).status().code() == StatusCode::kInvalidArgument);
    request = get("/x");
    request.method = HttpMethod::kPost;
    request.form = MultipartForm{{}, MultipartForm::FilePart{"file", "/nonexistent", "a", ""}};
    CPPUNIT_ASSERT(http.send(request).status().code() == StatusCode::kInvalidArgument);
  }

 private:
  HttpRequest get(const std::string& path) const {
    HttpRequest request;
    request.url = server_->baseUrl() + path;
    return request;
  }

  std::unique_ptr<CloudinaryTestServer> server_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CurlHttpClientTest, "net");

}  // namespace
}  // namespace userimg::net
