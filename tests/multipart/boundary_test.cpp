#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include "multipart/form_parser.h"

namespace userimg::multipart {
namespace {

class BoundaryTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BoundaryTest);
  CPPUNIT_TEST(testReadsPlainBoundary);
  CPPUNIT_TEST(testReadsQuotedBoundaryWithSpecialCharacters);
  CPPUNIT_TEST(testMatchesTypeAndParameterCaseInsensitively);
  CPPUNIT_TEST(testRejectsOtherContentTypes);
  CPPUNIT_TEST(testRejectsMissingOrEmptyBoundary);
  CPPUNIT_TEST(testRejectsBoundaryLongerThan70Characters);
  CPPUNIT_TEST(testRejectsBoundaryWithInvalidCharacters);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testReadsPlainBoundary() {
    auto b = boundaryOf("multipart/form-data; boundary=----WebKitFormBoundaryAbC123");
    CPPUNIT_ASSERT(b.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("----WebKitFormBoundaryAbC123"), b.value());
  }

  void testReadsQuotedBoundaryWithSpecialCharacters() {
    auto b = boundaryOf("multipart/form-data; boundary=\"a'()+_,-./:=? z\"");
    CPPUNIT_ASSERT(b.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("a'()+_,-./:=? z"), b.value());
  }

  void testMatchesTypeAndParameterCaseInsensitively() {
    auto b = boundaryOf("Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz");
    CPPUNIT_ASSERT(b.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("xyz"), b.value());
  }

  void testRejectsOtherContentTypes() {
    for (const char* type : {"", "application/json", "multipart/mixed; boundary=x",
                             "multipart/form-datax; boundary=x", "text/plain; boundary=x"}) {
      auto b = boundaryOf(type);
      CPPUNIT_ASSERT_MESSAGE(type, !b.ok());
      CPPUNIT_ASSERT(b.status().code() == core::StatusCode::kInvalidArgument);
    }
  }

  void testRejectsMissingOrEmptyBoundary() {
    for (const char* type : {"multipart/form-data", "multipart/form-data; boundary=",
                             "multipart/form-data; boundary=\"\"", "multipart/form-data; x=y"}) {
      auto b = boundaryOf(type);
      CPPUNIT_ASSERT_MESSAGE(type, !b.ok());
      CPPUNIT_ASSERT(b.status().code() == core::StatusCode::kInvalidArgument);
    }
  }

  void testRejectsBoundaryLongerThan70Characters() {
    CPPUNIT_ASSERT(boundaryOf("multipart/form-data; boundary=" + std::string(70, 'a')).ok());
    auto b = boundaryOf("multipart/form-data; boundary=" + std::string(71, 'a'));
    CPPUNIT_ASSERT(!b.ok());
    CPPUNIT_ASSERT(b.status().code() == core::StatusCode::kInvalidArgument);
  }

  void testRejectsBoundaryWithInvalidCharacters() {
    CPPUNIT_ASSERT(!boundaryOf("multipart/form-data; boundary=\"ab\x01\"").ok());
    CPPUNIT_ASSERT(!boundaryOf("multipart/form-data; boundary=\"a*b\"").ok());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BoundaryTest, "multipart");

}  // namespace
}  // namespace userimg::multipart
