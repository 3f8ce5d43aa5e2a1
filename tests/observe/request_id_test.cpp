// Which id a request gets (observe/request_id.h).

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

#include "observe/request_id.h"

namespace userimg::observe {
namespace {

bool isHex32(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class RequestIdTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RequestIdTest);
  CPPUNIT_TEST(testAcceptsFrontEndShapes);
  CPPUNIT_TEST(testRefusesUnsafeOrOverlongIds);
  CPPUNIT_TEST(testMadeIdsAreHexAndDistinct);
  CPPUNIT_TEST(testFrontEndIdWinsOverUntrustedHeader);
  CPPUNIT_TEST(testTrustedHeaderWinsOverFrontEnd);
  CPPUNIT_TEST(testInvalidIdsAreReplacedByMadeOnes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAcceptsFrontEndShapes() {
    CPPUNIT_ASSERT(isValidRequestId("0f9e8d7c6b5a49382716a5b4c3d2e1f0"));  // nginx
    CPPUNIT_ASSERT(isValidRequestId("Z2x0aH8AAQEAAAWm@QgAAAAC"));          // mod_unique_id
    CPPUNIT_ASSERT(isValidRequestId("3f2a54e1-9d0b-4f3e-8d43-2a4e6f1b7c90"));
    CPPUNIT_ASSERT(isValidRequestId("a+b/c=d:e.f_g"));
    CPPUNIT_ASSERT(isValidRequestId(std::string(kMaxRequestIdLength, 'a')));
  }

  void testRefusesUnsafeOrOverlongIds() {
    CPPUNIT_ASSERT(!isValidRequestId(""));
    CPPUNIT_ASSERT(!isValidRequestId(std::string(kMaxRequestIdLength + 1, 'a')));
    for (const char* bad : {"a b", "a\"b", "a'b", "a\nb", "a\tb", "a\\b", "a,b", "a;b", "a=b\r",
                            "caf\xC3\xA9", "a\x7f"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !isValidRequestId(bad));
    }
  }

  void testMadeIdsAreHexAndDistinct() {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
      const std::string id = makeRequestId();
      CPPUNIT_ASSERT_MESSAGE(id, isHex32(id));
      seen.insert(id);
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, seen.size());
  }

  void testFrontEndIdWinsOverUntrustedHeader() {
    CPPUNIT_ASSERT_EQUAL(std::string("nginx-id"), chooseRequestId("client-id", "nginx-id", false));
    const std::string made = chooseRequestId("client-id", "", false);
    CPPUNIT_ASSERT_MESSAGE("an untrusted header is never used: " + made, isHex32(made));
  }

  void testTrustedHeaderWinsOverFrontEnd() {
    CPPUNIT_ASSERT_EQUAL(std::string("proxy-id"), chooseRequestId("proxy-id", "nginx-id", true));
    CPPUNIT_ASSERT_EQUAL(std::string("nginx-id"), chooseRequestId("", "nginx-id", true));
  }

  void testInvalidIdsAreReplacedByMadeOnes() {
    CPPUNIT_ASSERT_EQUAL(std::string("nginx-id"), chooseRequestId("bad id", "nginx-id", true));
    CPPUNIT_ASSERT(isHex32(chooseRequestId("bad id", "bad\"front", true)));
    CPPUNIT_ASSERT(isHex32(chooseRequestId("", std::string(200, 'x'), false)));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RequestIdTest, "observe");

}  // namespace
}  // namespace userimg::observe
