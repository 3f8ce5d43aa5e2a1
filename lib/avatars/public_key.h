#pragma once
// A user's public key: the opaque part of the public image URLs
// /avatars/<key> and /covers/<key> (issue 14). 16 bytes from the OS's
// CSPRNG (getrandom(2)), spelled as 22 characters of base64url without
// padding: URL-safe, 128 random bits, unrelated to the user's id or email,
// so a URL names nobody and cannot be guessed from what is known of a user.
//
// Thread-safe: no state.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace userimg::avatars {

inline constexpr std::size_t kPublicKeyBytes = 16;
inline constexpr std::size_t kPublicKeyChars = 22;  // base64url of 16 bytes

// A new random key. kInternal only when the OS cannot supply randomness
// (getrandom fails with something other than EINTR), never a weaker key.
core::Result<std::string> newPublicKey();

// True when `text` is spelled as newPublicKey() spells keys (22 characters
// of [A-Za-z0-9_-]). Anything else is no key at all, looked up nowhere.
bool isPublicKeySpelling(std::string_view text);

}  // namespace userimg::avatars
