#include "avatars/public_key.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "auth/base64url.h"

namespace userimg::avatars {

core::Result<std::string> newPublicKey() {
  std::array<char, kPublicKeyBytes> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    // Blocks only until the kernel's pool is first initialised (early boot).
    const ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return core::Status::internal(std::string("getrandom: ") + std::strerror(errno));
    }
    filled += static_cast<std::size_t>(got);
  }
  return auth::base64UrlEncode(std::string_view(bytes.data(), bytes.size()));
}

bool isPublicKeySpelling(std::string_view text) {
  if (text.size() != kPublicKeyChars) return false;
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace userimg::avatars
