// Surface A: /work/shared/specs/user-images-api.md.

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

constexpr const char* kPath = "/api/resume/user-images/";
const std::string kPng(fakes::kFakePng);

class UserImagesApiTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UserImagesApiTest);
  CPPUNIT_TEST(testGetWithoutImagesShowsDefaultProfileAndNullCover);
  CPPUNIT_TEST(testGetShowsUploadedImages);
  CPPUNIT_TEST(testGetWithoutTrailingSlashIsServed);
  CPPUNIT_TEST(testPostProfileImage);
  CPPUNIT_TEST(testPostCoverImage);
  CPPUNIT_TEST(testPostBothImages);
  CPPUNIT_TEST(testCropOfOneImageReachesTheProcessor);
  CPPUNIT_TEST(testSharedCropWithTwoImagesIs400);
  CPPUNIT_TEST(testMalformedCropIs400InErrorShape);
  CPPUNIT_TEST(testPostReplacesPreviousImage);
  CPPUNIT_TEST(testDeleteProfileImage);
  CPPUNIT_TEST(testDeleteCoverImage);
  CPPUNIT_TEST(testDeleteWithoutImageIs404);
  CPPUNIT_TEST(testDeleteWithMissingOrInvalidTypeIs400);
  CPPUNIT_TEST(testPostWithoutFileFieldIs400);
  CPPUNIT_TEST(testNonMultipartBodyIs400);
  CPPUNIT_TEST(testPostNonImageIs400AndStoresNothing);
  CPPUNIT_TEST(testEveryRouteRequiresValidToken);
  CPPUNIT_TEST(testDeclaredOversizedBodyIs413);
  CPPUNIT_TEST(testUndeclaredOversizedBodyIs413);
  CPPUNIT_TEST(testStoreFailureIs500WithoutInternalDetail);
  CPPUNIT_TEST(testDeleteRemoveFailureIs500AndKeepsImage);
  CPPUNIT_TEST(testRepositoryUnavailableIs503WithRetryAfter);
  CPPUNIT_TEST(testUnknownPathUnderApiIs404InErrorShape);
  CPPUNIT_TEST(testWrongMethodIs405WithAllow);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    h_ = std::make_unique<ApiHarness>();
    alice_ = h_->tokenFor("alice", "alice@example.com", "alice");
  }
  void tearDown() override { h_.reset(); }

  void testGetWithoutImagesShowsDefaultProfileAndNullCover() {
    const http::Response response = h_->send(ApiHarness::request("GET", kPath, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body,
                                 std::string("images,placeholder,public,variants,variants_webp"),
                                 keysOf(body));
    auto images = body->getObject("images");
    CPPUNIT_ASSERT_EQUAL(std::string("cover_image,profile_image"), keysOf(images));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("no profile image shows the default URL",
                                 std::string(testing::kDefaultProfileUrl),
                                 stringAt(images, "profile_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("no cover image is null", std::string("<null>"),
                                 stringAt(images, "cover_image"));
  }

  void testGetShowsUploadedImages() {
    const std::string profile = uploadUrl("profile_image");
    const std::string cover = uploadUrl("cover_image");
    const http::Response response = h_->send(ApiHarness::request("GET", kPath, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto images = jsonOf(response)->getObject("images");
    CPPUNIT_ASSERT_EQUAL(profile, stringAt(images, "profile_image"));
    CPPUNIT_ASSERT_EQUAL(cover, stringAt(images, "cover_image"));
  }

  void testGetWithoutTrailingSlashIsServed() {
    const http::Response response =
        h_->send(ApiHarness::request("GET", "/api/resume/user-images", alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("images,placeholder,public,variants,variants_webp"),
                         keysOf(jsonOf(response)));
  }

  void testCropOfOneImageReachesTheProcessor() {
    const http::Response shared = h_->send(ApiHarness::post(
        kPath, alice_,
        {ApiHarness::filePart("cover_image", kPng), ApiHarness::fieldPart("crop", "0,0,10,20")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + shared.body, 200, shared.status);
    CPPUNIT_ASSERT(h_->processor().lastOptions().crop);
    CPPUNIT_ASSERT_EQUAL(20, h_->processor().lastOptions().crop->height);
    // A per-field crop wins over the shared one.
    const http::Response own = h_->send(ApiHarness::post(
        kPath, alice_,
        {ApiHarness::filePart("profile_image", kPng), ApiHarness::fieldPart("crop", "0,0,10,20"),
         ApiHarness::fieldPart("profile_image_crop", "5,6,7,8")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + own.body, 200, own.status);
    CPPUNIT_ASSERT_EQUAL(7, h_->processor().lastOptions().crop->width);
  }

  void testSharedCropWithTwoImagesIs400() {
    const http::Response response = h_->send(ApiHarness::post(
        kPath, alice_,
        {ApiHarness::filePart("profile_image", kPng), ApiHarness::filePart("cover_image", kPng),
         ApiHarness::fieldPart("crop", "0,0,10,20")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("crop: two images were sent; use profile_image_crop or cover_image_crop"),
        stringAt(jsonOf(response), "error"));
    CPPUNIT_ASSERT_EQUAL(0, h_->processor().calls());
  }

  void testMalformedCropIs400InErrorShape() {
    const http::Response response =
        h_->send(ApiHarness::post(kPath, alice_,
                                  {ApiHarness::filePart("profile_image", kPng),
                                   ApiHarness::fieldPart("profile_image_crop", "0,0,0,5")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("profile_image_crop: crop 0,0,0,5 has no area"),
                         stringAt(jsonOf(response), "error"));
    CPPUNIT_ASSERT_EQUAL(0, h_->processor().calls());
  }

  void testPostProfileImage() {
    const http::Response response =
        h_->send(ApiHarness::post(kPath, alice_, {ApiHarness::filePart("profile_image", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "body: " + response.body,
        std::string("message,placeholder,profile_image,variants,variants_webp"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Profile image uploaded successfully"),
                         stringAt(body, "message"));
    const auto user = h_->users().user("alice");
    CPPUNIT_ASSERT_MESSAGE("the profile image must be recorded", user && user->profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the returned URL must be the recorded one", user->profile->url,
                                 stringAt(body, "profile_image"));
    CPPUNIT_ASSERT_MESSAGE("the URL must be under /media/resume/images/: " + user->profile->url,
                           user->profile->url.rfind("/media/resume/images/", 0) == 0);
    CPPUNIT_ASSERT_MESSAGE("the bytes must be stored",
                           h_->memory().bytes(user->profile->storageKey) == kPng);
  }

  void testPostCoverImage() {
    const http::Response response =
        h_->send(ApiHarness::post(kPath, alice_, {ApiHarness::filePart("cover_image", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "body: " + response.body,
        std::string("cover_image,message,placeholder,variants,variants_webp"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Cover image uploaded successfully"),
                         stringAt(body, "message"));
    const auto user = h_->users().user("alice");
    CPPUNIT_ASSERT_MESSAGE("the cover image must be recorded", user && user->cover);
    CPPUNIT_ASSERT_EQUAL(user->cover->url, stringAt(body, "cover_image"));
    CPPUNIT_ASSERT_MESSAGE("the URL must be under /media/resume/covers/: " + user->cover->url,
                           user->cover->url.rfind("/media/resume/covers/", 0) == 0);
    CPPUNIT_ASSERT_MESSAGE("no profile image may be recorded", !user->profile);
  }

  void testPostBothImages() {
    const http::Response response =
        h_->send(ApiHarness::post(kPath, alice_,
                                  {ApiHarness::filePart("profile_image", kPng),
                                   ApiHarness::filePart("cover_image", kPng, "cover.png")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "body: " + response.body,
        std::string("cover_image,message,placeholder,profile_image,variants,variants_webp"),
        keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Images uploaded successfully"), stringAt(body, "message"));
    const auto user = h_->users().user("alice");
    CPPUNIT_ASSERT_MESSAGE("both images must be recorded", user && user->profile && user->cover);
    CPPUNIT_ASSERT_EQUAL(user->profile->url, stringAt(body, "profile_image"));
    CPPUNIT_ASSERT_EQUAL(user->cover->url, stringAt(body, "cover_image"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, h_->memory().size());
  }

  void testPostReplacesPreviousImage() {
    const std::string first = uploadUrl("profile_image");
    const std::string second = uploadUrl("profile_image");
    CPPUNIT_ASSERT_MESSAGE("a replacement must get a new URL", first != second);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the old file must be removed from storage", std::size_t{1},
                                 h_->memory().size());
    CPPUNIT_ASSERT_EQUAL(second, h_->users().user("alice")->profile->url);
  }

  void testDeleteProfileImage() {
    uploadUrl("profile_image");
    const http::Response response =
        h_->send(ApiHarness::request("DELETE", kPath, alice_, "", "", "type=profile_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("message"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Profile image deleted successfully"),
                         stringAt(body, "message"));
    CPPUNIT_ASSERT_MESSAGE("the record must be cleared", !h_->users().user("alice")->profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the file must be removed", std::size_t{0}, h_->memory().size());
  }

  void testDeleteCoverImage() {
    uploadUrl("cover_image");
    const http::Response response =
        h_->send(ApiHarness::request("DELETE", kPath, alice_, "", "", "type=cover_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Cover image deleted successfully"),
                         stringAt(jsonOf(response), "message"));
    CPPUNIT_ASSERT_MESSAGE("the record must be cleared", !h_->users().user("alice")->cover);
  }

  void testDeleteWithoutImageIs404() {
    const http::Response response =
        h_->send(ApiHarness::request("DELETE", kPath, alice_, "", "", "type=profile_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 404, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("User has no profile image"), stringAt(body, "error"));
  }

  void testDeleteWithMissingOrInvalidTypeIs400() {
    uploadUrl("profile_image");
    for (const std::string query :
         {"", "type=", "type=avatar", "type=profile", "kind=cover_image"}) {
      const http::Response response =
          h_->send(ApiHarness::request("DELETE", kPath, alice_, "", "", query));
      CPPUNIT_ASSERT_EQUAL_MESSAGE("query '" + query + "': " + response.body, 400, response.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("query '" + query + "': " + response.body, std::string("error"),
                                   keysOf(jsonOf(response)));
    }
    CPPUNIT_ASSERT_MESSAGE("a refused delete must not remove anything",
                           h_->users().user("alice")->profile && h_->memory().size() == 1);
  }

  void testPostWithoutFileFieldIs400() {
    const http::Response response = h_->send(ApiHarness::post(
        kPath, alice_,
        {ApiHarness::fieldPart("note", "hello"), ApiHarness::filePart("file", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored", std::size_t{0}, h_->memory().size());
  }

  void testNonMultipartBodyIs400() {
    const http::Response response = h_->send(ApiHarness::request(
        "POST", kPath, alice_, "profile_image=x", "application/x-www-form-urlencoded"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
  }

  void testPostNonImageIs400AndStoresNothing() {
    const http::Response response = h_->send(ApiHarness::post(
        kPath, alice_, {ApiHarness::filePart("profile_image", "plain text, not an image")}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 400, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"), keysOf(body));
    CPPUNIT_ASSERT_EQUAL(std::string("Unsupported image format"), stringAt(body, "error"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored", std::size_t{0}, h_->memory().size());
  }

  void testEveryRouteRequiresValidToken() {
    const std::string expired = h_->tokenFor("alice", "", "", -3600);
    const std::string wrongKey =
        "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6OTk5OTk5OTk5OX0."
        "c2lnbmF0dXJlLW5vdC12YWxpZC1mb3ItdGhpcy1rZXk";
    for (const std::string& authorization : {std::string(), std::string("Basic YWxpY2U6cHc="),
                                             expired, wrongKey, std::string("Bearer ")}) {
      for (const std::string method : {"GET", "POST", "DELETE"}) {
        const auto request =
            method == "POST"
                ? ApiHarness::post(kPath, authorization,
                                   {ApiHarness::filePart("profile_image", kPng)})
                : ApiHarness::request(method, kPath, authorization, "", "", "type=profile_image");
        const http::Response response = h_->send(request);
        const std::string what = method + " with '" + authorization.substr(0, 20) + "': ";
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + response.body, 401, response.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + response.body, std::string("error"),
                                     keysOf(jsonOf(response)));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + "WWW-Authenticate", std::string("Bearer"),
                                     headerOf(response, "WWW-Authenticate"));
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored without a valid token", std::size_t{0},
                                 h_->memory().size());
  }

  void testDeclaredOversizedBodyIs413() {
    auto request = ApiHarness::post(kPath, alice_, {ApiHarness::filePart("profile_image", kPng)});
    request.request.contentLength = testing::kMaxBodyBytes + 1;
    const http::Response response = h_->send(request);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 413, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored", std::size_t{0}, h_->memory().size());
  }

  void testUndeclaredOversizedBodyIs413() {
    const std::string big = kPng + std::string(testing::kMaxBodyBytes, 'x');
    auto request = ApiHarness::post(kPath, alice_, {ApiHarness::filePart("profile_image", big)});
    request.request.contentLength.reset();
    const http::Response response = h_->send(request);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 413, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
  }

  void testStoreFailureIs500WithoutInternalDetail() {
    h_->store().failNextPuts(1);
    const http::Response response =
        h_->send(ApiHarness::post(kPath, alice_, {ApiHarness::filePart("profile_image", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 500, response.status);
    auto body = jsonOf(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"), keysOf(body));
    CPPUNIT_ASSERT_MESSAGE("the internal message must not leak: " + response.body,
                           response.body.find("injected") == std::string::npos);
  }

  void testDeleteRemoveFailureIs500AndKeepsImage() {
    uploadUrl("cover_image");
    h_->store().failNextRemoves(1);
    const http::Response response =
        h_->send(ApiHarness::request("DELETE", kPath, alice_, "", "", "type=cover_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, 500, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
    CPPUNIT_ASSERT_MESSAGE("the internal message must not leak: " + response.body,
                           response.body.find("injected") == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("the record must still point at the image",
                           h_->users().user("alice")->cover.has_value());
  }

  void testRepositoryUnavailableIs503WithRetryAfter() {
    h_->users().failNextEnsureUser();
    const http::Response get = h_->send(ApiHarness::request("GET", kPath, alice_));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET body: " + get.body, 503, get.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET body: " + get.body, std::string("error"),
                                 keysOf(jsonOf(get)));
    CPPUNIT_ASSERT_MESSAGE("a 503 must carry Retry-After",
                           headerOf(get, "Retry-After") != "<absent>");

    h_->users().failNextReplaceImage();
    const http::Response post =
        h_->send(ApiHarness::post(kPath, alice_, {ApiHarness::filePart("profile_image", kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("POST body: " + post.body, 503, post.status);
    CPPUNIT_ASSERT_MESSAGE("a 503 must carry Retry-After",
                           headerOf(post, "Retry-After") != "<absent>");
    CPPUNIT_ASSERT_MESSAGE("the internal message must not leak: " + post.body,
                           post.body.find("injected") == std::string::npos);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the uncommitted object must be taken back", std::size_t{0},
                                 h_->memory().size());
  }

  void testUnknownPathUnderApiIs404InErrorShape() {
    const http::Response response =
        h_->send(ApiHarness::request("GET", "/api/resume/other-images/", alice_));
    CPPUNIT_ASSERT_EQUAL(404, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
  }

  void testWrongMethodIs405WithAllow() {
    const http::Response response = h_->send(ApiHarness::request("PUT", kPath, alice_));
    CPPUNIT_ASSERT_EQUAL(405, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("DELETE, GET, HEAD, POST"), headerOf(response, "Allow"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::string("error"),
                                 keysOf(jsonOf(response)));
  }

 private:
  // Uploads `field` for alice and returns the URL the response names.
  std::string uploadUrl(const std::string& field) {
    const http::Response response =
        h_->send(ApiHarness::post(kPath, alice_, {ApiHarness::filePart(field, kPng)}));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("setup upload: " + response.body, 200, response.status);
    return stringAt(jsonOf(response), field);
  }

  std::unique_ptr<ApiHarness> h_;
  std::string alice_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UserImagesApiTest, "api");

}  // namespace
}  // namespace userimg::api
