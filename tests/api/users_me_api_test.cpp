// Surface B: /work/shared/specs/profile-image-endpoints.md, plus GET /users/me
// and the same routes for the cover image.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "api/api_harness.h"

namespace userimg::api {
namespace {

using testing::ApiHarness;
using testing::headerOf;
using testing::jsonOf;
using testing::keysOf;
using testing::stringAt;

constexpr const char* kMe = "/users/me";
constexpr const char* kProfile = "/users/me/profile-image";
constexpr const char* kCover = "/users/me/cover-image";
const std::string kPng(fakes::kFakePng);

class UsersMeApiTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UsersMeApiTest);
  CPPUNIT_TEST(testGetMeWithoutImagesHasNullUrls);
  CPPUNIT_TEST(testGetMeWithoutEmailOrUsernameHasNulls);
  CPPUNIT_TEST(testGetMeShowsImageUrls);
  CPPUNIT_TEST(testPostProfileImageReturnsImageUrl);
  CPPUNIT_TEST(testPostCoverImageReturnsImageUrl);
  CPPUNIT_TEST(testPostReplacesPreviousImage);
  CPPUNIT_TEST(testDeleteProfileImage);
  CPPUNIT_TEST(testDeleteCoverImage);
  CPPUNIT_TEST(testDeleteWithoutImageIs404);
  CPPUNIT_TEST(testMissingHeaderIsNotAuthenticatedOnEveryRoute);
  CPPUNIT_TEST(testInvalidTokenIs401OnEveryRoute);
  CPPUNIT_TEST(testNonImageIsInvalidFileFormatWithReason);
  CPPUNIT_TEST(testPostWithoutFileFieldIs400);
  CPPUNIT_TEST(testCropReachesTheProcessor);
  CPPUNIT_TEST(testMalformedCropIs400InDetailShape);
  CPPUNIT_TEST(testNonMultipartBodyIs400);
  CPPUNIT_TEST(testSpooledUploadsAreRemovedAfterEachRequest);
  CPPUNIT_TEST(testDeclaredOversizedBodyIs413);
  CPPUNIT_TEST(testUndeclaredOversizedBodyIs413);
  CPPUNIT_TEST(testStoreFailureIsErrorUploadingImage);
  CPPUNIT_TEST(testRemoveFailureIsErrorDeletingImage);
  CPPUNIT_TEST(testRepositoryUnavailableIs503WithRetryAfter);
  CPPUNIT_TEST(testUsersSeeOnlyTheirOwnImages);
  CPPUNIT_TEST(testUnknownPathUnderUsersIs404InDetailShape);
  CPPUNIT_TEST(testWrongMethodIs405WithAllow);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    h_ = std::make_unique<ApiHarness>();
    alice_ = h_->tokenFor("alice", "alice@example.com", "alice");
  }
  void tearDown() override { h_.reset(); }

  void testGetMeWithoutImagesHasNullUrls() {
    const http::Response response = h_->send(ApiHarness::request("GET", kMe, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "body: " + response.body,
        std::string("cover_image,cover_image_url,email,id,profile_image,profile_image_url,"
                    "public_avatar_url,public_cover_url,username"),
        keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), stringAt(body, "id"));
    CPPUNIT_ASSERT_EQUAL(std::string("alice@example.com"), stringAt(body, "email"));
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), stringAt(body, "username"));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"), stringAt(body, "profile_image_url"));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"), stringAt(body, "cover_image_url"));
  }

  void testGetMeWithoutEmailOrUsernameHasNulls() {
    const http::Response response = h_->send(ApiHarness::request("GET", kMe, h_->tokenFor("bob")));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL(std::string("bob"), stringAt(body, "id"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("an unknown email is null", std::string("<null>"),
                                 stringAt(body, "email"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("an unknown username is null", std::string("<null>"),
                                 stringAt(body, "username"));
  }

  void testGetMeShowsImageUrls() {
    const std::string profile = uploadUrl(kProfile);
    const std::string cover = uploadUrl(kCover);
    const http::Response response = h_->send(ApiHarness::request("GET", "/users/me/", alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL(profile, stringAt(body, "profile_image_url"));
    CPPUNIT_ASSERT_EQUAL(cover, stringAt(body, "cover_image_url"));
  }

  void testCropReachesTheProcessor() {
    const http::Response response = h_->send(ApiHarness::post(
        kProfile, alice_,
        {ApiHarness::filePart("file", kPng), ApiHarness::fieldPart("crop", "1,2,30,40")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    const auto crop = h_->processor().lastOptions().crop;
    CPPUNIT_ASSERT(crop);
    CPPUNIT_ASSERT_EQUAL(1, crop->x);
    CPPUNIT_ASSERT_EQUAL(2, crop->y);
    CPPUNIT_ASSERT_EQUAL(30, crop->width);
    CPPUNIT_ASSERT_EQUAL(40, crop->height);
  }

  void testMalformedCropIs400InDetailShape() {
    const http::Response response = h_->send(ApiHarness::post(
        kProfile, alice_,
        {ApiHarness::filePart("file", kPng), ApiHarness::fieldPart("crop", "1,2,three,4")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("crop: crop must be x,y,width,height in whole pixels"),
                         stringAt(jsonOf(response), "detail"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be processed", 0, h_->processor().calls());
    const auto user = h_->users().user("alice");
    CPPUNIT_ASSERT_MESSAGE("nothing may be recorded", !user || !user->profile);
  }

  void testPostProfileImageReturnsImageUrl() {
    const http::Response response =
        h_->send(ApiHarness::post(kProfile, alice_, {ApiHarness::filePart("file", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body,
                                 std::string("image_url,placeholder,variants,variants_webp"),
                                 keysOf(body));
    const auto user = h_->users().user("alice");
    CPPUNIT_ASSERT_MESSAGE("the profile image must be recorded", user && user->profile);
    CPPUNIT_ASSERT_EQUAL(user->profile->url, stringAt(body, "image_url"));
    CPPUNIT_ASSERT_MESSAGE("the bytes must be stored",
                           h_->memory().bytes(user->profile->storageKey) == kPng);
    CPPUNIT_ASSERT_MESSAGE("no cover may be recorded", !user->cover);
  }

  void testPostCoverImageReturnsImageUrl() {
    const http::Response response =
        h_->send(ApiHarness::post(kCover, alice_, {ApiHarness::filePart("file", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body,
                                 std::string("image_url,placeholder,variants,variants_webp"),
                                 keysOf(body));
    const auto user = h_->users().user("alice");
    CPPUNIT_ASSERT_MESSAGE("the cover image must be recorded", user && user->cover);
    CPPUNIT_ASSERT_EQUAL(user->cover->url, stringAt(body, "image_url"));
    CPPUNIT_ASSERT_MESSAGE("no profile image may be recorded", !user->profile);
  }

  void testPostReplacesPreviousImage() {
    const std::string first = uploadUrl(kProfile);
    const std::string second = uploadUrl(kProfile);
    CPPUNIT_ASSERT_MESSAGE("a replacement must get a new URL", first != second);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the old image must be deleted from storage", std::size_t{1},
                                 h_->memory().size());
  }

  void testDeleteProfileImage() {
    uploadUrl(kProfile);
    const http::Response response = h_->send(ApiHarness::request("DELETE", kProfile, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("message"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Profile image deleted successfully"),
                         stringAt(body, "message"));
    CPPUNIT_ASSERT_MESSAGE("the record must be cleared", !h_->users().user("alice")->profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the object must be removed", std::size_t{0}, h_->memory().size());
  }

  void testDeleteCoverImage() {
    uploadUrl(kCover);
    const http::Response response = h_->send(ApiHarness::request("DELETE", kCover, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Cover image deleted successfully"),
                         stringAt(jsonOf(response), "message"));
    CPPUNIT_ASSERT_MESSAGE("the record must be cleared", !h_->users().user("alice")->cover);
  }

  void testDeleteWithoutImageIs404() {
    const http::Response profile = h_->send(ApiHarness::request("DELETE", kProfile, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + profile.body, 404, profile.status);
    auto body = jsonOf(profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + profile.body, std::string("detail"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("User has no profile image"), stringAt(body, "detail"));

    const http::Response cover = h_->send(ApiHarness::request("DELETE", kCover, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + cover.body, 404, cover.status);
    CPPUNIT_ASSERT_EQUAL(std::string("User has no cover image"), stringAt(jsonOf(cover), "detail"));
  }

  void testMissingHeaderIsNotAuthenticatedOnEveryRoute() {
    for (const auto& [method, path] : routes()) {
      const http::Response response = h_->send(requestFor(method, path, ""));
      const std::string what = method + " " + path + ": " + response.body;
      CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 401, response.status);
      auto body = jsonOf(response);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("detail"), keysOf(body));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("Not authenticated"),
                                   stringAt(body, "detail"));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(what + " WWW-Authenticate", std::string("Bearer"),
                                   headerOf(response, "WWW-Authenticate"));
    }
  }

  void testInvalidTokenIs401OnEveryRoute() {
    const std::string expired = h_->tokenFor("alice", "", "", -3600);
    for (const std::string& authorization :
         {expired, std::string("Bearer not.a.token"), std::string("Basic YWxpY2U6cHc=")}) {
      for (const auto& [method, path] : routes()) {
        const http::Response response = h_->send(requestFor(method, path, authorization));
        const std::string what =
            method + " " + path + " with '" + authorization.substr(0, 20) + "': " + response.body;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 401, response.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("detail"), keysOf(jsonOf(response)));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + " WWW-Authenticate", std::string("Bearer"),
                                     headerOf(response, "WWW-Authenticate"));
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored without a valid token", std::size_t{0},
                                 h_->memory().size());
  }

  void testNonImageIsInvalidFileFormatWithReason() {
    const std::string old = uploadUrl(kProfile);
    const http::Response response = h_->send(
        ApiHarness::post(kProfile, alice_, {ApiHarness::filePart("file", "GIF? no, plain text")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail,reason"),
                                 keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Invalid file format"), stringAt(body, "detail"));
    CPPUNIT_ASSERT_EQUAL(std::string("Unsupported image format"), stringAt(body, "reason"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the previous image must stay", old,
                                 h_->users().user("alice")->profile->url);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, h_->memory().size());
  }

  void testPostWithoutFileFieldIs400() {
    const http::Response response =
        h_->send(ApiHarness::post(kProfile, alice_, {ApiHarness::filePart("profile_image", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"),
                                 keysOf(jsonOf(response)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored", std::size_t{0}, h_->memory().size());
  }

  void testNonMultipartBodyIs400() {
    const http::Response response = h_->send(
        ApiHarness::request("POST", kProfile, alice_, "{\"file\": \"x\"}", "application/json"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"),
                                 keysOf(jsonOf(response)));
  }

  void testSpooledUploadsAreRemovedAfterEachRequest() {
    uploadUrl(kProfile);
    h_->send(ApiHarness::post(kCover, alice_, {ApiHarness::filePart("file", "not an image")}));
    h_->store().failNextPuts(1);
    h_->send(ApiHarness::post(kCover, alice_, {ApiHarness::filePart("file", kPng)}));
    const auto spool = h_->base() / "spool";
    CPPUNIT_ASSERT_MESSAGE("no spooled upload may outlive its request",
                           !std::filesystem::exists(spool) || std::filesystem::is_empty(spool));
    CPPUNIT_ASSERT_MESSAGE("no work directory may outlive its request",
                           std::filesystem::is_empty(h_->base() / "work"));
  }

  void testDeclaredOversizedBodyIs413() {
    auto request = ApiHarness::post(kProfile, alice_, {ApiHarness::filePart("file", kPng)});
    request.request.contentLength = testing::kMaxBodyBytes + 1;
    const http::Response response = h_->send(request);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 413, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"),
                                 keysOf(jsonOf(response)));
  }

  void testUndeclaredOversizedBodyIs413() {
    const std::string big = kPng + std::string(testing::kMaxBodyBytes, 'x');
    auto request = ApiHarness::post(kCover, alice_, {ApiHarness::filePart("file", big)});
    request.request.contentLength.reset();
    const http::Response response = h_->send(request);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 413, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"),
                                 keysOf(jsonOf(response)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored", std::size_t{0}, h_->memory().size());
  }

  void testStoreFailureIsErrorUploadingImage() {
    h_->store().failNextPuts(1);
    const http::Response response =
        h_->send(ApiHarness::post(kProfile, alice_, {ApiHarness::filePart("file", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 500, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the spec's message, not the internal one",
                                 std::string("Error uploading image"), stringAt(body, "detail"));
  }

  void testRemoveFailureIsErrorDeletingImage() {
    uploadUrl(kProfile);
    h_->store().failNextRemoves(1);
    const http::Response response = h_->send(ApiHarness::request("DELETE", kProfile, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 500, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Error deleting image from Cloudinary"),
                         stringAt(body, "detail"));
    CPPUNIT_ASSERT_MESSAGE("the record must still point at the image",
                           h_->users().user("alice")->profile.has_value());
  }

  void testRepositoryUnavailableIs503WithRetryAfter() {
    h_->users().failNextEnsureUser();
    const http::Response get = h_->send(ApiHarness::request("GET", kMe, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET body: " + get.body, 503, get.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET body: " + get.body, std::string("detail"),
                                 keysOf(jsonOf(get)));
    CPPUNIT_ASSERT_MESSAGE("a 503 must carry Retry-After",
                           headerOf(get, "Retry-After") != "<absent>");

    h_->users().failNextReplaceImage();
    const http::Response post =
        h_->send(ApiHarness::post(kProfile, alice_, {ApiHarness::filePart("file", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("POST body: " + post.body, 503, post.status);
    CPPUNIT_ASSERT_MESSAGE("a 503 must carry Retry-After",
                           headerOf(post, "Retry-After") != "<absent>");
    CPPUNIT_ASSERT_MESSAGE("the internal message must not leak: " + post.body,
                           post.body.find("injected") == std::string::npos);

    uploadUrl(kProfile);
    h_->users().failNextClearImage();
    const http::Response del = h_->send(ApiHarness::request("DELETE", kProfile, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("DELETE body: " + del.body, 503, del.status);
    CPPUNIT_ASSERT_MESSAGE("a 503 must carry Retry-After",
                           headerOf(del, "Retry-After") != "<absent>");
  }

  void testUsersSeeOnlyTheirOwnImages() {
    const std::string aliceUrl = uploadUrl(kProfile);
    const std::string bob = h_->tokenFor("bob");
    const http::Response bobMe = h_->send(ApiHarness::request("GET", kMe, bob));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("bob must not see alice's image", std::string("<null>"),
                                 stringAt(jsonOf(bobMe), "profile_image_url"));
    const http::Response bobDelete = h_->send(ApiHarness::request("DELETE", kProfile, bob));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("bob cannot delete alice's image", 404, bobDelete.status);
    CPPUNIT_ASSERT_EQUAL(aliceUrl, h_->users().user("alice")->profile->url);
  }

  void testUnknownPathUnderUsersIs404InDetailShape() {
    const http::Response response =
        h_->send(ApiHarness::request("GET", "/users/me/avatar", alice_));
    CPPUNIT_ASSERT_EQUAL(404, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"),
                                 keysOf(jsonOf(response)));
  }

  void testWrongMethodIs405WithAllow() {
    const http::Response response = h_->send(ApiHarness::request("GET", kProfile, alice_));
    CPPUNIT_ASSERT_EQUAL(405, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("DELETE, POST"), headerOf(response, "Allow"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("detail"),
                                 keysOf(jsonOf(response)));
  }

 private:
  static std::vector<std::pair<std::string, std::string>> routes() {
    return {{"GET", kMe},
            {"POST", kProfile},
            {"DELETE", kProfile},
            {"POST", kCover},
            {"DELETE", kCover}};
  }

  static testing::OwnedRequest requestFor(const std::string& method, const std::string& path,
                                          const std::string& authorization) {
    if (method == "POST") {
      return ApiHarness::post(path, authorization, {ApiHarness::filePart("file", kPng)});
    }
    return ApiHarness::request(method, path, authorization);
  }

  // Uploads to `path` for alice and returns the image_url.
  std::string uploadUrl(const std::string& path) {
    const http::Response response =
        h_->send(ApiHarness::post(path, alice_, {ApiHarness::filePart("file", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("setup upload: " + response.body, 200, response.status);
    return stringAt(jsonOf(response), "image_url");
  }

  std::unique_ptr<ApiHarness> h_;
  std::string alice_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UsersMeApiTest, "api");

}  // namespace
}  // namespace userimg::api
