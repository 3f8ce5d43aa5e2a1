// Surface B through nginx: GET /users/me, POST|DELETE /users/me/profile-image
// and /users/me/cover-image (specs/profile-image-endpoints.md).

#include <cppunit/extensions/HelperMacros.h>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

constexpr const char* kMe = "/users/me";
constexpr const char* kProfile = "/users/me/profile-image";
constexpr const char* kCover = "/users/me/cover-image";

Part filePart(std::string data = pngImage()) {
  return {"file", "photo.png", "image/png", std::move(data)};
}

// GET /users/me, checked for shape.
Poco::JSON::Object::Ptr me(const std::string& token) {
  Reply reply = get(kMe, token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
  auto body = reply.json();
  for (const char* key : {"id", "email", "username", "profile_image_url", "cover_image_url"}) {
    CPPUNIT_ASSERT_MESSAGE(std::string("GET /users/me lacks \"") + key + "\": " + reply.describe(),
                           body->has(key));
  }
  return body;
}

std::string urlOrEmpty(const Poco::JSON::Object::Ptr& body, const std::string& key) {
  return body->isNull(key) ? std::string() : body->getValue<std::string>(key);
}

class UsersMeApiTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UsersMeApiTest);
  CPPUNIT_TEST(testMeReturnsIdentityFromToken);
  CPPUNIT_TEST(testMeWithoutImagesHasNullUrls);
  CPPUNIT_TEST(testUploadProfileImageReturnsImageUrl);
  CPPUNIT_TEST(testUploadCoverImageReturnsImageUrl);
  CPPUNIT_TEST(testReplaceRemovesPreviousFile);
  CPPUNIT_TEST(testDeleteProfileImage);
  CPPUNIT_TEST(testDeleteCoverImage);
  CPPUNIT_TEST(testDeleteWhenNoImageIs404WithSpecMessage);
  CPPUNIT_TEST(testNonImagesAreInvalidFileFormat);
  CPPUNIT_TEST(testUploadWithoutFileFieldIs400);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMeReturnsIdentityFromToken() {
    const std::string id = uniqueUserId("b-me");
    auto body = me(mintToken(id, 3600, id + "@example.com", "user " + id));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("id", id, body->getValue<std::string>("id"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("email", id + "@example.com",
                                 body->getValue<std::string>("email"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("username", "user " + id, body->getValue<std::string>("username"));
  }

  void testMeWithoutImagesHasNullUrls() {
    auto body = me(mintToken(uniqueUserId("b-me-empty")));
    CPPUNIT_ASSERT_MESSAGE("profile_image_url of a new user must be null",
                           body->isNull("profile_image_url"));
    CPPUNIT_ASSERT_MESSAGE("cover_image_url of a new user must be null",
                           body->isNull("cover_image_url"));
  }

  void testUploadProfileImageReturnsImageUrl() {
    const std::string token = mintToken(uniqueUserId("b-up-profile"));
    const auto before = mediaFiles();
    Reply reply = postMultipart(kProfile, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    const std::string url = reply.jsonString("image_url");
    CPPUNIT_ASSERT_MESSAGE("unexpected image_url " + url, isMediaUrl(url, profileUrlPrefix()));
    assertMediaServed(url);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("files added: " + join(added(before, mediaFiles())),
                                 std::size_t{1}, added(before, mediaFiles()).size());
    auto body = me(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile_image_url after upload", url,
                                 urlOrEmpty(body, "profile_image_url"));
    CPPUNIT_ASSERT_MESSAGE("cover_image_url after a profile upload",
                           body->isNull("cover_image_url"));
  }

  void testUploadCoverImageReturnsImageUrl() {
    const std::string token = mintToken(uniqueUserId("b-up-cover"));
    Reply reply = postMultipart(kCover, token, {{"file", "c.jpg", "image/jpeg", jpegImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    const std::string url = reply.jsonString("image_url");
    CPPUNIT_ASSERT_MESSAGE("unexpected image_url " + url, isMediaUrl(url, coverUrlPrefix()));
    assertMediaServed(url);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover_image_url after upload", url,
                                 urlOrEmpty(me(token), "cover_image_url"));
  }

  void testReplaceRemovesPreviousFile() {
    const std::string token = mintToken(uniqueUserId("b-replace"));
    for (const char* path : {kProfile, kCover}) {
      Reply first = postMultipart(path, token, {filePart()});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
      const auto before = mediaFiles();
      Reply second = postMultipart(path, token, {{"file", "b.gif", "image/gif", gifImage()}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(second.describe(), 200, second.status);
      const std::string oldUrl = first.jsonString("image_url");
      const std::string newUrl = second.jsonString("image_url");
      CPPUNIT_ASSERT_MESSAGE(std::string(path) + " replacement reused " + oldUrl, oldUrl != newUrl);
      assertMediaServed(newUrl);
      assertMediaGone(oldUrl);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string("media file count after replacing via ") + path,
                                   before.size(), mediaFiles().size());
    }
  }

  void testDeleteProfileImage() {
    const std::string token = mintToken(uniqueUserId("b-del-profile"));
    Reply up = postMultipart(kProfile, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    Reply cover = postMultipart(kCover, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(cover.describe(), 200, cover.status);

    Reply reply = del(kProfile, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(),
                                 std::string("Profile image deleted successfully"),
                                 reply.jsonString("message"));
    assertMediaGone(up.jsonString("image_url"));
    auto body = me(token);
    CPPUNIT_ASSERT_MESSAGE("profile_image_url after delete must be null",
                           body->isNull("profile_image_url"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover untouched by a profile delete",
                                 cover.jsonString("image_url"),
                                 urlOrEmpty(body, "cover_image_url"));
  }

  void testDeleteCoverImage() {
    const std::string token = mintToken(uniqueUserId("b-del-cover"));
    Reply up = postMultipart(kCover, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    Reply reply = del(kCover, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), std::string("Cover image deleted successfully"),
                                 reply.jsonString("message"));
    assertMediaGone(up.jsonString("image_url"));
    CPPUNIT_ASSERT_MESSAGE("cover_image_url after delete must be null",
                           me(token)->isNull("cover_image_url"));
  }

  void testDeleteWhenNoImageIs404WithSpecMessage() {
    const std::string token = mintToken(uniqueUserId("b-del-none"));
    assertJsonError(del(kProfile, token), 404, "detail", "User has no profile image");
    assertJsonError(del(kCover, token), 404, "detail", "User has no cover image");
  }

  void testNonImagesAreInvalidFileFormat() {
    const std::string token = mintToken(uniqueUserId("b-non-image"));
    Reply up = postMultipart(kProfile, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const auto before = mediaFiles();
    const std::vector<Part> bad = {
        {"file", "notes.txt", "text/plain", "plain text\n"},
        {"file", "index.html", "text/html", "<html><body><script>alert(1)</script></body></html>"},
        {"file", "fake.png", "image/png", "text wearing a .png name\n"},
        {"file", "empty.png", "image/png", ""},
    };
    for (const char* path : {kProfile, kCover}) {
      for (const Part& part : bad) {
        assertJsonError(postMultipart(path, token, {part}), 400, "detail", "Invalid file format");
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "files added by rejected uploads: " + join(added(before, mediaFiles())), before.size(),
        mediaFiles().size());
    auto body = me(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after rejected uploads", up.jsonString("image_url"),
                                 urlOrEmpty(body, "profile_image_url"));
    CPPUNIT_ASSERT_MESSAGE("cover after rejected uploads", body->isNull("cover_image_url"));
  }

  void testUploadWithoutFileFieldIs400() {
    const std::string token = mintToken(uniqueUserId("b-no-file"));
    const auto before = mediaFiles();
    assertJsonError(postMultipart(kProfile, token, {pngPart("profile_image")}), 400, "detail");
    assertJsonError(postMultipart(kCover, token, {}), 400, "detail");
    assertJsonError(send({.method = "POST",
                          .path = kProfile,
                          .authorization = bearer(token),
                          .contentType = "application/json",
                          .body = "{}"}),
                    400, "detail");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("files added: " + join(added(before, mediaFiles())),
                                 std::size_t{0}, added(before, mediaFiles()).size());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UsersMeApiTest, "users_me");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("users_me");

}  // namespace
}  // namespace userimg::it
