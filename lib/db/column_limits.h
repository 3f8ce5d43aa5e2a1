#pragma once
// Internal to lib/db/: the sizes of the schema's text columns
// (sql/*/NNN_*.sql), in characters, and the check that a value fits one.
// MySQL counts characters (utf8mb4), so values are measured as UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace userimg::db {

inline constexpr std::size_t kMaxIdChars = 191;
inline constexpr std::size_t kMaxEmailChars = 255;
inline constexpr std::size_t kMaxUsernameChars = 191;
inline constexpr std::size_t kMaxKeyChars = 512;
inline constexpr std::size_t kMaxUrlChars = 1024;
inline constexpr std::size_t kMaxContentTypeChars = 64;
inline constexpr std::size_t kMaxBlurhashChars = 166;
inline constexpr std::size_t kMaxColorChars = 7;

// Characters of UTF-8 text (bytes that do not continue a sequence).
inline std::size_t utf8Length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// kInvalidArgument "<what> is longer than <max> characters" when it is.
inline core::Status checkLength(std::string_view what, std::string_view value, std::size_t max) {
  if (utf8Length(value) <= max) return core::Status::ok();
  return core::Status::invalidArgument(std::string(what) + " is longer than " +
                                       std::to_string(max) + " characters");
}

}  // namespace userimg::db
