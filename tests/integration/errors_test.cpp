// The error statuses other suites do not reach: 413 (from the app and from
// nginx), 404 for unknown paths, 405 with Allow, and 500 when storage fails.
// Every one is JSON in the shape of the surface it was sent to.

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <filesystem>
#include <fstream>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

namespace fs = std::filesystem;

// A part whose content starts like a PNG and is `bytes` long.
Part oversizedPart(const std::string& field, std::int64_t bytes) {
  std::string data = pngImage();
  data.resize(static_cast<std::size_t>(bytes), '\0');
  return {field, "huge.png", "image/png", std::move(data)};
}

std::set<std::string> allowed(const Reply& reply) {
  std::set<std::string> methods;
  Poco::StringTokenizer tokens(
      reply.header("allow"), ",",
      Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens) methods.insert(Poco::toUpper(token));
  return methods;
}

// Replaces a directory of the media tree with a plain file for its lifetime,
// so the store cannot create anything under it.
class BlockedDirectory {
 public:
  explicit BlockedDirectory(fs::path dir) : dir_(std::move(dir)), saved_(dir_.string() + ".saved") {
    fs::create_directories(dir_);
    fs::rename(dir_, saved_);
    std::ofstream(dir_) << "not a directory\n";
  }
  ~BlockedDirectory() {
    std::error_code ec;
    fs::remove(dir_, ec);
    fs::rename(saved_, dir_, ec);
  }

 private:
  fs::path dir_;
  fs::path saved_;
};

class ErrorsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ErrorsTest);
  CPPUNIT_TEST(testBodyJustOverTheLimitIs413);
  CPPUNIT_TEST(testBodyFarOverTheLimitIs413FromNginx);
  CPPUNIT_TEST(testChunkedBodyOverTheLimitIs413);
  CPPUNIT_TEST(testUnknownPathsAre404Json);
  CPPUNIT_TEST(testWrongMethodsAre405WithAllow);
  CPPUNIT_TEST(testStorageFailureOnUploadIs500);
  CPPUNIT_TEST(testStorageFailureOnDeleteIs500AndKeepsRecord);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testBodyJustOverTheLimitIs413() { checkOversized(Target::get().maxBytes + 1, false); }

  void testBodyFarOverTheLimitIs413FromNginx() {
    checkOversized(Target::get().maxBytes + 2 * 1024 * 1024, false);
  }

  void testChunkedBodyOverTheLimitIs413() { checkOversized(Target::get().maxBytes + 1, true); }

  void testUnknownPathsAre404Json() {
    const std::string token = mintToken(uniqueUserId("e-404"));
    for (const char* path : {"/api/resume/", "/api/resume/nope", "/api/resume/user-images/extra"}) {
      assertJsonError(get(path, token), 404, "error");
    }
    for (const char* path : {"/users/me/nope", "/users/me/profile-image/x"}) {
      assertJsonError(get(path, token), 404, "detail");
    }
    // A dedicated API host (the shipped nginx server block) answers every
    // other path too. The Apache confs claim only the API's own paths: the
    // rest is the site's, and the site answers it.
    if (Target::get().apiOnlyHost) {
      for (const char* path : {"/users/", "/users/you"}) {
        assertJsonError(get(path, token), 404, "detail");
      }
      Reply elsewhere = get("/index.php", "");
      CPPUNIT_ASSERT_EQUAL_MESSAGE(elsewhere.describe(), 404, elsewhere.status);
      elsewhere.json();
    }
  }

  void testWrongMethodsAre405WithAllow() {
    const std::string token = mintToken(uniqueUserId("e-405"));
    struct Case {
      const char* method;
      const char* path;
      const char* key;
      std::set<std::string> allow;
    };
    const std::vector<Case> cases = {
        {"PUT", "/api/resume/user-images/", "error", {"GET", "POST", "DELETE"}},
        {"PATCH", "/api/resume/user-images/", "error", {"GET", "POST", "DELETE"}},
        {"POST", "/users/me", "detail", {"GET"}},
        {"DELETE", "/users/me", "detail", {"GET"}},
        {"GET", "/users/me/profile-image", "detail", {"POST", "DELETE"}},
        {"PUT", "/users/me/cover-image", "detail", {"POST", "DELETE"}},
    };
    for (const Case& c : cases) {
      Reply reply = send({.method = c.method, .path = c.path, .authorization = bearer(token)});
      assertJsonError(reply, 405, c.key);
      std::set<std::string> methods = allowed(reply);
      methods.erase("HEAD");
      methods.erase("OPTIONS");
      CPPUNIT_ASSERT_MESSAGE("Allow '" + reply.header("allow") + "' for " + reply.describe(),
                             methods == c.allow);
    }
  }

  void testStorageFailureOnUploadIs500() {
    const std::string token = mintToken(uniqueUserId("e-500-up"));
    Reply first = postMultipart("/api/resume/user-images/", token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string url = first.jsonString("profile_image");
    {
      BlockedDirectory blocked(Target::get().mediaRoot / "resume" / "images");
      const auto before = mediaFiles();
      assertJsonError(postMultipart("/api/resume/user-images/", token, {pngPart("profile_image")}),
                      500, "error");
      assertJsonError(postMultipart("/users/me/profile-image", token,
                                    {{"file", "p.png", "image/png", pngImage()}}),
                      500, "detail", "Error uploading image");
      CPPUNIT_ASSERT_EQUAL_MESSAGE(
          "files added by failed uploads: " + join(added(before, mediaFiles())), std::size_t{0},
          added(before, mediaFiles()).size());
      CPPUNIT_ASSERT_EQUAL_MESSAGE("record after failed uploads", url,
                                   currentImages(token).profile);
    }
    assertMediaServed(url);
    // Storage back: uploads work again.
    Reply again = postMultipart("/users/me/profile-image", token,
                                {{"file", "p.png", "image/png", pngImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE("upload after storage recovered: " + again.describe(), 200,
                                 again.status);
    assertMediaGone(url);
  }

  void testStorageFailureOnDeleteIs500AndKeepsRecord() {
    const std::string token = mintToken(uniqueUserId("e-500-del"));
    Reply up = postMultipart("/api/resume/user-images/", token,
                             {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string profile = up.jsonString("profile_image");
    const std::string cover = up.jsonString("cover_image");
    {
      UndeletableFile stuckProfile(mediaPathFor(profile));
      UndeletableFile stuckCover(mediaPathFor(cover));
      assertJsonError(del("/users/me/profile-image", token), 500, "detail",
                      "Error deleting image from Cloudinary");
      assertJsonError(del("/users/me/cover-image", token), 500, "detail",
                      "Error deleting image from Cloudinary");
      assertJsonError(del("/api/resume/user-images/?type=profile_image", token), 500, "error");
      assertJsonError(del("/api/resume/user-images/?type=cover_image", token), 500, "error");
      const CurrentImages current = currentImages(token);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("profile record after a failed delete", profile,
                                   current.profile);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("cover record after a failed delete", cover, current.cover);
    }
    assertMediaServed(profile);
    Reply retry = del("/users/me/profile-image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("delete after storage recovered: " + retry.describe(), 200,
                                 retry.status);
    assertMediaGone(profile);
  }

 private:
  // Uploads a body of about `bytes` to each upload route and expects a JSON
  // 413 in the route's shape with nothing stored and the record unchanged.
  void checkOversized(std::int64_t bytes, bool chunked) {
    const std::string token = mintToken(uniqueUserId("e-413"));
    Reply up = postMultipart("/api/resume/user-images/", token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");
    const auto before = mediaFiles();
    const std::vector<std::tuple<std::string, std::string, std::string>> routes = {
        {"/api/resume/user-images/", "profile_image", "error"},
        {"/api/resume/user-images/", "cover_image", "error"},
        {"/users/me/profile-image", "file", "detail"},
        {"/users/me/cover-image", "file", "detail"},
    };
    for (const auto& [path, field, key] : routes) {
      Reply reply = postMultipart(path, token, {oversizedPart(field, bytes)}, chunked);
      assertJsonError(reply, 413, key);
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "files added by oversized uploads: " + join(added(before, mediaFiles())), std::size_t{0},
        added(before, mediaFiles()).size());
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after oversized uploads", url, current.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("cover after oversized uploads", std::string(), current.cover);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ErrorsTest, "errors");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("errors");

}  // namespace
}  // namespace userimg::it
