#include "auth/base64url.h"

#include <array>
#include <cstdint>

namespace userimg::auth {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of an alphabet character, or -1.
int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> base64UrlDecode(std::string_view text) {
  // A single character left over would carry only 6 of 8 bits.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int bitCount = 0;
  for (char c : text) {
    const int v = sextet(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out.push_back(static_cast<char>((bits >> bitCount) & 0xFF));
    }
  }
  // Leftover bits must be zero, or two spellings would decode alike.
  if ((bits & ((1u << bitCount) - 1)) != 0) return std::nullopt;
  return out;
}

std::string base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t bits = 0;
  int bitCount = 0;
  for (char c : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(c);
    bitCount += 8;
    while (bitCount >= 6) {
      bitCount -= 6;
      out.push_back(kAlphabet[(bits >> bitCount) & 0x3F]);
    }
  }
  if (bitCount > 0) out.push_back(kAlphabet[(bits << (6 - bitCount)) & 0x3F]);
  return out;
}

}  // namespace userimg::auth
