#pragma once
// UserRepository: users and the image each one points at, behind an
// interface so the service can be tested with a fake (tests/fakes/).
//
// The production implementation (db/sql_user_repository.h) runs the same
// code on SQLite and MySQL/MariaDB, through Poco::Data but for its one hot
// read (db/user_lookup.h). Every method is
// thread-safe and either completes or changes nothing. Database failures are
// kUnavailable (connection, lock timeout) or kInternal.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/image_kind.h"
#include "core/result.h"

namespace userimg::db {

// A smaller copy of an image: a stored object (key set) or a URL the
// storage backend derives on delivery (key empty). Its siblings in other
// formats (ImagesConfig::siblingFormats) share its name.
struct VariantRecord {
  std::string name;  // "128" (square), "640w" (width) or "full" (a sibling of the image)
  std::string key;
  std::string url;
  int width = 0;
  int height = 0;
  // "" in the image's own format; "webp" or "avif" for a sibling in another.
  std::string format = {};
};

// What a client paints while an image loads (image/placeholder/
// placeholder.h): both set, or no placeholder at all.
struct PlaceholderRecord {
  std::string blurhash;  // 6-166 characters of BlurHash's base 83
  std::string color;     // "#rrggbb"

  bool operator==(const PlaceholderRecord&) const = default;
};

// A part of a stored image, in its pixels.
struct AreaRecord {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  bool operator==(const AreaRecord&) const = default;
};

// One stored image of a user.
struct ImageRecord {
  std::string storageKey;
  std::string url;
  std::string contentType;
  std::int64_t bytes = 0;
  std::optional<int> width;
  std::optional<int> height;
  std::int64_t createdAt = 0;  // seconds since the epoch
  std::vector<VariantRecord> variants = {};
  // None for images stored before schema version 2 or without placeholders.
  std::optional<PlaceholderRecord> placeholder = {};
  // A profile image uploaded with a crop: the part its squares are cut from
  // (image::ProcessedImage::squareSource). None otherwise, and for images
  // stored before schema version 3.
  std::optional<AreaRecord> squareSource = {};
};

struct UserRecord {
  std::string id;
  std::string email;     // "" when unknown
  std::string username;  // "" when unknown
  std::int64_t createdAt = 0;
  std::optional<ImageRecord> profile;
  std::optional<ImageRecord> cover;
  // The key of the user's public image URLs (avatars/public_key.h), made
  // when the row is; "" only for a row no migration or provisioning gave one.
  std::string publicKey = {};
};

// Who a token says the user is; what ensureUser() records.
struct UserIdentity {
  std::string id;
  std::string email;     // "" leaves the stored value alone
  std::string username;  // "" leaves the stored value alone
};

// A storage key whose object must be removed from the blob store.
struct PendingDeletion {
  std::int64_t id = 0;
  std::string storageKey;
  int attempts = 0;
  std::int64_t notBefore = 0;  // seconds since the epoch
};

// What replaceImage() did.
struct Replacement {
  std::optional<ImageRecord> previous;            // the image that was replaced
  std::optional<PendingDeletion> deletion;        // its queued deletion, when there was one
  std::vector<PendingDeletion> variantDeletions;  // those of its stored variants
};

// What regenerating one image changes (replaceVariants()): its variants and
// placeholder, nothing else.
struct VariantsChange {
  core::ImageKind kind = core::ImageKind::kProfile;
  std::string expectedKey;  // the image's storage key, as read before regenerating
  std::vector<VariantRecord> variants;
  std::optional<PlaceholderRecord> placeholder;
};

// One image to point a user's record at.
struct ImageChange {
  core::ImageKind kind = core::ImageKind::kProfile;
  ImageRecord record;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;

  // The user with both images, or nullopt.
  virtual core::Result<std::optional<UserRecord>> findUser(std::string_view userId) = 0;

  // The users `ids` with both images, in their order: nullopt for an
  // unknown id (or one no user could have). The default asks findUser()
  // for each; the SQL one reads up to 100 in one statement.
  virtual core::Result<std::vector<std::optional<UserRecord>>> findUsers(
      std::span<const std::string> ids);

  // The user whose current public key is exactly `publicKey`, or nullopt
  // (never made, or rotated away).
  virtual core::Result<std::optional<UserRecord>> findUserWithPublicKey(
      std::string_view publicKey) = 0;

  // Returns the user, creating the row first when `create` is true and the
  // user is unknown (kNotFound when unknown and `create` is false). Non-empty
  // email/username that differ from the stored ones are updated.
  virtual core::Result<UserRecord> ensureUser(const UserIdentity& identity, bool create,
                                              std::int64_t now) = 0;

