#include "avatars/public_images.h"

#include "avatars/public_key.h"

namespace userimg::avatars {

core::Result<std::optional<db::UserRecord>> PublicImages::userWithKey(std::string_view publicKey) {
  // Not spelled like a key: no query at all.
  if (!isPublicKeySpelling(publicKey)) return std::optional<db::UserRecord>();
  return users_.findUserWithPublicKey(publicKey);
}

core::Result<std::string> PublicImages::rotateKey(std::string_view userId) {
  auto key = newPublicKey();
  if (!key) return key.status();
  if (core::Status set = keys_.setKey(userId, key.value()); !set.isOk()) return set;
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
