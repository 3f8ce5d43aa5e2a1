#pragma once
// HMAC for the JWS algorithms HS256, HS384 and HS512, over OpenSSL.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace userimg::auth {

// True for "HS256", "HS384" and "HS512", the only algorithms this module
// can verify.
bool isHmacAlgorithm(std::string_view algorithm);

// A secret keyed once for one algorithm. OpenSSL 3's one-shot HMAC() looks
// the MAC and the digest up by name and sets the key on every call (a sixth
// of the CPU of a GET in bench/run's profile); sign() only copies the keyed
// state. Thread-safe: sign() reads the keyed state and never changes it.
class HmacKey {
 public:
  // nullptr for any other algorithm name, or when OpenSSL fails.
  static std::unique_ptr<HmacKey> create(std::string_view algorithm, std::string_view key);
  ~HmacKey();
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;

  // The raw MAC of `data`; nullopt when OpenSSL fails.
  std::optional<std::string> sign(std::string_view data) const;

 private:
  struct Keyed;
  explicit HmacKey(std::unique_ptr<Keyed> keyed);
  std::unique_ptr<Keyed> keyed_;
};

// The raw MAC of `data` under `key` for a JWS HMAC algorithm; nullopt for
// any other algorithm name or when OpenSSL fails. Keys a new HmacKey each
// call: for one-off signatures.
std::optional<std::string> hmac(std::string_view algorithm, std::string_view key,
                                std::string_view data);

// Compares two byte strings in time that depends only on their lengths.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace userimg::auth
