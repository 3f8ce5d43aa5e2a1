// avatars/public_key.h: the spelling, length and randomness of public keys.

#include <cppunit/extensions/HelperMacros.h>

#include <bitset>
#include <set>
#include <string>

#include "auth/base64url.h"
#include "avatars/public_key.h"

namespace userimg::avatars {
namespace {

std::string key() {
  auto made = newPublicKey();
  CPPUNIT_ASSERT_MESSAGE(made.status().toString(), made.ok());
  return made.value();
}

class PublicKeyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PublicKeyTest);
  CPPUNIT_TEST(testKeysAre22UrlSafeCharactersOf16Bytes);
  CPPUNIT_TEST(testKeysAreDistinctAndTheirBitsBalanced);
  CPPUNIT_TEST(testSpellingCheckRefusesEverythingElse);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeysAre22UrlSafeCharactersOf16Bytes() {
    for (int i = 0; i < 100; ++i) {
      const std::string k = key();
      CPPUNIT_ASSERT_EQUAL_MESSAGE(k, kPublicKeyChars, k.size());
      CPPUNIT_ASSERT_MESSAGE(k, isPublicKeySpelling(k));
      const auto bytes = auth::base64UrlDecode(k);
      CPPUNIT_ASSERT_MESSAGE(k + " is canonical base64url", bytes.has_value());
      CPPUNIT_ASSERT_EQUAL(kPublicKeyBytes, bytes->size());
    }
  }

  void testKeysAreDistinctAndTheirBitsBalanced() {
    // 2000 keys of 128 bits: all distinct, and each bit position set in
    // about half of them (a stuck bit or a counter would show; the bound is
    // more than 6 standard deviations, so a real CSPRNG never fails it).
    constexpr int kKeys = 2000;
    std::set<std::string> seen;
    int ones[128] = {};
    for (int i = 0; i < kKeys; ++i) {
      const std::string k = key();
      seen.insert(k);
      const std::string bytes = *auth::base64UrlDecode(k);
      for (int bit = 0; bit < 128; ++bit) {
        if ((static_cast<unsigned char>(bytes[bit / 8]) >> (bit % 8)) & 1) ++ones[bit];
      }
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{kKeys}, seen.size());
    for (int bit = 0; bit < 128; ++bit) {
      CPPUNIT_ASSERT_MESSAGE("bit " + std::to_string(bit) + " set in " + std::to_string(ones[bit]) +
                                 " of " + std::to_string(kKeys),
                             ones[bit] > kKeys / 2 - 150 && ones[bit] < kKeys / 2 + 150);
    }
  }

  void testSpellingCheckRefusesEverythingElse() {
    CPPUNIT_ASSERT(isPublicKeySpelling("AbCdEfGhIjKlMnOpQr-_09"));
    for (const char* bad :
         {"", "short", "AbCdEfGhIjKlMnOpQr-_0", "AbCdEfGhIjKlMnOpQr-_091", "AbCdEfGhIjKlMnOpQr-/09",
          "AbCdEfGhIjKlMnOpQr-.09", "AbCdEfGhIjKlMnOpQr+=09", "../../../../etc/passwd"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !isPublicKeySpelling(bad));
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublicKeyTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
