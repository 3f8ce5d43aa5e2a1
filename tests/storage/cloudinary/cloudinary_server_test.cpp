// CloudinaryBlobStore on the real CurlHttpClient against the strict
// Cloudinary test server (in-process, 127.0.0.1, ephemeral port): signatures,
// multipart streaming, retries, timeouts and failures end to end.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Array.h>

#include <chrono>

#include "cloudinary_test_server.h"
#include "core/clock.h"
#include "net/curl_http_client.h"
#include "storage/cloudinary/cloudinary_blob_store.h"
#include "storage/cloudinary/test_image.h"

namespace userimg::storage::cloudinary {
namespace {

using cloudinary_server::CloudinaryTestServer;
using core::StatusCode;
using Clock = std::chrono::steady_clock;

constexpr const char* kSecret = "Server-Side-Secret-42";

class CloudinaryServerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CloudinaryServerTest);
  CPPUNIT_TEST(testUploadsDeliversAndDestroys);
  CPPUNIT_TEST(testUploadsWithSha256Signatures);
  CPPUNIT_TEST(testRetriesServerErrorsThenSucceeds);
  CPPUNIT_TEST(testRateLimitingThatPersistsIsUnavailable);
  CPPUNIT_TEST(testTimeoutIsUnavailableWithinTheConfiguredTimeout);
  CPPUNIT_TEST(testDroppedConnectionIsRetried);
  CPPUNIT_TEST(testMalformedJsonIsUnavailable);
  CPPUNIT_TEST(testWrongSecretIsRefusedAsStorageFailed);
  CPPUNIT_TEST(testStaleTimestampIsRefused);
  CPPUNIT_TEST(testProbePingsTheAdminApiWithBasicAuth);
  CPPUNIT_TEST(testProbeFailsWhenThePingFails);
  CPPUNIT_TEST(testListsOldResourcesAcrossPages);
  CPPUNIT_TEST(testTheSecretNeverAppearsInAnyStatusMessage);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    CloudinaryTestServer::Options options;
    options.apiSecret = kSecret;
    server_ = std::make_unique<CloudinaryTestServer>(options);
    server_->start();
    store_ = makeStore(config());
  }

  void tearDown() override {
    store_.reset();
    server_.reset();
  }

  void testUploadsDeliversAndDestroys() {
    TestImage image(64, 48);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    CPPUNIT_ASSERT(stored->key.rfind("profile_images/", 0) == 0);
    CPPUNIT_ASSERT_EQUAL(std::size_t{15 + 36}, stored->key.size());  // folder + UUID
    CPPUNIT_ASSERT_EQUAL(64, stored->width.value());
    CPPUNIT_ASSERT_EQUAL(48, stored->height.value());
    CPPUNIT_ASSERT_EQUAL(image.size(), stored->bytes);
    CPPUNIT_ASSERT(stored->url.rfind(server_->baseUrl() + "/test-cloud/image/upload/v", 0) == 0);

    // Both the returned URL and url(key) deliver the bytes.
    net::CurlHttpClient http;
    for (const std::string& url : {stored->url, store_->url(stored->key),
                                   store_->variantUrl(stored->key, "c_fill,w_10,h_10")}) {
      net::HttpRequest get;
      get.url = url;
      auto fetched = http.send(get);
      CPPUNIT_ASSERT_MESSAGE(url, fetched.ok() && fetched->status == 200);
      CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(image.size()), fetched->body.size());
    }

    CPPUNIT_ASSERT(store_->remove(stored->key).isOk());
    const auto state = server_->state();
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, state->getArray("resources")->size());
    CPPUNIT_ASSERT_EQUAL(stored->key, state->getArray("destroyed")->getElement<std::string>(0));
    CPPUNIT_ASSERT(store_->remove(stored->key).isOk());  // "not found" is removed
  }

  void testUploadsWithSha256Signatures() {
    auto settings = config();
    settings.signatureAlgorithm = "sha256";
    store_ = makeStore(settings);
    TestImage image(5, 7);
    auto stored = store_->put({core::ImageKind::kCover, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    CPPUNIT_ASSERT(stored->key.rfind("cover_images/", 0) == 0);
    CPPUNIT_ASSERT(store_->remove(stored->key).isOk());
  }

  void testRetriesServerErrorsThenSucceeds() {
    server_->failNext("500", 2, "/image/upload");
    TestImage image(8, 8);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    CPPUNIT_ASSERT_EQUAL(3, uploads());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, server_->state()->getArray("resources")->size());
  }

  void testRateLimitingThatPersistsIsUnavailable() {
    server_->failNext("429", 10, "/image/upload");
    TestImage image(8, 8);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(stored.status().message().find("429") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(3, uploads());  // max_attempts
  }

  void testTimeoutIsUnavailableWithinTheConfiguredTimeout() {
    auto settings = config();
    settings.timeoutMs = 1000;
    store_ = makeStore(settings);
    server_->failNext("timeout", 10, "/image/destroy", 5000);
    const auto start = Clock::now();
    const core::Status removed = store_->remove("profile_images/x");
    const auto elapsed = Clock::now() - start;
    CPPUNIT_ASSERT(removed.code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT_MESSAGE(removed.message(), elapsed >= std::chrono::milliseconds(900));
    CPPUNIT_ASSERT_MESSAGE(removed.message(), elapsed < std::chrono::milliseconds(1800));
  }

  void testDroppedConnectionIsRetried() {
    server_->failNext("drop", 1, "/image/upload");
    TestImage image(8, 8);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    CPPUNIT_ASSERT_EQUAL(2, uploads());  // the dropped attempt and its retry

    server_->failNext("drop", 10, "/image/destroy");
    const core::Status removed = store_->remove(stored->key);
    CPPUNIT_ASSERT(removed.code() == StatusCode::kUnavailable);
  }

  void testMalformedJsonIsUnavailable() {
    server_->failNext("malformed", 1, "/image/upload");
    TestImage image(8, 8);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(stored.status().message().find("unreadable") != std::string::npos);
  }

  void testWrongSecretIsRefusedAsStorageFailed() {
    auto settings = config();
    settings.apiSecret = "not-the-secret";
    store_ = makeStore(settings);
    TestImage image(8, 8);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(stored.status().message().find("Invalid Signature") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(1, uploads());  // a 401 is final: no retry
    settings.apiKey = "999";
    store_ = makeStore(settings);
    CPPUNIT_ASSERT(store_->remove("k").code() == StatusCode::kStorageFailed);
  }

  void testProbePingsTheAdminApiWithBasicAuth() {
    CPPUNIT_ASSERT_MESSAGE(store_->probe().toString(), store_->probe().isOk());
    CPPUNIT_ASSERT_EQUAL(2, server_->state()->getObject("counts")->getValue<int>("ping"));
    auto settings = config();
    settings.apiSecret = "not-the-secret";
    store_ = makeStore(settings);
    const core::Status refused = store_->probe();
    CPPUNIT_ASSERT(refused.code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(refused.message().find("Invalid api_secret") != std::string::npos);
    CPPUNIT_ASSERT(refused.message().find("not-the-secret") == std::string::npos);
  }

  void testProbeFailsWhenThePingFails() {
    server_->failNext("500", 3, "/ping");
    const core::Status failed = store_->probe();
    CPPUNIT_ASSERT_MESSAGE(failed.toString(), failed.code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(failed.message().find("ping") != std::string::npos);
    CPPUNIT_ASSERT(store_->probe().isOk());  // the server is well again
  }

  void testStaleTimestampIsRefused() {
    server_->setNow(core::SystemClock().nowSeconds() + 3601);
    TestImage image(8, 8);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(stored.status().message().find("Stale request") != std::string::npos);
  }

  void testListsOldResourcesAcrossPages() {
    const std::int64_t then = core::SystemClock().nowSeconds();
    server_->setNow(then - 100);
    TestImage image(8, 8);
    std::vector<std::string> old;
    for (int i = 0; i < 3; ++i) {
      auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
      CPPUNIT_ASSERT(stored.ok());
      old.push_back(stored->key);
    }
    server_->setNow(then);
    CPPUNIT_ASSERT(store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"}).ok());
    CPPUNIT_ASSERT(store_->put({core::ImageKind::kCover, image.path(), "png", "image/png"}).ok());

    auto listed = store_->listResources("profile_images/", then - 50);
    CPPUNIT_ASSERT_MESSAGE(listed.status().toString(), listed.ok());
    std::vector<std::string> keys;
    for (const auto& resource : listed.value()) keys.push_back(resource.publicId);
    std::sort(old.begin(), old.end());
    CPPUNIT_ASSERT(keys == old);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4},
                         store_->listResources("profile_images/", then + 1)->size());
  }

  void testTheSecretNeverAppearsInAnyStatusMessage() {
    std::vector<core::Status> failures;
    TestImage image(8, 8);
    const PutRequest put{core::ImageKind::kProfile, image.path(), "png", "image/png"};
    for (const char* mode : {"500", "429", "drop", "malformed", "400", "401"}) {
      server_->failNext(mode, 10);
      failures.push_back(store_->put(put).status());
      failures.push_back(store_->remove("profile_images/x"));
      failures.push_back(store_->listResources("p", 0).status());
    }
    server_->failNext("ok", 0);
    auto settings = config();
    settings.apiKey = "unknown-key";
    store_ = makeStore(settings);
    failures.push_back(store_->put(put).status());
    failures.push_back(store_->listResources("p", 0).status());
    for (const auto& failure : failures) {
      CPPUNIT_ASSERT(!failure.isOk());
      CPPUNIT_ASSERT_MESSAGE(failure.toString(),
                             failure.toString().find(kSecret) == std::string::npos);
    }
  }

 private:
  config::CloudinaryConfig config() const {
    config::CloudinaryConfig settings;
    settings.cloudName = "test-cloud";
    settings.apiKey = server_->options().apiKey;
    settings.apiSecret = kSecret;
    settings.uploadPrefix = server_->baseUrl();
    settings.deliveryPrefix = server_->baseUrl();
    settings.connectTimeoutMs = 1000;
    settings.timeoutMs = 5000;
    settings.maxAttempts = 3;
    return settings;
  }

  std::unique_ptr<CloudinaryBlobStore> makeStore(const config::CloudinaryConfig& settings) {
    auto store = makeCloudinaryBlobStore(settings, clock_);
    CPPUNIT_ASSERT_MESSAGE(store.status().toString(), store.ok());
    return std::move(store).value();
  }

  int uploads() const { return server_->state()->getObject("counts")->getValue<int>("upload"); }

  core::SystemClock clock_;
  std::unique_ptr<CloudinaryTestServer> server_;
  std::unique_ptr<CloudinaryBlobStore> store_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CloudinaryServerTest, "cloudinary");

}  // namespace
}  // namespace userimg::storage::cloudinary
