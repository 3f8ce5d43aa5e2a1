#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <optional>
#include <string>

#include "http/request.h"

namespace userimg::http {
namespace {

Request withQuery(std::string query) {
  Request request;
  request.method = "GET";
  request.path = "/";
  request.query = std::move(query);
  return request;
}

std::string describe(const std::optional<std::string>& value) {
  return value ? "'" + *value + "'" : "absent";
}

class RequestTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RequestTest);
  CPPUNIT_TEST(testFindsPlainParameter);
  CPPUNIT_TEST(testPercentDecodesNameAndValue);
  CPPUNIT_TEST(testPlusDecodesToSpace);
  CPPUNIT_TEST(testMissingParameterIsAbsent);
  CPPUNIT_TEST(testEmptyQueryHasNoParameters);
  CPPUNIT_TEST(testRepeatedParameterGivesFirstValue);
  CPPUNIT_TEST(testEmptyValueIsPresent);
  CPPUNIT_TEST(testNameWithoutEqualsIsPresentAndEmpty);
  CPPUNIT_TEST(testMalformedEscapeMakesOnlyThatParameterAbsent);
  CPPUNIT_TEST(testDoesNotMatchPrefixOfName);
  CPPUNIT_TEST(testHeaderLookupIsByLowerCaseName);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testFindsPlainParameter() {
    const Request request = withQuery("type=profile_image");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("type", std::string("'profile_image'"),
                                 describe(request.queryParam("type")));
  }

  void testPercentDecodesNameAndValue() {
    const Request request = withQuery("na%6De=a%2Fb%20c%26d");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("escapes in both the name and the value must be decoded",
                                 std::string("'a/b c&d'"), describe(request.queryParam("name")));
  }

  void testPlusDecodesToSpace() {
    const Request request = withQuery("q=a+b%2Bc");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("'+' is a space, '%2B' a plus", std::string("'a b+c'"),
                                 describe(request.queryParam("q")));
  }

  void testMissingParameterIsAbsent() {
    const Request request = withQuery("type=profile_image");
    CPPUNIT_ASSERT_EQUAL(std::string("absent"), describe(request.queryParam("kind")));
  }

  void testEmptyQueryHasNoParameters() {
    const Request request = withQuery("");
    CPPUNIT_ASSERT_EQUAL(std::string("absent"), describe(request.queryParam("type")));
  }

  void testRepeatedParameterGivesFirstValue() {
    const Request request = withQuery("type=cover_image&type=profile_image");
    CPPUNIT_ASSERT_EQUAL(std::string("'cover_image'"), describe(request.queryParam("type")));
  }

  void testEmptyValueIsPresent() {
    const Request request = withQuery("a=1&type=&b=2");
    CPPUNIT_ASSERT_EQUAL(std::string("''"), describe(request.queryParam("type")));
    CPPUNIT_ASSERT_EQUAL(std::string("'2'"), describe(request.queryParam("b")));
  }

  void testNameWithoutEqualsIsPresentAndEmpty() {
    const Request request = withQuery("flag&x=1");
    CPPUNIT_ASSERT_EQUAL(std::string("''"), describe(request.queryParam("flag")));
    CPPUNIT_ASSERT_EQUAL(std::string("'1'"), describe(request.queryParam("x")));
  }

  void testMalformedEscapeMakesOnlyThatParameterAbsent() {
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a bad escape in the value hides the parameter",
                                 std::string("absent"),
                                 describe(withQuery("type=%zz").queryParam("type")));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a truncated escape hides the parameter", std::string("absent"),
                                 describe(withQuery("type=abc%4").queryParam("type")));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a bad escape elsewhere must not hide other parameters",
                                 std::string("'cover_image'"),
                                 describe(withQuery("x=%G1&type=cover_image").queryParam("type")));
  }

  void testDoesNotMatchPrefixOfName() {
    const Request request = withQuery("types=a&typ=b");
    CPPUNIT_ASSERT_EQUAL(std::string("absent"), describe(request.queryParam("type")));
  }

  void testHeaderLookupIsByLowerCaseName() {
    Request request;
    request.headers["authorization"] = "Bearer x";
    CPPUNIT_ASSERT_EQUAL(std::string("Bearer x"), request.header("authorization"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("an absent header must read as empty", std::string(),
                                 request.header("content-type"));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RequestTest, "http");

}  // namespace
}  // namespace userimg::http
