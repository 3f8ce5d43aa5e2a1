// `userimgctl regenerate` against a running stack, through its web server:
// images uploaded on both surfaces, [images] profile_variants changed for
// the command (USERIMG_IMAGES_PROFILE_VARIANTS, as an operator's edit of
// the file would), the real command run, and the new variants served while
// the old ones are gone; a rerun changes nothing. On the local backend
// (stacks sqlite and mysql) variants are files under the media root; on
// Cloudinary (stack cloudinary) they are delivery URLs of the test server.
// The server keeps serving while images are being regenerated.
// Every run names its own user (--user), so other suites' images are never
// touched.

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "image/image_fixtures.h"
#include "integration/gc_support.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kNewSizes = {"USERIMG_IMAGES_PROFILE_VARIANTS=40,80"};

bool isRemote(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

// The variants object of an image of GET /users/me, as name -> URL.
std::map<std::string, std::string> variantsOf(const Poco::JSON::Object::Ptr& image) {
  std::map<std::string, std::string> out;
  auto variants = image->getObject("variants");
  CPPUNIT_ASSERT_MESSAGE("no variants object", variants);
  for (const auto& [name, value] : *variants) out[name] = value.toString();
  return out;
}

// Fails unless `url` (a /media/ URL or a Cloudinary delivery URL) answers
// 200 with an image type.
void assertServed(const std::string& url) {
  if (!isRemote(url)) {
    assertMediaServed(url);
    return;
  }
  const HttpReply reply = httpRequest("GET", url);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(url, 200, reply.status);
  CPPUNIT_ASSERT_MESSAGE(url + " is " + reply.contentType,
                         reply.contentType.rfind("image/", 0) == 0);
}

std::string readFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class RegenerateTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RegenerateTest);
  CPPUNIT_TEST(testRebuildsChangedVariantsAndARerunChangesNothing);
  CPPUNIT_TEST(testServerKeepsServingDuringRegeneration);
  CPPUNIT_TEST(testRefusesBadUsage);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRebuildsChangedVariantsAndARerunChangesNothing() {
    const std::string user = uniqueUserId("regen");
    const std::string token = mintToken(user);
    // A profile image on surface B with a crop (the right-hand square), a
    // cover on surface A.
    Reply profile = postMultipart(
        "/users/me/profile-image", token,
        {{"file", "me.jpg", "image/jpeg", jpegImage(400, 200)}, {"crop", "", "", "200,0,200,200"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(profile.describe(), 200, profile.status);
    Reply cover = postMultipart("/api/resume/user-images/", token, {pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(cover.describe(), 200, cover.status);

    const Poco::JSON::Object::Ptr before = me(token);
    const std::string mainUrl = before->getObject("profile_image")->getValue<std::string>("url");
    const auto oldVariants = variantsOf(before->getObject("profile_image"));
    const auto coverVariants = variantsOf(before->getObject("cover_image"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, oldVariants.size());
    const bool remote = isRemote(mainUrl);
    const std::string mainBytes = remote ? "" : readFile(mediaPathFor(mainUrl));

    // A dry run lists the image and changes nothing.
    const CommandResult dry = runCtl({"regenerate", "--user", user, "--dry-run"}, kNewSizes);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(dry.output, 0, dry.exitCode);
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "would rebuild profile", user));
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "up to date cover", user));
    CPPUNIT_ASSERT_MESSAGE("a dry run changed the record",
                           variantsOf(me(token)->getObject("profile_image")) == oldVariants);

    const CommandResult run = runCtl({"regenerate", "--user", user}, kNewSizes);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(run.output, 0, run.exitCode);
    CPPUNIT_ASSERT_MESSAGE(run.output, lineWith(run.output, "[1/2] rebuilt profile", user));
    CPPUNIT_ASSERT_MESSAGE(run.output, lineWith(run.output, "images/s", "left"));
    CPPUNIT_ASSERT_MESSAGE(run.output, lineWith(run.output, "regenerate: 2 of 2 images",
                                                "1 rebuilt, 1 up to date, 0 skipped, 0 failed"));

    const Poco::JSON::Object::Ptr after = me(token);
    const Poco::JSON::Object::Ptr image = after->getObject("profile_image");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the main image keeps its URL", mainUrl,
                                 image->getValue<std::string>("url"));
    CPPUNIT_ASSERT_MESSAGE("the placeholder stays", !image->isNull("placeholder"));
    const auto newVariants = variantsOf(image);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, newVariants.size());
    for (const auto& [name, side] : {std::pair<std::string, int>{"40", 40}, {"80", 80}}) {
      CPPUNIT_ASSERT_MESSAGE("variant " + name + " missing", newVariants.count(name) == 1);
      const std::string& url = newVariants.at(name);
      assertServed(url);
      if (remote) {
        const std::string size = "w_" + std::to_string(side) + ",h_" + std::to_string(side);
        CPPUNIT_ASSERT_MESSAGE(url, url.find(size) != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE("the crop is kept: " + url,
                               url.find("c_crop,x_200,y_0,w_200,h_200/") != std::string::npos);
      } else {
        image::testing::ensureLibrary();
        image::testing::Image pixels = image::testing::load(mediaPathFor(url));
        CPPUNIT_ASSERT_EQUAL(side, pixels->Xsize);
        CPPUNIT_ASSERT_EQUAL(side, pixels->Ysize);
      }
    }
    if (!remote) {
      CPPUNIT_ASSERT_MESSAGE("the main image is untouched",
                             readFile(mediaPathFor(mainUrl)) == mainBytes);
      for (const auto& [name, url] : oldVariants) assertMediaGone(url);
    }
    CPPUNIT_ASSERT_MESSAGE("the cover is as it was",
                           variantsOf(after->getObject("cover_image")) == coverVariants);

    // A rerun finds nothing to do.
    const CommandResult again = runCtl({"regenerate", "--user", user}, kNewSizes);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(again.output, 0, again.exitCode);
    CPPUNIT_ASSERT_MESSAGE(again.output, lineWith(again.output, "up to date profile", user));
    CPPUNIT_ASSERT_MESSAGE(again.output, lineWith(again.output, "regenerate:", "0 rebuilt"));
    CPPUNIT_ASSERT_MESSAGE("a rerun changed the record",
                           variantsOf(me(token)->getObject("profile_image")) == newVariants);
    for (const auto& [name, url] : newVariants) assertServed(url);
  }

  void testServerKeepsServingDuringRegeneration() {
    const std::string user = uniqueUserId("regen-live");
    const std::string token = mintToken(user);
    Reply profile = postMultipart("/users/me/profile-image", token,
                                  {{"file", "me.jpg", "image/jpeg", jpegImage(900, 700)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(profile.describe(), 200, profile.status);
    const std::string mainUrl = profile.jsonString("image_url");

    std::atomic<bool> running{true};
    auto runs = std::async(std::launch::async, [&] {
      std::vector<CommandResult> results;
      for (int i = 0; i < 4; ++i) {
        results.push_back(runCtl({"regenerate", "--user", user, "--force"}, kNewSizes));
      }
      running = false;
      return results;
    });
    int requests = 0;
    while (running || requests == 0) {
      Reply current = get("/users/me", token);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(current.describe(), 200, current.status);
      CPPUNIT_ASSERT_EQUAL(
          mainUrl, current.json()->getObject("profile_image")->getValue<std::string>("url"));
      assertServed(mainUrl);
      ++requests;
    }
    for (const CommandResult& result : runs.get()) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(result.output, 0, result.exitCode);
      CPPUNIT_ASSERT_MESSAGE(result.output, lineWith(result.output, "rebuilt profile", user));
    }
    const auto variants = variantsOf(me(token)->getObject("profile_image"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, variants.size());
    for (const auto& [name, url] : variants) assertServed(url);
  }

  void testRefusesBadUsage() {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"regenerate", "--kind", "avatar"},
          std::vector<std::string>{"regenerate", "--user"},
          std::vector<std::string>{"regenerate", "--apply"}}) {
      const CommandResult bad = runCtl(args);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(bad.output, 2, bad.exitCode);
    }
  }

 private:
  static Poco::JSON::Object::Ptr me(const std::string& token) {
    Reply reply = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    return reply.json();
  }
};

}  // namespace

// Only for integration.*.regenerate: not in the default registry.
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RegenerateTest, "regenerate");

}  // namespace userimg::it
