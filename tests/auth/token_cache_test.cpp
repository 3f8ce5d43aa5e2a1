#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

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
  CPPUNIT_TEST(testConcurrentRequestsFindOnlyTheirOwnPrincipal);
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

  // The worker threads of userimg-fcgi share one cache: threads inserting,
  // finding, evicting (more tokens than capacity) and expiring entries at
  // once never see another token's principal nor more entries than the
  // capacity (and, under TSan in scripts/test, no race).
  void testConcurrentRequestsFindOnlyTheirOwnPrincipal() {
    constexpr int kThreads = 4, kRounds = 4000, kTokens = 24;
    TokenCache cache(8);
    std::atomic<int> wrong{0}, oversize{0}, hits{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kRounds; ++i) {
          const int n = (i * 7 + t * 5) % kTokens;
          const std::string token = "token-" + std::to_string(n);
          // Every third token has expired by the time it is looked up.
          const std::int64_t exp = n % 3 == 0 ? kNow : kNow + 60;
          if (auto hit = cache.find(token, kNow, 0)) {
            ++hits;
            if (hit->userId != "user-" + std::to_string(n)) ++wrong;
          } else {
            cache.insert(token, principal("user-" + std::to_string(n), exp));
          }
          if (cache.size() > 8) ++oversize;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    CPPUNIT_ASSERT_EQUAL(0, wrong.load());
    CPPUNIT_ASSERT_EQUAL(0, oversize.load());
    CPPUNIT_ASSERT(hits.load() > 0);
    CPPUNIT_ASSERT(cache.size() <= 8);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TokenCacheTest, "auth");

}  // namespace
}  // namespace userimg::auth
