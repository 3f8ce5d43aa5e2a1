#include "avatars/public_images.h"

#include "avatars/public_key.h"
#include "metrics/events.h"

namespace userimg::avatars {

core::Result<AnswerCache::SharedUser> PublicImages::userWithKey(std::string_view publicKey) {
  // Not spelled like a key: no query at all.
  if (!isPublicKeySpelling(publicKey)) return AnswerCache::SharedUser();
  if (cache_ != nullptr) {
    auto remembered = cache_->find(publicKey);
    metrics::publicCacheLookup(remembered.has_value());
    if (remembered) return std::move(*remembered);
  }
  const std::uint64_t readAt = cache_ != nullptr ? cache_->generation() : 0;
  auto read = users_.findUserWithPublicKey(publicKey);
  if (!read) return read.status();
  AnswerCache::SharedUser user;
  if (read.value()) user = std::make_shared<const db::UserRecord>(std::move(*read.value()));
  if (cache_ != nullptr) cache_->store(publicKey, user, readAt);
  return user;
}

core::Result<std::string> PublicImages::rotateKey(std::string_view userId) {
  auto key = newPublicKey();
  if (!key) return key.status();
  const core::Status set = keys_.setKey(userId, key.value());
  // Even after a failure: whether the key changed is not known.
  if (cache_ != nullptr) cache_->invalidate();
  if (!set.isOk()) return set;
  return key;
}

std::string publicAvatarUrl(std::string_view mountPrefix, std::string_view publicKey) {
  return std::string(mountPrefix) + "/avatars/" + std::string(publicKey);
}

std::string publicCoverUrl(std::string_view mountPrefix, std::string_view publicKey) {
  return std::string(mountPrefix) + "/covers/" + std::string(publicKey);
}

std::string publicUrlOf(const std::optional<std::string>& mountPrefix, const db::UserRecord& user,
                        core::ImageKind kind) {
  if (!mountPrefix || user.publicKey.empty()) return {};
  return kind == core::ImageKind::kProfile ? publicAvatarUrl(*mountPrefix, user.publicKey)
                                           : publicCoverUrl(*mountPrefix, user.publicKey);
}

}  // namespace userimg::avatars
