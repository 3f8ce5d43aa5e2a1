#include "auth/token_cache.h"

namespace userimg::auth {

std::optional<Principal> TokenCache::find(std::string_view token, std::int64_t now,
                                          std::int64_t leeway) {
  std::lock_guard lock(mutex_);
  const auto entry = entries_.find(token);
  if (entry == entries_.end()) return std::nullopt;
  const Principal& principal = entry->second;
  // The same comparisons as auth/claims.cpp, written so they cannot overflow.
  if (now - leeway >= principal.expiresAt) {
    entries_.erase(entry);
    return std::nullopt;
  }
  if (principal.notBefore && now + leeway < *principal.notBefore) return std::nullopt;
  return principal;
}

void TokenCache::insert(std::string_view token, const Principal& principal) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  const auto existing = entries_.find(token);
  if (existing != entries_.end()) {
    existing->second = principal;
    return;
  }
  if (entries_.size() >= capacity_) entries_.erase(entries_.begin());
  entries_.emplace(std::string(token), principal);
}

std::size_t TokenCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace userimg::auth
