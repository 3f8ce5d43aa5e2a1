#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include "auth/base64url.h"

namespace userimg::auth {
namespace {

class Base64UrlTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(Base64UrlTest);
  CPPUNIT_TEST(testRoundTripsAllLengthsAndBytes);
  CPPUNIT_TEST(testUsesUrlAlphabetWithoutPadding);
  CPPUNIT_TEST(testRejectsPaddingAndForeignCharacters);
  CPPUNIT_TEST(testRejectsImpossibleLength);
  CPPUNIT_TEST(testRejectsNonZeroTrailingBits);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRoundTripsAllLengthsAndBytes() {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
      const std::string encoded = base64UrlEncode(bytes);
      const auto decoded = base64UrlDecode(encoded);
      CPPUNIT_ASSERT(decoded.has_value());
      CPPUNIT_ASSERT(*decoded == bytes);
      bytes.push_back(static_cast<char>(i * 37));
    }
  }

  void testUsesUrlAlphabetWithoutPadding() {
    CPPUNIT_ASSERT_EQUAL(std::string("-_-_"), base64UrlEncode("\xfb\xff\xbf"));
    CPPUNIT_ASSERT_EQUAL(std::string("YQ"), base64UrlEncode("a"));
    CPPUNIT_ASSERT_EQUAL(std::string("YWI"), base64UrlEncode("ab"));
  }

  void testRejectsPaddingAndForeignCharacters() {
    CPPUNIT_ASSERT(!base64UrlDecode("YQ==").has_value());
    CPPUNIT_ASSERT(!base64UrlDecode("+/+/").has_value());
    CPPUNIT_ASSERT(!base64UrlDecode("YW I").has_value());
    CPPUNIT_ASSERT(!base64UrlDecode(std::string("YW\0I", 4)).has_value());
  }

  void testRejectsImpossibleLength() { CPPUNIT_ASSERT(!base64UrlDecode("YWJjZ").has_value()); }

  void testRejectsNonZeroTrailingBits() {
    CPPUNIT_ASSERT(base64UrlDecode("YQ").has_value());
    // "YR" decodes to the same byte as "YQ" with a lenient decoder.
    CPPUNIT_ASSERT(!base64UrlDecode("YR").has_value());
    CPPUNIT_ASSERT(!base64UrlDecode("YWJ").has_value());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(Base64UrlTest, "auth");

}  // namespace
}  // namespace userimg::auth
