// Surface A through nginx: GET|POST|DELETE /api/resume/user-images/
// (specs/user-images-api.md). Each test uses its own user.

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

constexpr const char* kPath = "/api/resume/user-images/";

class UserImagesApiTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UserImagesApiTest);
  CPPUNIT_TEST(testGetWithoutImagesReturnsDefaultProfileAndNullCover);
  CPPUNIT_TEST(testDefaultProfileUrlServesAPng);
  CPPUNIT_TEST(testUploadProfileImageStoresAndServesIt);
  CPPUNIT_TEST(testUploadCoverImageStoresAndServesIt);
  CPPUNIT_TEST(testUploadBothFieldsInOnePost);
  CPPUNIT_TEST(testAcceptsJpegGifAndWebp);
  CPPUNIT_TEST(testChunkedUploadIsAccepted);
  CPPUNIT_TEST(testReplaceRemovesPreviousFile);
  CPPUNIT_TEST(testDeleteProfileImageRemovesFileAndRestoresDefault);
  CPPUNIT_TEST(testDeleteCoverImageRemovesFileAndNullsCover);
  CPPUNIT_TEST(testDeleteWhenNoImageIs404);
  CPPUNIT_TEST(testDeleteWithMissingOrInvalidTypeIs400);
  CPPUNIT_TEST(testPostWithNeitherFieldIs400);
  CPPUNIT_TEST(testPostWithoutMultipartBodyIs400);
  CPPUNIT_TEST(testNonImagesAreRejectedAndNothingStored);
  CPPUNIT_TEST(testOneInvalidFieldRejectsBoth);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testGetWithoutImagesReturnsDefaultProfileAndNullCover() {
    const std::string token = mintToken(uniqueUserId("a-get"));
    Reply reply = get(kPath, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    auto images = reply.json()->getObject("images");
    CPPUNIT_ASSERT_MESSAGE("no \"images\" object: " + reply.describe(), !images.isNull());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile_image of a new user: " + reply.describe(),
                                 defaultProfileUrl(),
                                 images->getValue<std::string>("profile_image"));
    CPPUNIT_ASSERT_MESSAGE("cover_image of a new user must be null: " + reply.describe(),
                           images->has("cover_image") && images->isNull("cover_image"));
  }

  void testDefaultProfileUrlServesAPng() {
    Reply image = get(defaultProfileUrl(), "");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("default profile image: " + image.describe(), 200, image.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("default profile image type", std::string("image/png"),
                                 image.header("content-type"));
    CPPUNIT_ASSERT_MESSAGE("default profile image is not a PNG",
                           image.body.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  }

  void testUploadProfileImageStoresAndServesIt() {
    const std::string token = mintToken(uniqueUserId("a-up-profile"));
    const auto before = mediaFiles();
    Reply reply = postMultipart(kPath, token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(),
                                 std::string("Profile image uploaded successfully"),
                                 reply.jsonString("message"));
    const std::string url = reply.jsonString("profile_image");
    CPPUNIT_ASSERT_MESSAGE("unexpected profile URL " + url, isMediaUrl(url, profileUrlPrefix()));
    CPPUNIT_ASSERT_MESSAGE("a profile upload must not answer cover_image: " + reply.describe(),
                           !reply.json()->has("cover_image"));
    assertMediaServed(url);
    const auto added = it::added(before, mediaFiles());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("files added by one upload: " + join(added), std::size_t{1},
                                 added.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET after upload", url, currentImages(token).profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover after a profile upload", std::string(),
                                 currentImages(token).cover);
  }

  void testUploadCoverImageStoresAndServesIt() {
    const std::string token = mintToken(uniqueUserId("a-up-cover"));
    Reply reply = postMultipart(kPath, token, {jpegPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), std::string("Cover image uploaded successfully"),
                                 reply.jsonString("message"));
    const std::string url = reply.jsonString("cover_image");
    CPPUNIT_ASSERT_MESSAGE("unexpected cover URL " + url, isMediaUrl(url, coverUrlPrefix()));
    assertMediaServed(url);
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET cover after upload", url, current.cover);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after a cover upload", defaultProfileUrl(),
                                 current.profile);
  }

  void testUploadBothFieldsInOnePost() {
    const std::string token = mintToken(uniqueUserId("a-up-both"));
    const auto before = mediaFiles();
    Reply reply = postMultipart(kPath, token, {pngPart("profile_image"), jpegPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), std::string("Images uploaded successfully"),
                                 reply.jsonString("message"));
    const std::string profile = reply.jsonString("profile_image");
    const std::string cover = reply.jsonString("cover_image");
    CPPUNIT_ASSERT_MESSAGE("profile URL " + profile, isMediaUrl(profile, profileUrlPrefix()));
    CPPUNIT_ASSERT_MESSAGE("cover URL " + cover, isMediaUrl(cover, coverUrlPrefix()));
    assertMediaServed(profile);
    assertMediaServed(cover);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("files added by a two-field upload", std::size_t{2},
                                 added(before, mediaFiles()).size());
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL(profile, current.profile);
    CPPUNIT_ASSERT_EQUAL(cover, current.cover);
  }

  void testAcceptsJpegGifAndWebp() {
    const std::string token = mintToken(uniqueUserId("a-formats"));
    const std::vector<Part> parts = {
        {"profile_image", "a.jpg", "image/jpeg", jpegImage()},
        {"profile_image", "a.gif", "image/gif", gifImage()},
        {"profile_image", "a.webp", "image/webp", webpImage()},
        // The declared type and name do not decide: the bytes do.
        {"profile_image", "upload.bin", "application/octet-stream", pngImage()},
    };
    for (const Part& part : parts) {
      Reply reply = postMultipart(kPath, token, {part});
      CPPUNIT_ASSERT_EQUAL_MESSAGE("uploading " + part.filename + ": " + reply.describe(), 200,
                                   reply.status);
      const std::string url = reply.jsonString("profile_image");
      assertMediaServed(url);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("GET after uploading " + part.filename, url,
                                   currentImages(token).profile);
    }
  }

  void testChunkedUploadIsAccepted() {
    const std::string token = mintToken(uniqueUserId("a-chunked"));
    Reply reply =
        postMultipart(kPath, token, {{"profile_image", "big.png", "image/png", pngImage(400, 300)}},
                      /*chunked=*/true);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("chunked upload: " + reply.describe(), 200, reply.status);
    assertMediaServed(reply.jsonString("profile_image"));
  }

  void testReplaceRemovesPreviousFile() {
    const std::string token = mintToken(uniqueUserId("a-replace"));
    Reply first = postMultipart(kPath, token, {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string oldProfile = first.jsonString("profile_image");
    const std::string oldCover = first.jsonString("cover_image");
    const auto before = mediaFiles();

    Reply second = postMultipart(kPath, token, {jpegPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(second.describe(), 200, second.status);
    const std::string newProfile = second.jsonString("profile_image");
    CPPUNIT_ASSERT_MESSAGE("replacement reused the old URL " + oldProfile,
                           newProfile != oldProfile);
    assertMediaServed(newProfile);
    assertMediaGone(oldProfile);
    // The cover was not part of the replacement.
    assertMediaServed(oldCover);
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after replace", newProfile, current.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover after replacing the profile", oldCover, current.cover);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("media file count after a replace (one in, one out)",
                                 before.size(), mediaFiles().size());

    Reply third = postMultipart(kPath, token, {pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(third.describe(), 200, third.status);
    assertMediaGone(oldCover);
    assertMediaServed(third.jsonString("cover_image"));
    CPPUNIT_ASSERT_MESSAGE(
        "variant files of replaced images left behind: " + join(orphanVariantFiles()),
        orphanVariantFiles().empty());
  }

  void testDeleteProfileImageRemovesFileAndRestoresDefault() {
    const std::string token = mintToken(uniqueUserId("a-del-profile"));
    Reply up = postMultipart(kPath, token, {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");

    Reply reply = del(std::string(kPath) + "?type=profile_image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(),
                                 std::string("Profile image deleted successfully"),
                                 reply.jsonString("message"));
    assertMediaGone(url);
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after delete", defaultProfileUrl(), current.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover untouched by a profile delete",
                                 up.jsonString("cover_image"), current.cover);
    assertMediaServed(current.cover);
  }

  void testDeleteCoverImageRemovesFileAndNullsCover() {
    const std::string token = mintToken(uniqueUserId("a-del-cover"));
    Reply up = postMultipart(kPath, token, {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("cover_image");

    Reply reply = del(std::string(kPath) + "?type=cover_image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), std::string("Cover image deleted successfully"),
                                 reply.jsonString("message"));
    assertMediaGone(url);
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover after delete must be null", std::string(), current.cover);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile untouched by a cover delete",
                                 up.jsonString("profile_image"), current.profile);
  }

  void testDeleteWhenNoImageIs404() {
    const std::string token = mintToken(uniqueUserId("a-del-none"));
    assertJsonError(del(std::string(kPath) + "?type=profile_image", token), 404, "error");
    assertJsonError(del(std::string(kPath) + "?type=cover_image", token), 404, "error");
    // And again after an upload and a delete.
    Reply up = postMultipart(kPath, token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    Reply first = del(std::string(kPath) + "?type=profile_image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    assertJsonError(del(std::string(kPath) + "?type=profile_image", token), 404, "error");
  }

  void testDeleteWithMissingOrInvalidTypeIs400() {
    const std::string token = mintToken(uniqueUserId("a-del-type"));
    Reply up = postMultipart(kPath, token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    for (const char* query :
         {"", "?type=", "?type=avatar", "?kind=profile_image", "?type=PROFILE_IMAGE"}) {
      assertJsonError(del(std::string(kPath) + query, token), 400, "error");
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a rejected delete changed the record",
                                 up.jsonString("profile_image"), currentImages(token).profile);
    assertMediaServed(up.jsonString("profile_image"));
  }

  void testPostWithNeitherFieldIs400() {
    const std::string token = mintToken(uniqueUserId("a-no-field"));
    const auto before = mediaFiles();
    assertJsonError(postMultipart(kPath, token, {{"avatar", "a.png", "image/png", pngImage()}}),
                    400, "error");
    assertJsonError(postMultipart(kPath, token, {{"note", "", "", "hello"}}), 400, "error");
    assertJsonError(postMultipart(kPath, token, {}), 400, "error");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "files added by rejected posts: " + join(added(before, mediaFiles())), std::size_t{0},
        added(before, mediaFiles()).size());
  }

  void testPostWithoutMultipartBodyIs400() {
    const std::string token = mintToken(uniqueUserId("a-not-multipart"));
    assertJsonError(send({.method = "POST",
                          .path = kPath,
                          .authorization = bearer(token),
                          .contentType = "application/json",
                          .body = R"({"profile_image": "x"})"}),
                    400, "error");
    assertJsonError(send({.method = "POST",
                          .path = kPath,
                          .authorization = bearer(token),
                          .contentType = "multipart/form-data; boundary=xyz",
                          .body = "this is not multipart"}),
                    400, "error");
  }

  void testNonImagesAreRejectedAndNothingStored() {
    const std::string token = mintToken(uniqueUserId("a-non-image"));
    Reply up = postMultipart(kPath, token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");
    const auto before = mediaFiles();
    const std::vector<Part> bad = {
        {"profile_image", "notes.txt", "text/plain", "just some text\n"},
        {"profile_image", "page.html", "text/html", "<!doctype html><html><body>hi</body></html>"},
        {"profile_image", "fake.png", "image/png", "this is text pretending to be a PNG\n"},
        {"cover_image", "fake.jpg", "image/jpeg", "\xff\xd8 not really a jpeg"},
        {"cover_image", "empty.png", "image/png", ""},
    };
    for (const Part& part : bad) {
      Reply reply = postMultipart(kPath, token, {part});
      assertJsonError(reply, 400, "error");
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "files added by rejected uploads: " + join(added(before, mediaFiles())), before.size(),
        mediaFiles().size());
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after rejected uploads", url, current.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover after rejected uploads", std::string(), current.cover);
    assertMediaServed(url);
  }

  void testOneInvalidFieldRejectsBoth() {
    const std::string token = mintToken(uniqueUserId("a-half-bad"));
    const auto before = mediaFiles();
    Reply reply = postMultipart(
        kPath, token,
        {pngPart("profile_image"), {"cover_image", "x.png", "image/png", "not an image"}});
    assertJsonError(reply, 400, "error");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "files added by a half-invalid upload: " + join(added(before, mediaFiles())),
        std::size_t{0}, added(before, mediaFiles()).size());
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after a half-invalid upload", defaultProfileUrl(),
                                 current.profile);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UserImagesApiTest, "user_images");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("user_images");

}  // namespace
}  // namespace userimg::it
