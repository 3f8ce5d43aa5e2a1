#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "auth/token_cache.h"

namespace userimg::auth {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

Principal principal(const std::string& user, std::int64_t exp,
                    std::optional<std::int64_t> nbf = std::nullopt) {
  Principal p;
  p.userId = user;
  p.expiresAt = exp;
  p.notBefore = nbf;
  return p;
}

class TokenCacheTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TokenCacheTest);
  CPPUNIT_TEST(testFindsOnlyTheExactToken);
  CPPUNIT_TEST(testExpiresWithLeewayAndForgets);
  CPPUNIT_TEST(testHonoursNotBefore);
  CPPUNIT_TEST(testNeverHoldsMoreThanItsCapacity);
  CPPUNIT_TEST(testZeroCapacityRemembersNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testFindsOnlyTheExactToken() {
    TokenCache cache(8);
    cache.insert("a.b.c", principal("alice", kNow + 60));
    const auto hit = cache.find("a.b.c", kNow, 0);
    CPPUNIT_ASSERT(hit.has_value());
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), hit->userId);
    CPPUNIT_ASSERT(!cache.find("a.b.C", kNow, 0));
    CPPUNIT_ASSERT(!cache.find("a.b.c ", kNow, 0));
    CPPUNIT_ASSERT(!cache.find("a.b", kNow, 0));
  }

  void testExpiresWithLeewayAndForgets() {
    TokenCache cache(8);
    cache.insert("t", principal("alice", kNow + 60));
    CPPUNIT_ASSERT(cache.find("t", kNow + 59, 0));
    CPPUNIT_ASSERT(cache.find("t", kNow + 80, 30));  // within the leeway
    CPPUNIT_ASSERT(!cache.find("t", kNow + 60, 0));  // exp is exclusive, as in claims.cpp
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache.size());
    CPPUNIT_ASSERT(!cache.find("t", kNow, 0));  // gone for good
  }

  void testHonoursNotBefore() {
    TokenCache cache(8);
    cache.insert("t", principal("alice", kNow + 600, kNow + 100));
    CPPUNIT_ASSERT(!cache.find("t", kNow, 0));
    CPPUNIT_ASSERT(cache.find("t", kNow, 100));
    CPPUNIT_ASSERT(cache.find("t", kNow + 100, 0));
  }

  void testNeverHoldsMoreThanItsCapacity() {
    TokenCache cache(3);
    for (int i = 0; i < 10; ++i) {
      cache.insert("token-" + std::to_string(i), principal("u" + std::to_string(i), kNow + 60));
      CPPUNIT_ASSERT(cache.size() <= 3);
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), cache.size());
    cache.insert("token-9", principal("again", kNow + 60));  // replaces, no eviction
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), cache.size());
    CPPUNIT_ASSERT_EQUAL(std::string("again"), cache.find("token-9", kNow, 0)->userId);
  }

  void testZeroCapacityRemembersNothing() {
    TokenCache cache(0);
    cache.insert("t", principal("alice", kNow + 60));
    CPPUNIT_ASSERT(!cache.find("t", kNow, 0));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TokenCacheTest, "auth");

}  // namespace
}  // namespace userimg::auth
