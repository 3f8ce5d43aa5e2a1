#include "auth/hmac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace userimg::auth {
namespace {

const EVP_MD* digestFor(std::string_view algorithm) {
  if (algorithm == "HS256") return EVP_sha256();
  if (algorithm == "HS384") return EVP_sha384();
  if (algorithm == "HS512") return EVP_sha512();
  return nullptr;
}

}  // namespace

bool isHmacAlgorithm(std::string_view algorithm) {
  return digestFor(algorithm) != nullptr;
}

std::optional<std::string> hmac(std::string_view algorithm, std::string_view key,
                                std::string_view data) {
  const EVP_MD* md = digestFor(algorithm);
  if (md == nullptr) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int outLength = 0;
  // OpenSSL wants a non-null key pointer even for an empty key.
  static const char kEmpty = 0;
  if (HMAC(md, key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &outLength) == nullptr) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(out), outLength);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  // Lengths are public (they follow from the algorithm); contents are not.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace userimg::auth
