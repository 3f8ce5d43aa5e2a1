// CloudinaryBlobStore against a scripted HttpClient: what it sends and how it
// reads Cloudinary's answers, without a network.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <map>

#include "fakes/fake_http_client.h"
#include "fakes/fixed_clock.h"
#include "storage/cloudinary/cloudinary_blob_store.h"
#include "storage/cloudinary/test_image.h"

namespace userimg::storage::cloudinary {
namespace {

using core::StatusCode;

constexpr const char* kSecret = "Sup3r-Secret-Value";

config::CloudinaryConfig testConfig() {
  config::CloudinaryConfig config;
  config.cloudName = "demo";
  config.apiKey = "1234";
  config.apiSecret = kSecret;
  return config;
}

std::map<std::string, std::string> toMap(const std::vector<net::NameValue>& pairs) {
  return {pairs.begin(), pairs.end()};
}

// The fields of an x-www-form-urlencoded body (the store only escapes with %XX).
std::map<std::string, std::string> parseForm(const std::string& body) {
  const auto decode = [](const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size()) {
        out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  };
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  while (start < body.size()) {
    const auto end = std::min(body.find('&', start), body.size());
    const std::string pair = body.substr(start, end - start);
    const auto eq = pair.find('=');
    fields[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
    start = end + 1;
  }
  return fields;
}

bool mentionsSecret(const net::HttpRequest& request) {
  const auto has = [](const std::string& text) { return text.find(kSecret) != std::string::npos; };
  if (has(request.url) || has(request.body) || request.basicAuth) return true;
  for (const auto& [name, value] : request.headers) {
    if (has(name) || has(value)) return true;
  }
  if (request.form) {
    for (const auto& [name, value] : request.form->fields) {
      if (has(name) || has(value)) return true;
    }
  }
  return false;
}

const char* kUploadAnswer = R"({"public_id": "profile_images/fixed-id", "version": 1700000001,
  "width": 64, "height": 32, "format": "png", "bytes": 237, "resource_type": "image",
  "secure_url": "https://res.cloudinary.com/demo/image/upload/v1700000001/profile_images/fixed-id.png"})";

class CloudinaryBlobStoreTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CloudinaryBlobStoreTest);
  CPPUNIT_TEST(testPutSendsASignedMultipartUpload);
  CPPUNIT_TEST(testVariantsAreDeliveryTransformationsNotStoredObjects);
  CPPUNIT_TEST(testPutUsesTheCoverFolderForCovers);
  CPPUNIT_TEST(testPutSignsWithSha256WhenConfigured);
  CPPUNIT_TEST(testPutRefusedByCloudinaryIsStorageFailedWithItsMessage);
  CPPUNIT_TEST(testPutServerErrorsAndRateLimitsAreUnavailable);
  CPPUNIT_TEST(testPutTransportFailureIsUnavailable);
  CPPUNIT_TEST(testPutUnreadableAnswerIsUnavailable);
  CPPUNIT_TEST(testPutOfAMissingFileSendsNothing);
  CPPUNIT_TEST(testRemoveSendsASignedDestroy);
  CPPUNIT_TEST(testRemoveOfAMissingAssetSucceeds);
  CPPUNIT_TEST(testRemoveWithAnUnexpectedResultFails);
  CPPUNIT_TEST(testRemoveRefusedIsStorageFailed);
  CPPUNIT_TEST(testTheSecretIsNeverSentByPutOrRemove);
  CPPUNIT_TEST(testTheSecretNeverAppearsInAStatusMessage);
  CPPUNIT_TEST(testBuildsDeliveryAndVariantUrls);
  CPPUNIT_TEST(testListResourcesFollowsTheCursorAndKeepsOnlyOldAssets);
  CPPUNIT_TEST(testValidatesTheConfiguration);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { makeStore(testConfig()); }

  void testPutSendsASignedMultipartUpload() {
    http_->respond(200, kUploadAnswer);
    TestImage image(64, 32);
    auto stored = store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images/fixed-id"), stored->key);
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://res.cloudinary.com/demo/image/upload/v1700000001/profile_images/"
                    "fixed-id.png"),
        stored->url);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{237}, stored->bytes);
    CPPUNIT_ASSERT_EQUAL(64, stored->width.value());
    CPPUNIT_ASSERT_EQUAL(32, stored->height.value());

    const auto requests = http_->requests();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, requests.size());
    const net::HttpRequest& sent = requests[0];
    CPPUNIT_ASSERT(sent.method == net::HttpMethod::kPost);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.cloudinary.com/v1_1/demo/image/upload"),
                         sent.url);
    CPPUNIT_ASSERT(sent.idempotent);  // a fixed public_id makes a retry overwrite, not duplicate
    CPPUNIT_ASSERT(sent.form.has_value());
    auto fields = toMap(sent.form->fields);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, fields.size());
    CPPUNIT_ASSERT_EQUAL(std::string("1234"), fields["api_key"]);
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images"), fields["folder"]);
    CPPUNIT_ASSERT_EQUAL(std::string("fixed-id"), fields["public_id"]);
    CPPUNIT_ASSERT_EQUAL(std::string("1700000000"), fields["timestamp"]);
    CPPUNIT_ASSERT_EQUAL(hexDigest("folder=profile_images&public_id=fixed-id&timestamp=1700000000" +
                                       std::string(kSecret),
                                   SignatureAlgorithm::kSha1),
                         fields["signature"]);
    CPPUNIT_ASSERT(sent.form->file.has_value());
    CPPUNIT_ASSERT_EQUAL(std::string("file"), sent.form->file->name);
    CPPUNIT_ASSERT(sent.form->file->path == image.path());
    CPPUNIT_ASSERT_EQUAL(std::string("upload.png"), sent.form->file->filename);
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), sent.form->file->contentType);
  }

  void testPutUsesTheCoverFolderForCovers() {
    http_->respond(200, kUploadAnswer);
    TestImage image(10, 10);
    CPPUNIT_ASSERT(store_->put({core::ImageKind::kCover, image.path(), "jpg", "image/jpeg"}).ok());
    CPPUNIT_ASSERT_EQUAL(std::string("cover_images"),
                         toMap(http_->requests()[0].form->fields)["folder"]);
  }

  void testPutSignsWithSha256WhenConfigured() {
    auto config = testConfig();
    config.signatureAlgorithm = "sha256";
    makeStore(config);
    http_->respond(200, kUploadAnswer);
    TestImage image(10, 10);
    CPPUNIT_ASSERT(store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"}).ok());
    auto fields = toMap(http_->requests()[0].form->fields);
    CPPUNIT_ASSERT_EQUAL(hexDigest("folder=profile_images&public_id=fixed-id&timestamp=1700000000" +
                                       std::string(kSecret),
                                   SignatureAlgorithm::kSha256),
                         fields["signature"]);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, fields.count("signature_algorithm"));
  }

  void testPutRefusedByCloudinaryIsStorageFailedWithItsMessage() {
    http_->respond(400, R"({"error": {"message": "Invalid image file"}})");
    auto stored = putImage();
    CPPUNIT_ASSERT(!stored.ok());
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(stored.status().message().find("Invalid image file") != std::string::npos);
  }

  void testPutServerErrorsAndRateLimitsAreUnavailable() {
    for (const int status : {500, 502, 503, 429, 420}) {
      http_->respond(status, R"({"error": {"message": "General Error"}})");
      auto stored = putImage();
      CPPUNIT_ASSERT(!stored.ok());
      CPPUNIT_ASSERT_MESSAGE(std::to_string(status),
                             stored.status().code() == StatusCode::kUnavailable);
    }
  }

  void testPutTransportFailureIsUnavailable() {
    http_->script(core::Status::unavailable("POST https://api.cloudinary.com/... timed out"));
    auto stored = putImage();
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT(stored.status().message().find("timed out") != std::string::npos);
  }

  void testPutUnreadableAnswerIsUnavailable() {
    for (const char* body : {R"({"public_id": "x", "secure_url": "htt)", "<html>oops</html>", "[]",
                             R"({"version": 1})"}) {
      http_->respond(200, body);
      auto stored = putImage();
      CPPUNIT_ASSERT_MESSAGE(body, !stored.ok());
      CPPUNIT_ASSERT_MESSAGE(body, stored.status().code() == StatusCode::kUnavailable);
    }
  }

  void testPutOfAMissingFileSendsNothing() {
    auto stored =
        store_->put({core::ImageKind::kProfile, "/nonexistent/x.png", "png", "image/png"});
    CPPUNIT_ASSERT(stored.status().code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(http_->requests().empty());
  }

  void testRemoveSendsASignedDestroy() {
    http_->respond(200, R"({"result": "ok"})");
    CPPUNIT_ASSERT(store_->remove("profile_images/a b+c").isOk());
    const auto sent = http_->requests().at(0);
    CPPUNIT_ASSERT(sent.method == net::HttpMethod::kPost);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.cloudinary.com/v1_1/demo/image/destroy"),
                         sent.url);
    CPPUNIT_ASSERT(sent.idempotent);
    CPPUNIT_ASSERT_EQUAL(std::string("application/x-www-form-urlencoded"),
                         toMap(sent.headers)["Content-Type"]);
    auto fields = parseForm(sent.body);
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images/a b+c"), fields["public_id"]);
    CPPUNIT_ASSERT_EQUAL(std::string("1234"), fields["api_key"]);
    CPPUNIT_ASSERT_EQUAL(std::string("true"), fields["invalidate"]);
    CPPUNIT_ASSERT_EQUAL(std::string("1700000000"), fields["timestamp"]);
    CPPUNIT_ASSERT_EQUAL(hexDigest("invalidate=true&public_id=profile_images/a b+c&"
                                   "timestamp=1700000000" +
                                       std::string(kSecret),
                                   SignatureAlgorithm::kSha1),
                         fields["signature"]);
  }

  void testRemoveOfAMissingAssetSucceeds() {
    http_->respond(200, R"({"result": "not found"})");
    CPPUNIT_ASSERT(store_->remove("profile_images/gone").isOk());
  }

  void testRemoveWithAnUnexpectedResultFails() {
    http_->respond(200, R"({"result": "error"})");
    CPPUNIT_ASSERT(store_->remove("profile_images/x").code() == StatusCode::kStorageFailed);
    http_->respond(200, R"({"deleted": {}})");
    CPPUNIT_ASSERT(store_->remove("profile_images/x").code() == StatusCode::kStorageFailed);
  }

  void testRemoveRefusedIsStorageFailed() {
    http_->respond(401,
                   R"({"error": {"message": "Invalid Signature abc. String to sign - 'x'."}})");
    const core::Status removed = store_->remove("profile_images/x");
    CPPUNIT_ASSERT(removed.code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(removed.message().find("Invalid Signature") != std::string::npos);
    http_->respond(503, "");
    CPPUNIT_ASSERT(store_->remove("profile_images/x").code() == StatusCode::kUnavailable);
  }

  void testTheSecretIsNeverSentByPutOrRemove() {
    http_->respond(200, kUploadAnswer);
    http_->respond(200, R"({"result": "ok"})");
    CPPUNIT_ASSERT(putImage().ok());
    CPPUNIT_ASSERT(store_->remove("profile_images/fixed-id").isOk());
    for (const auto& request : http_->requests()) CPPUNIT_ASSERT(!mentionsSecret(request));
  }

  void testTheSecretNeverAppearsInAStatusMessage() {
    const std::string echo =
        std::string(R"({"error": {"message": "bad secret )") + kSecret + R"("}})";
    http_->respond(400, echo);
    http_->respond(500, echo);
    http_->respond(401, echo);
    http_->script(core::Status::unavailable(std::string("curl said ") + kSecret));
    std::vector<core::Status> failures = {putImage().status(), putImage().status(),
                                          store_->remove("k"), store_->remove("k")};
    for (const auto& failure : failures) {
      CPPUNIT_ASSERT(!failure.isOk());
      CPPUNIT_ASSERT_MESSAGE(failure.message(),
                             failure.message().find(kSecret) == std::string::npos);
      CPPUNIT_ASSERT(failure.toString().find(kSecret) == std::string::npos);
    }
  }

  void testBuildsDeliveryAndVariantUrls() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://res.cloudinary.com/demo/image/upload/profile_images/k"),
        store_->url("profile_images/k"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://res.cloudinary.com/demo/image/upload/c_fill,g_auto,w_128,h_128/"
                    "profile_images/k"),
        store_->variantUrl("profile_images/k", "c_fill,g_auto,w_128,h_128"));
    CPPUNIT_ASSERT_EQUAL(store_->url("k"), store_->variantUrl("k", ""));
  }

  void testVariantsAreDeliveryTransformationsNotStoredObjects() {
    const BlobStore& store = *store_;
    const auto square = store.variantUrl("profile_images/k", VariantSpec{"128", 128, 128, {}});
    CPPUNIT_ASSERT_MESSAGE("a square variant must be a delivery URL", square.has_value());
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://res.cloudinary.com/demo/image/upload/c_fill,g_auto,w_128,h_128/"
                    "profile_images/k"),
        *square);
    // The uploader's crop, then the square within it.
    const auto cropped = store.variantUrl(
        "profile_images/k", VariantSpec{"128", 128, 128, VariantSpec::Area{10, 20, 300, 400}});
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://res.cloudinary.com/demo/image/upload/c_crop,x_10,y_20,w_300,h_400/"
                    "c_fill,g_auto,w_128,h_128/profile_images/k"),
        *cropped);
    const auto wide = store.variantUrl("cover_images/k", VariantSpec{"640w", 640, 0, {}});
    CPPUNIT_ASSERT_MESSAGE("a width variant must be a delivery URL", wide.has_value());
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://res.cloudinary.com/demo/image/upload/c_limit,w_640/cover_images/k"),
        *wide);
  }

  void testListResourcesFollowsTheCursorAndKeepsOnlyOldAssets() {
    http_->respond(200, R"({"resources": [
        {"public_id": "profile_images/old", "created_at": "2023-11-14T22:00:00Z"},
        {"public_id": "profile_images/new", "created_at": "2023-11-14T22:13:21Z"}],
        "next_cursor": "abc+/="})");
    http_->respond(200, R"({"resources": [
        {"public_id": "profile_images/older", "created_at": "2020-01-01T00:00:00Z"},
        {"public_id": "profile_images/undated"}]})");
    auto listed = store_->listResources("profile_images/", 1'700'000'000);  // 2023-11-14T22:13:20Z
    CPPUNIT_ASSERT_MESSAGE(listed.status().toString(), listed.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, listed->size());
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images/old"), listed->at(0).publicId);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1'699'999'200}, listed->at(0).createdAt);
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images/older"), listed->at(1).publicId);

    const auto requests = http_->requests();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, requests.size());
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.cloudinary.com/v1_1/demo/resources/image/upload"
                                     "?prefix=profile_images%2F&max_results=500"),
                         requests[0].url);
    CPPUNIT_ASSERT(requests[1].url.find("&next_cursor=abc%2B%2F%3D") != std::string::npos);
    for (const auto& request : requests) {
      CPPUNIT_ASSERT(request.method == net::HttpMethod::kGet);
      CPPUNIT_ASSERT(request.basicAuth.has_value());
      CPPUNIT_ASSERT_EQUAL(std::string("1234"), request.basicAuth->user);
      CPPUNIT_ASSERT(request.url.find(kSecret) == std::string::npos);
    }
    http_->respond(420, R"({"error": {"message": "Rate Limit Exceeded"}})");
    CPPUNIT_ASSERT(store_->listResources("p", 0).status().code() == StatusCode::kUnavailable);
  }

  void testValidatesTheConfiguration() {
    CPPUNIT_ASSERT(validateCloudinaryConfig(testConfig()).isOk());
    const auto refused = [](auto change) {
      auto config = testConfig();
      change(config);
      const core::Status status = validateCloudinaryConfig(config);
      return status.code() == StatusCode::kInvalidArgument &&
             status.message().find(kSecret) == std::string::npos;
    };
    CPPUNIT_ASSERT(refused([](auto& c) { c.cloudName.clear(); }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.cloudName = "a/b"; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.apiKey.clear(); }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.apiSecret.clear(); }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.signatureAlgorithm = "md5"; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.uploadPrefix = "ftp://x"; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.deliveryPrefix = ""; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.profileFolder = "/x"; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.coverFolder = ""; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.timeoutMs = 0; }));
    CPPUNIT_ASSERT(refused([](auto& c) { c.maxAttempts = 0; }));
    fakes::FixedClock clock;
    auto config = testConfig();
    config.apiKey.clear();
    CPPUNIT_ASSERT(!makeCloudinaryBlobStore(config, clock).ok());
    CPPUNIT_ASSERT(makeCloudinaryBlobStore(testConfig(), clock).ok());
  }

 private:
  void makeStore(const config::CloudinaryConfig& config) {
    auto http = std::make_unique<fakes::FakeHttpClient>();
    http_ = http.get();
    store_ = std::make_unique<CloudinaryBlobStore>(config, std::move(http), clock_,
                                                   [] { return std::string("fixed-id"); });
  }

  core::Result<StoredObject> putImage() {
    TestImage image(8, 8);
    return store_->put({core::ImageKind::kProfile, image.path(), "png", "image/png"});
  }

  fakes::FixedClock clock_{1'700'000'000};
  fakes::FakeHttpClient* http_ = nullptr;  // owned by store_
  std::unique_ptr<CloudinaryBlobStore> store_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CloudinaryBlobStoreTest, "cloudinary");

}  // namespace
}  // namespace userimg::storage::cloudinary
