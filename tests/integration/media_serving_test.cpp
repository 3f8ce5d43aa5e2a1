// What nginx (the shipped conf/nginx/userimg.conf) serves under /media/ and
// /static/userimg/: uploaded images with safe headers, and nothing else.

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

namespace fs = std::filesystem;

// Files planted in the media tree for one test, removed afterwards.
class PlantedFiles {
 public:
  void add(const std::string& relative, const std::string& content) {
    const fs::path path = Target::get().mediaRoot / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    paths_.push_back(path);
  }
  ~PlantedFiles() {
    std::error_code ec;
    for (const auto& path : paths_) fs::remove(path, ec);
  }

 private:
  std::vector<fs::path> paths_;
};

class MediaServingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MediaServingTest);
  CPPUNIT_TEST(testUploadedImageIsServedWithSafeCachingHeaders);
  CPPUNIT_TEST(testDirectoriesAreNotListed);
  CPPUNIT_TEST(testOnlyImageFilesAreServed);
  CPPUNIT_TEST(testPathsOutsideTheMediaTreeAreNotServed);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUploadedImageIsServedWithSafeCachingHeaders() {
    const std::string token = mintToken(uniqueUserId("m-headers"));
    Reply up = postMultipart("/api/resume/user-images/", token, {jpegPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");
    assertMediaServed(url);
    Reply image = get(url, "");
    CPPUNIT_ASSERT_MESSAGE(
        "Cache-Control of a stored image: '" + image.header("cache-control") + "'",
        image.header("cache-control").find("max-age=") != std::string::npos);
    const std::string stored = [&] {
      std::ifstream in(mediaPathFor(url), std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    CPPUNIT_ASSERT_MESSAGE("nginx served other bytes than the stored file for " + url,
                           image.body == stored);
  }

  void testDirectoriesAreNotListed() {
    const std::string token = mintToken(uniqueUserId("m-listing"));
    Reply up = postMultipart("/api/resume/user-images/", token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");
    const std::string shard = url.substr(0, url.rfind('/') + 1);
    for (const std::string& path : {std::string("/media/"), std::string("/media/resume/"),
                                    profileUrlPrefix(), shard, std::string("/static/userimg/")}) {
      Reply reply = get(path, "");
      CPPUNIT_ASSERT_MESSAGE("directory listed or served: " + reply.describe(),
                             reply.status == 403 || reply.status == 404);
      reply.json();  // the web server's own refusal is JSON too, never an HTML page
    }
  }

  void testOnlyImageFilesAreServed() {
    PlantedFiles planted;
    planted.add("resume/images/zz/notes.txt", "private notes\n");
    planted.add("resume/images/zz/page.html", "<script>alert(1)</script>");
    planted.add("resume/images/zz/image.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    planted.add("resume/images/zz/.hidden.png", "x");
    for (const char* path :
         {"/media/resume/images/zz/notes.txt", "/media/resume/images/zz/page.html",
          "/media/resume/images/zz/image.svg", "/media/resume/images/zz/.hidden.png"}) {
      Reply reply = get(path, "");
      CPPUNIT_ASSERT_EQUAL_MESSAGE("a non-image file was served: " + reply.describe(), 404,
                                   reply.status);
      reply.json();
    }
  }

  void testPathsOutsideTheMediaTreeAreNotServed() {
    for (const char* path : {"/media/../userimg.ini", "/media/%2e%2e/userimg.ini",
                             "/media/..%2fuserimg.ini", "/static/userimg/../../etc/passwd"}) {
      Reply reply = get(path, "");
      CPPUNIT_ASSERT_MESSAGE("escaped the media tree: " + reply.describe(),
                             reply.status == 400 || reply.status == 403 || reply.status == 404);
      // 400 is the web server refusing the request line before any location
      // applies (the fault matrix's concern); 403 and 404 come from the
      // shipped locations and are JSON. Behind the Apache confs, a path
      // that climbs out of /media/ is the site's, which answers it.
      if (reply.status != 400 && Target::get().apiOnlyHost) reply.json();
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MediaServingTest, "media_serving");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("media_serving");

}  // namespace
}  // namespace userimg::it
