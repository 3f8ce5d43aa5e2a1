// avatars/public_routes.h over the API harness's fakes: GET /avatars/<key>,
// GET /covers/<key>, POST /users/me/public-key, and the public URLs in both
// surfaces' JSON.

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "api/api_harness.h"
#include "avatars/public_key.h"
#include "avatars/public_routes.h"
#include "avatars/route_test_support.h"

namespace userimg::avatars {
namespace {

using namespace testing;

constexpr const char* kDefault = "/static/userimg/default-profile.png";

class PublicRoutesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PublicRoutesTest);
  CPPUNIT_TEST(testNewUsersAvatarIsTheDefaultAndCoverA404);
  CPPUNIT_TEST(testUploadedAvatarRedirectsToTheVariantOfTheSize);
  CPPUNIT_TEST(testAnswersArePublicAndCachedForMaxAge);
  CPPUNIT_TEST(testRevalidationIs304UntilTheImageChanges);
  CPPUNIT_TEST(testDeletedAvatarIsTheDefaultAgain);
  CPPUNIT_TEST(testD404IsA404WithoutImage);
  CPPUNIT_TEST(testUnknownAndRotatedKeysAnswerLikeNoImage);
  CPPUNIT_TEST(testBadSizeIsAJson400);
  CPPUNIT_TEST(testRotationNeedsAToken);
  CPPUNIT_TEST(testBothSurfacesNameThePublicUrls);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    h_ = std::make_unique<ApiHarness>();
    h_->processor().setVariantSizes({64, 128, 256});
    h_->context().publicMountPrefix = "";
    api::addUsersMeRoutes(router_, h_->context());
    api::addUserImagesRoutes(router_, h_->context());
    images_ = std::make_unique<PublicImages>(h_->users(), h_->users());
    addPublicImageRoutes(router_, h_->context(), *images_, {120, "", kDefault});
    alice_ = h_->tokenFor("alice");
  }
  void tearDown() override {
    router_ = http::Router();
    images_.reset();
    h_.reset();
  }

  void testNewUsersAvatarIsTheDefaultAndCoverA404() {
    const std::string key = keyOf(alice_);
    http::Response avatar = get("/avatars/" + key);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(avatar.body, 302, avatar.status);
    CPPUNIT_ASSERT_EQUAL(std::string(kDefault), headerOf(avatar, "Location"));
    http::Response cover = get("/covers/" + key);
    CPPUNIT_ASSERT_EQUAL(404, cover.status);
    CPPUNIT_ASSERT(stringAt(jsonOf(cover), "detail") != "<absent>");
  }

  void testUploadedAvatarRedirectsToTheVariantOfTheSize() {
    const std::string key = keyOf(alice_);
    upload(alice_);
    const auto user = *h_->users().user("alice");
    http::Response full = get("/avatars/" + key);
    CPPUNIT_ASSERT_EQUAL(302, full.status);
    CPPUNIT_ASSERT_EQUAL(user.profile->url, headerOf(full, "Location"));
    for (const auto& [asked, name] : {std::pair{"100", "128"}, std::pair{"128", "128"},
                                      std::pair{"1", "64"}, std::pair{"9999", "256"}}) {
      http::Response sized = get("/avatars/" + key, std::string("s=") + asked);
      CPPUNIT_ASSERT_EQUAL(302, sized.status);
      std::string expected;
      for (const auto& variant : user.profile->variants) {
        if (variant.name == name && variant.format.empty()) expected = variant.url;
      }
      CPPUNIT_ASSERT_MESSAGE(std::string("a variant ") + name, !expected.empty());
      CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string("s=") + asked, expected,
                                   headerOf(sized, "Location"));
    }
  }

  void testAnswersArePublicAndCachedForMaxAge() {
    const std::string key = keyOf(alice_);
    for (const std::string& path : {"/avatars/" + key, "/covers/" + key}) {
      http::Response response = get(path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("public, max-age=120"),
                                   headerOf(response, "Cache-Control"));
      CPPUNIT_ASSERT_MESSAGE(path, headerOf(response, "ETag").starts_with("\""));
    }
    // The owner's own API stays private.
    CPPUNIT_ASSERT_EQUAL(std::string("no-store"),
                         headerOf(send("GET", "/users/me", alice_), "Cache-Control"));
  }

  void testRevalidationIs304UntilTheImageChanges() {
    const std::string key = keyOf(alice_);
    upload(alice_);
    http::Response first = get("/avatars/" + key, "s=64");
    const std::string etag = headerOf(first, "ETag");
    http::Response same = get("/avatars/" + key, "s=64", etag);
    CPPUNIT_ASSERT_EQUAL(304, same.status);
    CPPUNIT_ASSERT_EQUAL(etag, headerOf(same, "ETag"));
    CPPUNIT_ASSERT_EQUAL(304, get("/avatars/" + key, "s=64", "W/" + etag).status);
    // Another size is another answer.
    CPPUNIT_ASSERT(headerOf(get("/avatars/" + key, "s=256"), "ETag") != etag);

    upload(alice_);
    http::Response replaced = get("/avatars/" + key, "s=64", etag);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a revalidation after a replace", 302, replaced.status);
    CPPUNIT_ASSERT(headerOf(replaced, "Location") != headerOf(first, "Location"));
    CPPUNIT_ASSERT(headerOf(replaced, "ETag") != etag);
  }

  void testDeletedAvatarIsTheDefaultAgain() {
    const std::string key = keyOf(alice_);
    upload(alice_);
    const std::string etag = headerOf(get("/avatars/" + key), "ETag");
    CPPUNIT_ASSERT_EQUAL(200, send("DELETE", "/users/me/profile-image", alice_).status);
    http::Response after = get("/avatars/" + key, "", etag);
    CPPUNIT_ASSERT_EQUAL(302, after.status);
    CPPUNIT_ASSERT_EQUAL(std::string(kDefault), headerOf(after, "Location"));
  }

  void testD404IsA404WithoutImage() {
    const std::string key = keyOf(alice_);
    http::Response none = get("/avatars/" + key, "d=404");
    CPPUNIT_ASSERT_EQUAL(404, none.status);
    CPPUNIT_ASSERT(stringAt(jsonOf(none), "detail") != "<absent>");
    upload(alice_);
    CPPUNIT_ASSERT_EQUAL(302, get("/avatars/" + key, "d=404&s=64").status);
  }

  void testUnknownAndRotatedKeysAnswerLikeNoImage() {
    const std::string old = keyOf(alice_);
    upload(alice_);
    http::Response rotated = send("POST", "/users/me/public-key", alice_);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(rotated.body, 200, rotated.status);
    const std::string next = stringAt(jsonOf(rotated), "public_key");
    CPPUNIT_ASSERT(next != old && isPublicKeySpelling(next));
    CPPUNIT_ASSERT_EQUAL("/avatars/" + next, stringAt(jsonOf(rotated), "public_avatar_url"));
    CPPUNIT_ASSERT_EQUAL("/covers/" + next, stringAt(jsonOf(rotated), "public_cover_url"));
    CPPUNIT_ASSERT_EQUAL(h_->users().user("alice")->profile->url,
                         headerOf(get("/avatars/" + next), "Location"));

    // A user without an image, a rotated key, a never-made key, a path that
    // is no key: the same answer, headers and all.
    const std::string bob = keyOf(h_->tokenFor("bob"));
    for (const char* query : {"", "d=404", "s=64"}) {
      const http::Response expected = get("/avatars/" + bob, query);
      for (const std::string& key : {old, std::string("AAAAAAAAAAAAAAAAAAAAAA"),
                                     std::string("alice"), std::string("x/../y")}) {
        const http::Response other = get("/avatars/" + key, query);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(key, expected.status, other.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(key, expected.body, other.body);
        CPPUNIT_ASSERT_MESSAGE(key, expected.headers == other.headers);
      }
    }
    CPPUNIT_ASSERT_EQUAL(get("/covers/" + bob).body, get("/covers/" + old).body);
  }

  void testBadSizeIsAJson400() {
    const std::string key = keyOf(alice_);
    for (const auto& [path, query] : {std::pair{"/avatars/", "s=big"}, std::pair{"/avatars/", "s="},
                                      std::pair{"/covers/", "w=-5"}}) {
      http::Response response = get(path + key, query);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400, response.status);
      CPPUNIT_ASSERT_MESSAGE(response.body, stringAt(jsonOf(response), "detail") != "<absent>");
    }
  }

  void testRotationNeedsAToken() {
    http::Response none = send("POST", "/users/me/public-key", "");
    CPPUNIT_ASSERT_EQUAL(401, none.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Not authenticated"), stringAt(jsonOf(none), "detail"));
    CPPUNIT_ASSERT_EQUAL(401, send("POST", "/users/me/public-key", "Bearer nonsense").status);
    CPPUNIT_ASSERT_EQUAL(405, send("GET", "/users/me/public-key", alice_).status);
  }

  void testBothSurfacesNameThePublicUrls() {
    const std::string key = keyOf(alice_);
    auto me = jsonOf(send("GET", "/users/me", alice_));
    CPPUNIT_ASSERT_EQUAL("/avatars/" + key, stringAt(me, "public_avatar_url"));
    CPPUNIT_ASSERT_EQUAL("/covers/" + key, stringAt(me, "public_cover_url"));
    auto images = jsonOf(send("GET", "/api/resume/user-images/", alice_));
    CPPUNIT_ASSERT(images && images->has("public"));
    auto urls = images->getObject("public");
    CPPUNIT_ASSERT_EQUAL("/avatars/" + key, stringAt(urls, "profile_image"));
    CPPUNIT_ASSERT_EQUAL("/covers/" + key, stringAt(urls, "cover_image"));
  }

 private:
  http::Response send(const std::string& method, const std::string& path,
                      const std::string& authorization) {
    return sendOn(router_, method, path, authorization);
  }
  http::Response get(const std::string& path, const std::string& query = "",
                     const std::string& ifNoneMatch = "") {
    auto owned = ApiHarness::request("GET", path, "", "", "", query);
    if (!ifNoneMatch.empty()) owned.request.headers["if-none-match"] = ifNoneMatch;
    return router_.dispatch(owned.request);
  }
  // The caller's key, as GET /users/me tells it (provisioning the caller).
  std::string keyOf(const std::string& token) {
    const std::string url = stringAt(jsonOf(send("GET", "/users/me", token)), "public_avatar_url");
    CPPUNIT_ASSERT_MESSAGE(url, url.starts_with("/avatars/"));
    return url.substr(std::string("/avatars/").size());
  }
  void upload(const std::string& token) { uploadProfileOn(router_, token); }

  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<PublicImages> images_;
  http::Router router_;
  std::string alice_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublicRoutesTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
