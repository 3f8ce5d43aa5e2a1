#pragma once
// Base64url without padding (RFC 4648 section 5), as used by JWS.
//
// The decoder is strict so that one token has exactly one spelling: it
// refuses padding, characters outside the URL-safe alphabet, impossible
// lengths and non-zero trailing bits. Poco's Base64Decoder is lenient on the
// last point, which would let several signature strings decode to the same
// bytes.

#include <optional>
#include <string>
#include <string_view>

namespace userimg::auth {

// The bytes `text` encodes, or nullopt when it is not canonical base64url.
std::optional<std::string> base64UrlDecode(std::string_view text);

// The canonical base64url spelling of `bytes`, without padding.
std::string base64UrlEncode(std::string_view bytes);

}  // namespace userimg::auth
