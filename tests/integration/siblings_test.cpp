// WebP siblings seen from outside, through the web server on both surfaces
// (local storage): every variant has one at the same size, listed under
// "variants_webp" with the same names, served as image/webp at its own URL;
// replacing the image removes them with it. Distinct URLs are the default:
// the web server never answers a JPEG URL with WebP unless the stack turns
// on the Accept recipe (USERIMG_IT_ACCEPT=1: conf/nginx/
// userimg-media-accept.conf, or Define USERIMG_ACCEPT for Apache), and then
// says Vary: Accept.

#include <cppunit/extensions/HelperMacros.h>
#include <vips/vips.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "it_support.h"

namespace userimg::it {
namespace {

constexpr const char* kImages = "/api/resume/user-images/";

bool acceptRecipeOn() {
  const char* on = std::getenv("USERIMG_IT_ACCEPT");
  return on != nullptr && std::string(on) == "1";
}

std::set<std::string> keysOf(const Poco::JSON::Object::Ptr& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : *object) keys.insert(key);
  return keys;
}

Reply fetch(const std::string& url, const std::string& accept = "") {
  RequestSpec spec{.method = "GET", .path = url};
  if (!accept.empty()) spec.extraHeaders.emplace_back("Accept", accept);
  return send(spec);
}

// Fails unless `url` answers 200 with a `side` px wide WebP.
void assertWebp(const std::string& url, int width) {
  const Reply reply = fetch(url);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(url, std::string("image/webp"), reply.header("content-type"));
  CPPUNIT_ASSERT_MESSAGE(url, reply.body.size() > 12 && reply.body.compare(0, 4, "RIFF") == 0 &&
                                  reply.body.compare(8, 4, "WEBP") == 0);
  VipsImage* image = vips_image_new_from_buffer(reply.body.data(), reply.body.size(), "", nullptr);
  CPPUNIT_ASSERT_MESSAGE(url + " does not decode", image != nullptr);
  const int decodedWidth = image->Xsize;
  g_object_unref(image);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(url, width, decodedWidth);
}

// Fails unless `variants` and `siblings` name the same variants, and each
// sibling is a WebP of its name's width ("128" or "640w").
void assertSiblings(const std::string& where, const Poco::JSON::Object::Ptr& variants,
                    const Poco::JSON::Object::Ptr& siblings,
                    const std::set<std::string>& expected) {
  CPPUNIT_ASSERT_MESSAGE(where + ": no variants", variants);
  CPPUNIT_ASSERT_MESSAGE(where + ": no variants_webp", siblings);
  CPPUNIT_ASSERT_MESSAGE(where, keysOf(variants) == expected);
  CPPUNIT_ASSERT_MESSAGE(where, keysOf(siblings) == expected);
  for (const std::string& name : expected) {
    const std::string url = siblings->getValue<std::string>(name);
    CPPUNIT_ASSERT_MESSAGE(where + ": " + url, url.ends_with("_" + name + ".webp"));
    CPPUNIT_ASSERT_MESSAGE(where, url != variants->getValue<std::string>(name));
    assertWebp(url, std::atoi(name.c_str()));
  }
}

class SiblingsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SiblingsTest);
  CPPUNIT_TEST(testSurfaceAListsAndServesWebpSiblings);
  CPPUNIT_TEST(testSurfaceBListsAndServesWebpSiblings);
  CPPUNIT_TEST(testReplacingRemovesTheSiblings);
  CPPUNIT_TEST(testJpegUrlIsNegotiatedOnlyWithTheAcceptRecipe);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSurfaceAListsAndServesWebpSiblings() {
    const std::string token = mintToken(uniqueUserId("siblings-a"));
    const Reply posted =
        postMultipart(kImages, token,
                      {{"profile_image", "p.jpg", "image/jpeg", jpegImage(400, 300)},
                       {"cover_image", "c.jpg", "image/jpeg", jpegImage(1280, 400)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(posted.describe(), 200, posted.status);
    for (const Reply& reply : {posted, get(kImages, token)}) {
      const auto json = reply.json();
      assertSiblings(reply.describe(), json->getObject("variants")->getObject("profile_image"),
                     json->getObject("variants_webp")->getObject("profile_image"),
                     {"64", "128", "256"});
      assertSiblings(reply.describe(), json->getObject("variants")->getObject("cover_image"),
                     json->getObject("variants_webp")->getObject("cover_image"), {"640w"});
    }
    CPPUNIT_ASSERT_MESSAGE(join(orphanVariantFiles()), orphanVariantFiles().empty());
  }

  void testSurfaceBListsAndServesWebpSiblings() {
    const std::string token = mintToken(uniqueUserId("siblings-b"));
    const Reply posted = postMultipart("/users/me/profile-image", token,
                                       {{"file", "p.png", "image/png", pngImage(300, 300)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(posted.describe(), 200, posted.status);
    assertSiblings(posted.describe(), posted.json()->getObject("variants"),
                   posted.json()->getObject("variants_webp"), {"64", "128", "256"});
    const Reply me = get("/users/me", token);
    const auto image = me.json()->getObject("profile_image");
    CPPUNIT_ASSERT_MESSAGE(me.describe(), image);
    assertSiblings(me.describe(), image->getObject("variants"), image->getObject("variants_webp"),
                   {"64", "128", "256"});
  }

  void testReplacingRemovesTheSiblings() {
    const std::string token = mintToken(uniqueUserId("siblings-replace"));
    const Reply first = postMultipart("/users/me/profile-image", token,
                                      {{"file", "p.jpg", "image/jpeg", jpegImage(200, 200)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string old = first.json()->getObject("variants_webp")->getValue<std::string>("128");
    CPPUNIT_ASSERT_EQUAL(200, fetch(old).status);
    const Reply second = postMultipart("/users/me/profile-image", token,
                                       {{"file", "p.jpg", "image/jpeg", jpegImage(220, 200)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(second.describe(), 200, second.status);
    const Reply gone = fetch(old);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(gone.describe(), 404, gone.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(gone.describe(), std::string("application/json"),
                                 gone.header("content-type"));
    const Reply deleted = del("/users/me/profile-image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(deleted.describe(), 204 / 100, deleted.status / 100);
    CPPUNIT_ASSERT_MESSAGE(join(orphanVariantFiles()), orphanVariantFiles().empty());
  }

  void testJpegUrlIsNegotiatedOnlyWithTheAcceptRecipe() {
    const std::string token = mintToken(uniqueUserId("siblings-accept"));
    const Reply posted = postMultipart("/users/me/profile-image", token,
                                       {{"file", "p.jpg", "image/jpeg", jpegImage(300, 200)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(posted.describe(), 200, posted.status);
    const std::string jpeg = posted.json()->getObject("variants")->getValue<std::string>("128");
    const std::string browser = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";
    const Reply negotiated = fetch(jpeg, browser);
    const Reply plain = fetch(jpeg, "image/jpeg,image/*;q=0.8");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(negotiated.describe(), 200, negotiated.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(plain.describe(), 200, plain.status);
    CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), plain.header("content-type"));
    if (acceptRecipeOn()) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(jpeg, std::string("image/webp"),
                                   negotiated.header("content-type"));
      CPPUNIT_ASSERT(negotiated.body.compare(8, 4, "WEBP") == 0);
      for (const Reply* reply : {&negotiated, &plain}) {
        CPPUNIT_ASSERT_MESSAGE(reply->describe() + " Vary: " + reply->header("vary"),
                               reply->header("vary").find("Accept") != std::string::npos);
      }
      // The WebP URL itself is the WebP whatever the client accepts.
      const std::string webp =
          posted.json()->getObject("variants_webp")->getValue<std::string>("128");
      CPPUNIT_ASSERT_EQUAL(std::string("image/webp"),
                           fetch(webp, "image/jpeg").header("content-type"));
    } else {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(jpeg + " is negotiated without the recipe",
                                   std::string("image/jpeg"), negotiated.header("content-type"));
      CPPUNIT_ASSERT_MESSAGE(negotiated.header("vary"),
                             negotiated.header("vary").find("Accept") == std::string::npos);
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SiblingsTest, "siblings");

}  // namespace
}  // namespace userimg::it

CPPUNIT_REGISTRY_ADD_TO_DEFAULT("siblings");