  // In one transaction that locks the user's row: for each change, points
  // the user's `kind` image at `record` and queues the previous image's key
  // (if any) as a pending deletion due at `now`. Returns one Replacement per
  // change, in order. kNotFound when the user does not exist. On failure
  // nothing changed: all the changes are made, or none.
  virtual core::Result<std::vector<Replacement>> replaceImages(std::string_view userId,
                                                               std::span<const ImageChange> changes,
                                                               std::int64_t now) = 0;

  // replaceImages() with one change.
  core::Result<Replacement> replaceImage(std::string_view userId, core::ImageKind kind,
                                         const ImageRecord& next, std::int64_t now) {
    const ImageChange change{kind, next};
    auto replaced = replaceImages(userId, {&change, 1}, now);
    if (!replaced) return replaced.status();
    return std::move(replaced->front());
  }

  // In one transaction that locks the user's row: if the user's `kind` image
  // still has `expectedKey`, removes the reference and queues the image's
  // stored objects (its own and its variants') as pending deletions due at
  // `leaseUntil`, so that no sweeper takes them while the caller removes
  // them (a caller that dies leaves them to the sweepers). Returns what was
  // cleared (previous, deletion, variantDeletions), or nullopt, changing
  // nothing, when the image points elsewhere (or nowhere).
  virtual core::Result<std::optional<Replacement>> clearImage(std::string_view userId,
                                                              core::ImageKind kind,
                                                              std::string_view expectedKey,
                                                              std::int64_t leaseUntil) = 0;
  // Undoes a clearImage() whose first removal failed (nothing is removed):
  // in one transaction that locks the user's row, if the user has no `kind`
  // image, points it at `record` again and forgets the pending deletions
  // `deletionIds`; returns true. Returns false, changing nothing, when the
  // user has such an image again (an upload came in between: the cleared
  // objects then stay queued) or is gone.
  virtual core::Result<bool> restoreImage(std::string_view userId, core::ImageKind kind,
                                          const ImageRecord& record,
                                          std::span<const std::int64_t> deletionIds) = 0;

  // In one transaction that locks the user's row: if the user's `kind` image
  // still has storage key `change.expectedKey`, replaces its variants and
  // placeholder with the change's (every other column, the square source
  // included, stays) and queues each stored variant key it had that is not
  // among the new ones as a pending deletion due at `now`. Returns that
  // Replacement (previous: the image before; variantDeletions: those
  // queued; no deletion of the image itself), or nullopt, changing nothing,
  // when the image was replaced or deleted meanwhile (or the user is gone).
  virtual core::Result<std::optional<Replacement>> replaceVariants(std::string_view userId,
                                                                   const VariantsChange& change,
                                                                   std::int64_t now) = 0;

  // The ids of users with at least one image, in id order (byte order):
  // at most `limit` of those after `afterId` ("": from the first). For
  // walking every image in pages.
  virtual core::Result<std::vector<std::string>> usersWithImagesAfter(std::string_view afterId,
                                                                      int limit) = 0;
  // How many images are stored: of `kind` only, or of both kinds.
  virtual core::Result<std::int64_t> countImages(std::optional<core::ImageKind> kind) = 0;

  // Pending deletions due at `now` (notBefore <= now), oldest first.
  virtual core::Result<std::vector<PendingDeletion>> duePendingDeletions(std::int64_t now,
                                                                         int limit) = 0;
  // Takes pending deletion `id` for one remover, so that of the processes
  // and threads that may all see it due (every userimg-fcgi's sweeper, the
  // request that replaced the image) exactly one removes its object: moves
  // its notBefore from `expectedNotBefore` (what the caller read) to
  // `leaseUntil`, when it is due again should the remover die holding it.
  // True when this caller took it; false when another took it first or it
  // is gone. Must be followed by complete...() or defer...().
  virtual core::Result<bool> claimPendingDeletion(std::int64_t id, std::int64_t expectedNotBefore,
                                                  std::int64_t leaseUntil) = 0;
  // claimPendingDeletion() of each of `ids`, all with the same
  // `expectedNotBefore` (the deletions one replaceImages() queued): the ids
  // this caller took, in the order given. The SQL repository takes them all
  // in one statement when no other remover took one first; this default
  // claims one at a time.
  virtual core::Result<std::vector<std::int64_t>> claimPendingDeletions(
      std::span<const std::int64_t> ids, std::int64_t expectedNotBefore, std::int64_t leaseUntil);
  // The object of pending deletion `id` is gone: forget it.
  virtual core::Status completePendingDeletion(std::int64_t id) = 0;
  // completePendingDeletion() of each of `ids` (one statement in the SQL
  // repository; this default completes one at a time). On failure some may
  // be completed and the others are left for a sweeper.
  virtual core::Status completePendingDeletions(std::span<const std::int64_t> ids);
  // Removing failed again: count the attempt and retry no sooner than `notBefore`.
  virtual core::Status deferPendingDeletion(std::int64_t id, std::int64_t notBefore) = 0;
};

}  // namespace userimg::db
