#pragma once
// TokenCache: the principals of tokens that passed every check, by the
// token's exact text. A client sends the same bearer token on every request
// of a session; a hit skips base64, the HMAC and the JSON parse (a fifth of
// the CPU of a GET in bench/run's profile). The time claims are checked
// again on every hit, so a cached token still expires on time. Only
// JwtVerifier inserts, and only after full verification: a token nobody
// verified can never be found here.
//
// Bounded: at most `capacity` entries; when full, an arbitrary entry makes
// room (a miss only costs a full verification). Thread-safe (one mutex,
// held for a hash lookup).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/principal.h"

namespace userimg::auth {

class TokenCache {
 public:
  explicit TokenCache(std::size_t capacity) : capacity_(capacity) {}

  // The principal of `token` when it is cached and its exp (and nbf, when
  // present) still hold at `now` with `leeway` seconds of tolerance, as
  // principalFromClaims() checks them; nullopt otherwise. An expired entry
  // is removed.
  std::optional<Principal> find(std::string_view token, std::int64_t now, std::int64_t leeway);

  // Remembers a fully verified token.
  void insert(std::string_view token, const Principal& principal);

  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Principal, Hash, std::equal_to<>> entries_;  // guarded
};

}  // namespace userimg::auth
