#pragma once
// PublicImages: the use cases behind the public image URLs (issue 14):
// whose image a public key shows, and a new key for a user. Plain C++ over
// two repositories, so it is tested with fakes (tests/avatars/).
//
// A key nobody has (never made, rotated away, or not even spelled like a
// key) is simply no user: callers answer for it exactly as for a user
// without an image, so that a URL tells nobody who exists.
//
// Thread-safe: no state besides the borrowed repositories and cache, which
// are thread-safe themselves.

#include <optional>
#include <string>
#include <string_view>

#include "avatars/answer_cache.h"
#include "core/image_kind.h"
#include "core/result.h"
#include "db/public_key_repository.h"
#include "db/user_repository.h"

namespace userimg::avatars {

class PublicImages {
 public:
  // All borrowed; they must outlive this object. With `cache`, key lookups
  // are remembered (avatars/answer_cache.h) and rotations invalidate it.
  PublicImages(db::PublicKeyRepository& keys, db::UserRepository& users,
               AnswerCache* cache = nullptr)
      : keys_(keys), users_(users), cache_(cache) {}

  // The user (with both images) whose current key is `publicKey`, or null.
  // Database failures as the repositories report them.
  core::Result<AnswerCache::SharedUser> userWithKey(std::string_view publicKey);

  // Gives user `userId` (who exists) a new random key and returns it; the
  // old key names nobody from then on. kNotFound when there is no such user.
  core::Result<std::string> rotateKey(std::string_view userId);

 private:
  db::PublicKeyRepository& keys_;
  db::UserRepository& users_;
  AnswerCache* cache_;
};

// The public URLs of a user's key, domain-relative under `mountPrefix`
// ("" or "/~alice", config::ServerConfig::mountPrefix):
// "<prefix>/avatars/<key>" and "<prefix>/covers/<key>".
std::string publicAvatarUrl(std::string_view mountPrefix, std::string_view publicKey);
std::string publicCoverUrl(std::string_view mountPrefix, std::string_view publicKey);
// The public URL of `user`'s `kind` image, or "" when the feature is off
// (`mountPrefix` nullopt) or the user has no key.
std::string publicUrlOf(const std::optional<std::string>& mountPrefix, const db::UserRecord& user,
                        core::ImageKind kind);

}  // namespace userimg::avatars
