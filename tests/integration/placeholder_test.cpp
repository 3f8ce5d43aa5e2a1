// Placeholders seen from outside, through the web server on both surfaces:
// a solid-colour upload gets a placeholder of its colour (BlurHash whose
// average is that colour, dominant colour "#rrggbb" near it), the same one
// on every answer that shows the image, next to the spec's fields.

#include <cppunit/extensions/HelperMacros.h>
#include <vips/vips.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "image/image_fixtures.h"
#include "image/placeholder/blurhash.h"
#include "it_support.h"

namespace userimg::it {
namespace {

namespace testing = image::testing;
using Rgb = std::array<int, 3>;

constexpr const char* kImages = "/api/resume/user-images/";

// A `width` x `height` JPEG of one colour.
std::string solidJpeg(int width, int height, const Rgb& rgb) {
  testing::TempDir dir;
  const std::filesystem::path file = dir / "solid.jpg";
  testing::save(testing::solidImage(width, height, rgb[0], rgb[1], rgb[2]).get(), file);
  return testing::readBytes(file);
}

std::string describe(const Rgb& rgb) {
  return std::to_string(rgb[0]) + "," + std::to_string(rgb[1]) + "," + std::to_string(rgb[2]);
}

void assertNear(const std::string& what, const Rgb& expected, const Rgb& actual) {
  for (int c = 0; c < 3; ++c) {
    CPPUNIT_ASSERT_MESSAGE(what + ": " + describe(actual) + " is not near " + describe(expected),
                           std::abs(expected[c] - actual[c]) <= 12);
  }
}

// Fails unless `placeholder` is {"blurhash", "color"} painting `rgb`, of
// `length` characters; returns its BlurHash.
std::string assertPlaceholderOf(const std::string& where,
                                const Poco::JSON::Object::Ptr& placeholder, const Rgb& rgb,
                                std::size_t length) {
  CPPUNIT_ASSERT_MESSAGE(where + ": no placeholder object", placeholder);
  CPPUNIT_ASSERT_MESSAGE(where, placeholder->size() == 2);
  const std::string hash = placeholder->getValue<std::string>("blurhash");
  const std::string color = placeholder->getValue<std::string>("color");
  CPPUNIT_ASSERT_EQUAL_MESSAGE(where + ": " + hash, length, hash.size());
  const std::int32_t dc = image::placeholder::base83Decode(hash.substr(2, 4));
  assertNear(where + " average", rgb, {(dc >> 16) & 0xFF, (dc >> 8) & 0xFF, dc & 0xFF});
  CPPUNIT_ASSERT_MESSAGE(where + ": " + color, color.size() == 7 && color[0] == '#');
  const long value = std::strtol(color.c_str() + 1, nullptr, 16);
  assertNear(where + " colour", rgb,
             {static_cast<int>((value >> 16) & 0xFF), static_cast<int>((value >> 8) & 0xFF),
              static_cast<int>(value & 0xFF)});
  return hash;
}

Poco::JSON::Object::Ptr objectAt(const Reply& reply, const std::string& path) {
  Poco::JSON::Object::Ptr object = reply.json();
  std::string rest = path;
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    const std::string key = rest.substr(0, dot);
    rest = dot == std::string::npos ? "" : rest.substr(dot + 1);
    CPPUNIT_ASSERT_MESSAGE(path + " missing: " + reply.describe(), object && object->has(key));
    object = object->getObject(key);
  }
  CPPUNIT_ASSERT_MESSAGE(path + " is not an object: " + reply.describe(), object);
  return object;
}

const Rgb kRed{230, 20, 20};
const Rgb kBlue{20, 40, 220};

class PlaceholderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlaceholderTest);
  CPPUNIT_TEST(testProfileViaSurfaceAShowsOnBothSurfaces);
  CPPUNIT_TEST(testCoverViaSurfaceBShowsOnBothSurfaces);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { testing::ensureLibrary(); }

  void testProfileViaSurfaceAShowsOnBothSurfaces() {
    const std::string token = mintToken(uniqueUserId("placeholder-a"));
    Reply posted = postMultipart(
        kImages, token, {{"profile_image", "red.jpg", "image/jpeg", solidJpeg(640, 480, kRed)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(posted.describe(), 200, posted.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Profile image uploaded successfully"),
                         posted.jsonString("message"));
    const std::string url = posted.jsonString("profile_image");
    // 4:3: 4x3 components, 28 characters.
    const std::string hash =
        assertPlaceholderOf("POST", objectAt(posted, "placeholder.profile_image"), kRed, 28);

    Reply got = get(kImages, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(got.describe(), 200, got.status);
    CPPUNIT_ASSERT_EQUAL(url, objectAt(got, "images")->getValue<std::string>("profile_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        got.describe(), hash,
        assertPlaceholderOf("GET", objectAt(got, "placeholder.profile_image"), kRed, 28));
    CPPUNIT_ASSERT_MESSAGE("no cover, no cover placeholder: " + got.describe(),
                           !objectAt(got, "placeholder")->has("cover_image"));

    Reply me = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
    CPPUNIT_ASSERT_EQUAL(url, me.jsonString("profile_image_url"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        me.describe(), hash,
        assertPlaceholderOf("GET /users/me", objectAt(me, "profile_image.placeholder"), kRed, 28));
  }

  void testCoverViaSurfaceBShowsOnBothSurfaces() {
    const std::string token = mintToken(uniqueUserId("placeholder-b"));
    Reply posted = postMultipart("/users/me/cover-image", token,
                                 {{"file", "blue.jpg", "image/jpeg", solidJpeg(1200, 400, kBlue)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(posted.describe(), 200, posted.status);
    const std::string url = posted.jsonString("image_url");
    const std::string hash =
        assertPlaceholderOf("POST", objectAt(posted, "placeholder"), kBlue, 28);

    Reply me = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
    CPPUNIT_ASSERT_EQUAL(url, me.jsonString("cover_image_url"));
    CPPUNIT_ASSERT_EQUAL(
        hash,
        assertPlaceholderOf("GET /users/me", objectAt(me, "cover_image.placeholder"), kBlue, 28));
    CPPUNIT_ASSERT_MESSAGE(me.describe(), me.json()->isNull("profile_image"));

    Reply got = get(kImages, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(got.describe(), 200, got.status);
    CPPUNIT_ASSERT_EQUAL(url, objectAt(got, "images")->getValue<std::string>("cover_image"));
    CPPUNIT_ASSERT_EQUAL(
        hash, assertPlaceholderOf("GET", objectAt(got, "placeholder.cover_image"), kBlue, 28));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PlaceholderTest, "placeholder");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("placeholder");

}  // namespace
}  // namespace userimg::it
