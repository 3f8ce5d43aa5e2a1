#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <thread>
#include <vector>

#include "auth/hmac.h"

namespace userimg::auth {
namespace {

std::string hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 0xF];
  }
  return out;
}

// RFC 4231, test case 2.
constexpr const char* kKey = "Jefe";
constexpr const char* kData = "what do ya want for nothing?";
constexpr const char* kSha256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
constexpr const char* kSha384 =
    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab216"
    "49";
constexpr const char* kSha512 =
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6"
    "fdcaeab1a34d4a6b4b636e070a38bce737";

class HmacTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HmacTest);
  CPPUNIT_TEST(testMatchesRfc4231);
  CPPUNIT_TEST(testKeyedSignsRepeatedlyAndConcurrently);
  CPPUNIT_TEST(testRefusesOtherAlgorithms);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMatchesRfc4231() {
    CPPUNIT_ASSERT_EQUAL(std::string(kSha256), hex(hmac("HS256", kKey, kData).value()));
    CPPUNIT_ASSERT_EQUAL(std::string(kSha384), hex(hmac("HS384", kKey, kData).value()));
    CPPUNIT_ASSERT_EQUAL(std::string(kSha512), hex(hmac("HS512", kKey, kData).value()));
  }

  // sign() copies the keyed state: calls do not disturb each other.
  void testKeyedSignsRepeatedlyAndConcurrently() {
    const auto key = HmacKey::create("HS256", kKey);
    CPPUNIT_ASSERT(key != nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string(kSha256), hex(key->sign(kData).value()));
    CPPUNIT_ASSERT_EQUAL(std::string(kSha256), hex(key->sign(kData).value()));
    CPPUNIT_ASSERT(key->sign("other data") != key->sign(kData));

    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 2000; ++i) {
          if (hex(key->sign(kData).value_or("")) != kSha256) ++mismatches[t];
        }
      });
    }
    for (auto& thread : threads) thread.join();
    for (const int count : mismatches) CPPUNIT_ASSERT_EQUAL(0, count);
  }

  void testRefusesOtherAlgorithms() {
    for (const char* name : {"none", "RS256", "hs256", "HS1", ""}) {
      CPPUNIT_ASSERT(!isHmacAlgorithm(name));
      CPPUNIT_ASSERT(HmacKey::create(name, kKey) == nullptr);
      CPPUNIT_ASSERT(!hmac(name, kKey, kData).has_value());
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HmacTest, "auth");

}  // namespace
}  // namespace userimg::auth
