// The JSON both surfaces add to their specs' answers (api/image_json.h),
// written byte for byte.

#include "api/image_json.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

namespace userimg::api {
namespace {

db::ImageRecord recorded() {
  db::ImageRecord image{"k1", "/media/k1.jpg", "image/jpeg", 1234, 640, 480, 1};
  image.variants = {{"64", "k1_64", "/media/k1_64.jpg", 64, 64}};
  image.placeholder = db::PlaceholderRecord{"LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#a1b2c3"};
  return image;
}

std::string written(void (*write)(http::JsonWriter&, const db::ImageRecord&),
                    const db::ImageRecord& image) {
  http::JsonWriter json;
  write(json, image);
  return std::move(json).take();
}

class ImageJsonTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImageJsonTest);
  CPPUNIT_TEST(testWritesPlaceholder);
  CPPUNIT_TEST(testWritesNullWithoutPlaceholder);
  CPPUNIT_TEST(testEscapesPlaceholderText);
  CPPUNIT_TEST(testImageCarriesVariantsAndPlaceholderAfterTheRecordedFields);
  CPPUNIT_TEST(testSiblingsAreListedByFormat);
  CPPUNIT_TEST(testAvifIsListedOnlyWhenPresent);
  CPPUNIT_TEST(testWebpImageListsItsOwnVariantsAsWebp);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testWritesPlaceholder() {
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"blurhash":"LEHV6nWB2yk8pyo0adR*.7kCMdnj",)"
                                     R"("color":"#a1b2c3"})"),
                         written(writePlaceholder, recorded()));
  }

  void testWritesNullWithoutPlaceholder() {
    db::ImageRecord image = recorded();
    image.placeholder.reset();
    CPPUNIT_ASSERT_EQUAL(std::string("null"), written(writePlaceholder, image));
  }

  void testEscapesPlaceholderText() {
    // Base 83 has no '"' or '\\', but a damaged column must not break the JSON.
    db::ImageRecord image = recorded();
    image.placeholder = db::PlaceholderRecord{"a\"b\\c", "#0\n"};
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"blurhash":"a\"b\\c","color":"#0\n"})"),
                         written(writePlaceholder, image));
  }

  void testImageCarriesVariantsAndPlaceholderAfterTheRecordedFields() {
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            R"({"url":"/media/k1.jpg","content_type":"image/jpeg","bytes":1234,)"
            R"("width":640,"height":480,"variants":{"64":"/media/k1_64.jpg"},)"
            R"("variants_webp":{},"placeholder":{"blurhash":"LEHV6nWB2yk8pyo0adR*.7kCMdnj",)"
            R"("color":"#a1b2c3"}})"),
        written(writeImage, recorded()));
    db::ImageRecord old = recorded();
    old.placeholder.reset();
    old.width.reset();
    CPPUNIT_ASSERT_EQUAL(
        std::string(R"({"url":"/media/k1.jpg","content_type":"image/jpeg","bytes":1234,)"
                    R"("width":null,"height":480,"variants":{"64":"/media/k1_64.jpg"},)"
                    R"("variants_webp":{},"placeholder":null})"),
        written(writeImage, old));
  }

  void testSiblingsAreListedByFormat() {
    db::ImageRecord image = recorded();
    image.variants.push_back({"64", "k1_64w", "/media/k1_64.webp", 64, 64, "webp"});
    image.variants.push_back({"full", "k1_fw", "/media/k1_full.webp", 640, 480, "webp"});
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"64":"/media/k1_64.jpg"})"),
                         written([](auto& json, const auto& i) { writeVariants(json, i); }, image));
    CPPUNIT_ASSERT_EQUAL(
        std::string(R"({"64":"/media/k1_64.webp","full":"/media/k1_full.webp"})"),
        written([](auto& json, const auto& i) { writeVariants(json, i, "webp"); }, image));
  }

  void testAvifIsListedOnlyWhenPresent() {
    db::ImageRecord image = recorded();
    const db::ImageRecord* plain[] = {&image};
    CPPUNIT_ASSERT(siblingFormatsOf(plain) == std::vector<std::string>{"webp"});
    image.variants.push_back({"64", "k1_64a", "/media/k1_64.avif", 64, 64, "avif"});
    CPPUNIT_ASSERT(siblingFormatsOf(plain) == (std::vector<std::string>{"webp", "avif"}));
    const std::string json = written(writeImage, image);
    CPPUNIT_ASSERT_MESSAGE(
        json, json.find(R"("variants_webp":{},)"
                        R"("variants_avif":{"64":"/media/k1_64.avif"})") != std::string::npos);
  }

  void testWebpImageListsItsOwnVariantsAsWebp() {
    db::ImageRecord image = recorded();
    image.contentType = "image/webp";
    image.variants = {{"64", "k1_64", "/media/k1_64.webp", 64, 64}};
    CPPUNIT_ASSERT_EQUAL(
        std::string(R"({"64":"/media/k1_64.webp"})"),
        written([](auto& json, const auto& i) { writeVariants(json, i, "webp"); }, image));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImageJsonTest, "api");

}  // namespace
}  // namespace userimg::api
