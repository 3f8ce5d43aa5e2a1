#include "auth/hmac.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace userimg::auth {
namespace {

// OpenSSL's name of the digest of a JWS HMAC algorithm; nullptr otherwise.
const char* digestFor(std::string_view algorithm) {
  if (algorithm == "HS256") return "SHA256";
  if (algorithm == "HS384") return "SHA384";
  if (algorithm == "HS512") return "SHA512";
  return nullptr;
}

}  // namespace

struct HmacKey::Keyed {
  EVP_MAC_CTX* context = nullptr;
  ~Keyed() { EVP_MAC_CTX_free(context); }
};

bool isHmacAlgorithm(std::string_view algorithm) {
  return digestFor(algorithm) != nullptr;
}

HmacKey::HmacKey(std::unique_ptr<Keyed> keyed) : keyed_(std::move(keyed)) {}

HmacKey::~HmacKey() = default;

std::unique_ptr<HmacKey> HmacKey::create(std::string_view algorithm, std::string_view key) {
  const char* digest = digestFor(algorithm);
  if (digest == nullptr) return nullptr;
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) return nullptr;
  auto keyed = std::make_unique<Keyed>();
  keyed->context = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);  // the context holds its own reference
  if (keyed->context == nullptr) return nullptr;
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end()};
  // OpenSSL wants a non-null key pointer even for an empty key.
  static const unsigned char kEmpty = 0;
  const auto* bytes = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(keyed->context, bytes, key.size(), params) != 1) return nullptr;
  return std::unique_ptr<HmacKey>(new HmacKey(std::move(keyed)));
}

std::optional<std::string> HmacKey::sign(std::string_view data) const {
  Keyed copy;
  copy.context = EVP_MAC_CTX_dup(keyed_->context);
  if (copy.context == nullptr) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t outLength = 0;
  if (EVP_MAC_update(copy.context, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(copy.context, out, &outLength, sizeof out) != 1) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(out), outLength);
}

std::optional<std::string> hmac(std::string_view algorithm, std::string_view key,
                                std::string_view data) {
  const std::unique_ptr<HmacKey> keyed = HmacKey::create(algorithm, key);
  if (!keyed) return std::nullopt;
  return keyed->sign(data);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  // Lengths are public (they follow from the algorithm); contents are not.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace userimg::auth
