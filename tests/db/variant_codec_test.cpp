#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "db/variant_codec.h"

namespace userimg::db {
namespace {

std::vector<VariantRecord> decode(const std::string& text) {
  return decodeVariants(Poco::Nullable<std::string>(text));
}

class VariantCodecTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(VariantCodecTest);
  CPPUNIT_TEST(testRoundTrips);
  CPPUNIT_TEST(testFormatRoundTripsAndIsOmittedWhenEmpty);
  CPPUNIT_TEST(testNullAndEmptyAreNoVariants);
  CPPUNIT_TEST(testKeepsWhatWasReadOfMalformedJson);
  CPPUNIT_TEST(testSkipsEntriesWithoutNameOrUrl);
  CPPUNIT_TEST(testIgnoresUnknownKeysNestedValuesAndWrongTypes);
  CPPUNIT_TEST(testOnlyAnArrayOfObjectsCounts);
  CPPUNIT_TEST(testReadsSpacingAndIntegerEdgesOfFlatText);
  CPPUNIT_TEST(testReadsEscapedStrings);
  CPPUNIT_TEST(testFlatAndGeneralReadersAgree);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRoundTrips() {
    const std::vector<VariantRecord> variants = {
        {"64", "resume/images/ab/x_64.jpg", "/media/resume/images/ab/x_64.jpg", 64, 64},
        {"640w", "", "https://cdn.example/c_limit,w_640/x \"q\"", 640, 427}};
    const Poco::Nullable<std::string> column = encodeVariants(variants);
    CPPUNIT_ASSERT(!column.isNull());
    const std::vector<VariantRecord> decoded = decodeVariants(column);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), decoded.size());
    for (std::size_t i = 0; i < 2; ++i) {
      CPPUNIT_ASSERT_EQUAL(variants[i].name, decoded[i].name);
      CPPUNIT_ASSERT_EQUAL(variants[i].key, decoded[i].key);
      CPPUNIT_ASSERT_EQUAL(variants[i].url, decoded[i].url);
      CPPUNIT_ASSERT_EQUAL(variants[i].width, decoded[i].width);
      CPPUNIT_ASSERT_EQUAL(variants[i].height, decoded[i].height);
    }
  }

  void testFormatRoundTripsAndIsOmittedWhenEmpty() {
    const std::vector<VariantRecord> variants = {
        {"64", "k_64.jpg", "/m/k_64.jpg", 64, 64},
        {"64", "k_64.webp", "/m/k_64.webp", 64, 64, "webp"}};
    const Poco::Nullable<std::string> column = encodeVariants(variants);
    CPPUNIT_ASSERT_EQUAL(std::string::npos, column.value().find(R"("format":"")"));
    // The flat reader and Poco's (taken for an escaped string) read it alike.
    std::string escaped = column.value();
    escaped.replace(escaped.find("/m/k_64.jpg"), 11, R"(\/m\/k_64.jpg)");
    for (const std::string& text : {column.value(), escaped}) {
      const std::vector<VariantRecord> decoded = decode(text);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(text, std::size_t(2), decoded.size());
      CPPUNIT_ASSERT_EQUAL(std::string(""), decoded[0].format);
      CPPUNIT_ASSERT_EQUAL(std::string("/m/k_64.jpg"), decoded[0].url);
      CPPUNIT_ASSERT_EQUAL(std::string("webp"), decoded[1].format);
      CPPUNIT_ASSERT_EQUAL(std::string("/m/k_64.webp"), decoded[1].url);
    }
  }

  void testNullAndEmptyAreNoVariants() {
    CPPUNIT_ASSERT(encodeVariants({}).isNull());
    CPPUNIT_ASSERT(decodeVariants(Poco::Nullable<std::string>()).empty());
    CPPUNIT_ASSERT(decode("").empty());
    CPPUNIT_ASSERT(decode("[]").empty());
  }

  void testKeepsWhatWasReadOfMalformedJson() {
    const auto variants = decode(R"([{"name":"64","url":"/a"},{"name":"128","url":"/b"},{"na)");
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), variants.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/b"), variants[1].url);
    CPPUNIT_ASSERT(decode("not json").empty());
  }

  void testSkipsEntriesWithoutNameOrUrl() {
    const auto variants =
        decode(R"([{"name":"64"},{"url":"/b"},{"name":"","url":"/c"},{"name":"256","url":"/d"}])");
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), variants.size());
    CPPUNIT_ASSERT_EQUAL(std::string("256"), variants[0].name);
  }

  void testIgnoresUnknownKeysNestedValuesAndWrongTypes() {
    const auto variants =
        decode(R"([{"extra":{"name":"x","url":"/nested"},"list":[1,"url"],"name":"64","url":"/a",)"
               R"("width":"64","height":-5,"key":7},{"name":"128","url":"/b","width":1e3,)"
               R"("height":99999999999}])");
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), variants.size());
    CPPUNIT_ASSERT_EQUAL(std::string("64"), variants[0].name);
    CPPUNIT_ASSERT_EQUAL(std::string("/a"), variants[0].url);
    CPPUNIT_ASSERT_EQUAL(std::string(""), variants[0].key);
    CPPUNIT_ASSERT_EQUAL(0, variants[0].width);
    CPPUNIT_ASSERT_EQUAL(0, variants[0].height);
    CPPUNIT_ASSERT_EQUAL(0, variants[1].width);
    CPPUNIT_ASSERT_EQUAL(0, variants[1].height);
  }

  void testOnlyAnArrayOfObjectsCounts() {
    CPPUNIT_ASSERT(decode(R"({"name":"64","url":"/a"})").empty());
    CPPUNIT_ASSERT(decode(R"({"v":[{"name":"64","url":"/a"}]})").empty());
    CPPUNIT_ASSERT(decode(R"([[{"name":"64","url":"/a"}]])").empty());
  }

  // Text the fast reader takes (flat objects, strings without escapes,
  // integers): spacing anywhere, out-of-range integers read as 0.
  void testReadsSpacingAndIntegerEdgesOfFlatText() {
    const auto variants = decode(
        " [ {\n\t\"name\" : \"64\" , \"url\":\"/a\",\"width\": -5, \"height\":1048577 } ,"
        "{\"name\":\"128\",\"url\":\"/b\",\"width\":1048576,\"height\":999999999999999999,"
        "\"other\":\"x\",\"key\":12} ] ");
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), variants.size());
    CPPUNIT_ASSERT_EQUAL(0, variants[0].width);
    CPPUNIT_ASSERT_EQUAL(0, variants[0].height);
    CPPUNIT_ASSERT_EQUAL(1048576, variants[1].width);
    CPPUNIT_ASSERT_EQUAL(0, variants[1].height);
    CPPUNIT_ASSERT_EQUAL(std::string(""), variants[1].key);
    // Trailing garbage or a missing bracket is malformed: what was read is kept.
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), decode(R"([{"name":"64","url":"/a"}] x)").size());
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), decode(R"([{"name":"64","url":"/a"})").size());
  }

  void testReadsEscapedStrings() {
    const auto variants =
        decode(R"([{"name":"64","url":"\/media\/caf\u00e9 \"q\".jpg","key":"a\\b"}])");
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), variants.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/media/caf\xC3\xA9 \"q\".jpg"), variants[0].url);
    CPPUNIT_ASSERT_EQUAL(std::string("a\\b"), variants[0].key);
  }

  // What encodeVariants() writes is read the same, whichever reader takes it
  // (a backslash in one value sends the whole text to Poco's parser).
  void testFlatAndGeneralReadersAgree() {
    std::vector<VariantRecord> variants = {{"64", "k/1_64.jpg", "/m/k/1_64.jpg", 64, 64},
                                           {"640w", "", "https://cdn.example/w_640/k", 640, 427}};
    const auto flat = decodeVariants(encodeVariants(variants));
    variants.push_back({"256", "k\\2", "/m/k\\2", 256, 256});
    const auto general = decodeVariants(encodeVariants(variants));
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), flat.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), general.size());
    for (std::size_t i = 0; i < flat.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(flat[i].name, general[i].name);
      CPPUNIT_ASSERT_EQUAL(flat[i].key, general[i].key);
      CPPUNIT_ASSERT_EQUAL(flat[i].url, general[i].url);
      CPPUNIT_ASSERT_EQUAL(flat[i].width, general[i].width);
      CPPUNIT_ASSERT_EQUAL(flat[i].height, general[i].height);
    }
    CPPUNIT_ASSERT_EQUAL(std::string("k\\2"), general[2].key);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VariantCodecTest, "db");

}  // namespace
}  // namespace userimg::db
