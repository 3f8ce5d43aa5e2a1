// Each image's placeholder on both surfaces, where its variants are: surface
// A groups both by field name ("placeholder": {"profile_image": {...}}),
// surface B's upload answer has its image's, and GET /users/me has one in
// each image object. null for an image recorded without one.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "api/api_harness.h"

namespace userimg::api {
namespace {

using testing::ApiHarness;
using testing::jsonOf;
using testing::keysOf;
using testing::stringAt;

constexpr const char* kImages = "/api/resume/user-images/";
constexpr const char* kMe = "/users/me";
const std::string kPng(fakes::kFakePng);

// Fails unless `placeholder` is the fake processor's.
void assertFakePlaceholder(const std::string& where, const Poco::JSON::Object::Ptr& placeholder) {
  CPPUNIT_ASSERT_MESSAGE(where + ": no placeholder object", placeholder);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::string("blurhash,color"), keysOf(placeholder));
  CPPUNIT_ASSERT_EQUAL_MESSAGE(where, fakes::kFakePlaceholder.blurhash,
                               stringAt(placeholder, "blurhash"));
  CPPUNIT_ASSERT_EQUAL_MESSAGE(where, fakes::kFakePlaceholder.color,
                               stringAt(placeholder, "color"));
}

class PlaceholderApiTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlaceholderApiTest);
  CPPUNIT_TEST(testSurfaceAGroupsPlaceholdersByField);
  CPPUNIT_TEST(testSurfaceBUploadAndUserCarryIt);
  CPPUNIT_TEST(testImageWithoutPlaceholderIsNullOnBothSurfaces);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    h_ = std::make_unique<ApiHarness>();
    alice_ = h_->tokenFor("alice");
  }
  void tearDown() override { h_.reset(); }

  void testSurfaceAGroupsPlaceholdersByField() {
    auto empty = jsonOf(h_->send(ApiHarness::request("GET", kImages, alice_)));
    CPPUNIT_ASSERT_EQUAL(std::string(""), keysOf(empty->getObject("placeholder")));

    auto posted = jsonOf(
        h_->send(ApiHarness::post(kImages, alice_, {ApiHarness::filePart("profile_image", kPng)})));
    CPPUNIT_ASSERT_EQUAL(std::string("profile_image"), keysOf(posted->getObject("placeholder")));
    assertFakePlaceholder("POST", posted->getObject("placeholder")->getObject("profile_image"));
    // The spec's own fields are untouched.
    CPPUNIT_ASSERT_EQUAL(std::string("Profile image uploaded successfully"),
                         stringAt(posted, "message"));
    CPPUNIT_ASSERT(stringAt(posted, "profile_image").rfind("/media/resume/images/", 0) == 0);

    h_->send(ApiHarness::post(kImages, alice_, {ApiHarness::filePart("cover_image", kPng)}));
    auto got = jsonOf(h_->send(ApiHarness::request("GET", kImages, alice_)));
    auto placeholders = got->getObject("placeholder");
    CPPUNIT_ASSERT_EQUAL(std::string("cover_image,profile_image"), keysOf(placeholders));
    assertFakePlaceholder("GET profile", placeholders->getObject("profile_image"));
    assertFakePlaceholder("GET cover", placeholders->getObject("cover_image"));
    CPPUNIT_ASSERT_EQUAL(std::string("cover_image,profile_image"),
                         keysOf(got->getObject("images")));
  }

  void testSurfaceBUploadAndUserCarryIt() {
    auto posted = jsonOf(h_->send(
        ApiHarness::post("/users/me/profile-image", alice_, {ApiHarness::filePart("file", kPng)})));
    assertFakePlaceholder("POST", posted->getObject("placeholder"));
    CPPUNIT_ASSERT(stringAt(posted, "image_url").rfind("/media/resume/images/", 0) == 0);

    auto me = jsonOf(h_->send(ApiHarness::request("GET", kMe, alice_)));
    auto profile = me->getObject("profile_image");
    CPPUNIT_ASSERT_EQUAL(
        std::string("bytes,content_type,height,placeholder,url,variants,variants_webp,width"),
        keysOf(profile));
    assertFakePlaceholder("GET /users/me", profile->getObject("placeholder"));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"), stringAt(me, "cover_image"));
  }

  void testImageWithoutPlaceholderIsNullOnBothSurfaces() {
    h_->processor().setPlaceholder(std::nullopt);
    auto posted = jsonOf(h_->send(
        ApiHarness::post("/users/me/cover-image", alice_, {ApiHarness::filePart("file", kPng)})));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"), stringAt(posted, "placeholder"));
    auto postedA = jsonOf(
        h_->send(ApiHarness::post(kImages, alice_, {ApiHarness::filePart("profile_image", kPng)})));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"),
                         stringAt(postedA->getObject("placeholder"), "profile_image"));

    auto got = jsonOf(h_->send(ApiHarness::request("GET", kImages, alice_)));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"),
                         stringAt(got->getObject("placeholder"), "profile_image"));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"),
                         stringAt(got->getObject("placeholder"), "cover_image"));
    auto me = jsonOf(h_->send(ApiHarness::request("GET", kMe, alice_)));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"),
                         stringAt(me->getObject("profile_image"), "placeholder"));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"),
                         stringAt(me->getObject("cover_image"), "placeholder"));
  }

 private:
  std::unique_ptr<ApiHarness> h_;
  std::string alice_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PlaceholderApiTest, "api");

}  // namespace
}  // namespace userimg::api
