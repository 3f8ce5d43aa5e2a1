#pragma once
// HMAC for the JWS algorithms HS256, HS384 and HS512, over OpenSSL.
// Thread-safe: no shared state.

#include <optional>
#include <string>
#include <string_view>

namespace userimg::auth {

// True for "HS256", "HS384" and "HS512", the only algorithms this module
// can verify.
bool isHmacAlgorithm(std::string_view algorithm);

// The raw MAC of `data` under `key` for a JWS HMAC algorithm; nullopt for
// any other algorithm name or when OpenSSL fails.
std::optional<std::string> hmac(std::string_view algorithm, std::string_view key,
                                std::string_view data);

// Compares two byte strings in time that depends only on their lengths.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace userimg::auth
