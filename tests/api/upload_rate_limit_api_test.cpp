// The per-user upload rate limit on both surfaces (issue 12): the upload
// over the limit is 429 with Retry-After (whole seconds until the minute
// ends) and the surface's error body, {"error": ...} on
// /api/resume/user-images/ and {"detail": ...} on /users/me/profile-image,
// and the user's image stays the last admitted one. The limit is one per
// user across both surfaces.

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "api_harness.h"

namespace userimg::api {
namespace {

using testing::ApiHarness;
using testing::headerOf;
using testing::jsonOf;

const std::string kPng(fakes::kFakePng);
constexpr const char* kUserImages = "/api/resume/user-images/";
constexpr const char* kProfileImage = "/users/me/profile-image";
// The harness's clock starts 20 s into a minute: 40 s are left.
constexpr const char* kMessage = "Too many uploads: at most 3 a minute; try again in 40 seconds";

class UploadRateLimitApiTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UploadRateLimitApiTest);
  CPPUNIT_TEST(testUserImagesOverTheLimitIs429WithRetryAfterAndError);
  CPPUNIT_TEST(testProfileImageOverTheLimitIs429WithRetryAfterAndDetail);
  CPPUNIT_TEST(testTheLimitIsSharedByBothSurfaces);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    h_ = std::make_unique<ApiHarness>(3);
    alice_ = h_->tokenFor("alice");
  }
  void tearDown() override { h_.reset(); }

  void testUserImagesOverTheLimitIs429WithRetryAfterAndError() {
    expectFourthRefused(&UploadRateLimitApiTest::postUserImages, "error", "detail");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("another user is not limited", 200,
                                 postUserImages(h_->tokenFor("bob")).status);
  }

  void testProfileImageOverTheLimitIs429WithRetryAfterAndDetail() {
    expectFourthRefused(&UploadRateLimitApiTest::postProfileImage, "detail", "error");
    h_->clock().advance(40);  // the next minute
    CPPUNIT_ASSERT_EQUAL(200, postProfileImage(alice_).status);
  }

  void testTheLimitIsSharedByBothSurfaces() {
    CPPUNIT_ASSERT_EQUAL(200, postUserImages(alice_).status);
    CPPUNIT_ASSERT_EQUAL(200, postProfileImage(alice_).status);
    CPPUNIT_ASSERT_EQUAL(200, postUserImages(alice_).status);
    CPPUNIT_ASSERT_EQUAL(429, postProfileImage(alice_).status);
    CPPUNIT_ASSERT_EQUAL(429, postUserImages(alice_).status);
  }

 private:
  using Post = http::Response (UploadRateLimitApiTest::*)(const std::string&);

  // Three uploads by alice through `post` pass; the fourth is 429 with
  // Retry-After and the message in `field` (never in `otherField`), and her
  // image is still the third one.
  void expectFourthRefused(Post post, const char* field, const char* otherField) {
    for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT_EQUAL(200, (this->*post)(alice_).status);
    const std::string admitted = h_->users().user("alice")->profile->storageKey;
    const http::Response refused = (this->*post)(alice_);
    CPPUNIT_ASSERT_EQUAL(429, refused.status);
    CPPUNIT_ASSERT_EQUAL(std::string("40"), headerOf(refused, "Retry-After"));
    const auto body = jsonOf(refused);
    CPPUNIT_ASSERT_MESSAGE(refused.body, body && body->has(field) && !body->has(otherField));
    CPPUNIT_ASSERT_EQUAL(std::string(kMessage), body->getValue<std::string>(field));
    CPPUNIT_ASSERT_EQUAL(admitted, h_->users().user("alice")->profile->storageKey);
  }

  http::Response postUserImages(const std::string& token) {
    return h_->send(
        ApiHarness::post(kUserImages, token, {ApiHarness::filePart("profile_image", kPng)}));
  }
  http::Response postProfileImage(const std::string& token) {
    return h_->send(ApiHarness::post(kProfileImage, token, {ApiHarness::filePart("file", kPng)}));
  }

  std::unique_ptr<ApiHarness> h_;
  std::string alice_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UploadRateLimitApiTest, "api");

}  // namespace
}  // namespace userimg::api
