#include "db/sql_user_repository.h"

#include <algorithm>
#include <cstddef>
#include <string>

#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>

#include "avatars/public_key.h"
#include "core/failpoint.h"
#include "db/column_limits.h"
#include "db/deletion_rows.h"
#include "db/image_rows.h"
#include "db/poco_errors.h"
#include "db/sql_support.h"
#include "db/transaction_scope.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;
// `now` is also the name of the repository's clock parameters.
namespace Keywords = Poco::Data::Keywords;
using Poco::Data::Session;

namespace {

// --- SQL (the same text on SQLite and MySQL unless named for a dialect) ---

constexpr const char* kSelectUser =
    "SELECT email, username, created_at, public_key FROM users WHERE id = ?";
constexpr const char* kInsertUser =
    "INSERT INTO users (id, email, username, created_at, updated_at, public_key)"
    " VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateUserIdentity =
    "UPDATE users SET email = ?, username = ?, updated_at = ? WHERE id = ?";
// Takes the lock that serialises changes to one user's images: the row lock
// on InnoDB, the database write lock on SQLite.
constexpr const char* kLockUserTouching = "UPDATE users SET updated_at = ? WHERE id = ?";
constexpr const char* kLockUser = "UPDATE users SET updated_at = updated_at WHERE id = ?";

constexpr const char* kSelectUsersWithImages =
    "SELECT DISTINCT user_id FROM user_images WHERE user_id > ? ORDER BY user_id LIMIT ?";
constexpr const char* kCountImages = "SELECT COUNT(*) FROM user_images";
constexpr const char* kCountImagesOfKind = "SELECT COUNT(*) FROM user_images WHERE kind = ?";

core::Status checkUserId(std::string_view userId) {
  if (userId.empty()) return core::Status::invalidArgument("user id is empty");
  // MariaDB's utf8mb4_bin ignores trailing spaces in comparisons: "17 " is
  // no id of its own, and must never reach user 17 (tokens refuse it too).
  if (userId.back() == ' ') return core::Status::invalidArgument("user id ends in a space");
  return checkLength("user id", userId, kMaxIdChars);
}

Poco::Nullable<std::string> nullIfEmpty(const std::string& value) {
  if (value.empty()) return {};
  return value;
}

// The user's row (without images), or nullopt. Throws Poco::Exception.
std::optional<UserRecord> selectUser(Session& session, const std::string& userId) {
  std::vector<Poco::Nullable<std::string>> emails;
  std::vector<Poco::Nullable<std::string>> usernames;
  std::vector<Poco::Int64> createdAts;
  std::vector<Poco::Nullable<std::string>> publicKeys;
  session << kSelectUser, bind(userId), into(emails), into(usernames), into(createdAts),
      into(publicKeys), now;
  if (createdAts.empty()) return std::nullopt;
  UserRecord user;
  user.id = userId;
  user.email = emails.front().isNull() ? std::string() : emails.front().value();
  user.username = usernames.front().isNull() ? std::string() : usernames.front().value();
  user.createdAt = createdAts.front();
  user.publicKey = publicKeys.front().isNull() ? std::string() : publicKeys.front().value();
  return user;
}

// True when `identity` changes what `user` records ("" changes nothing).
bool updatesIdentity(const UserIdentity& identity, const UserRecord& user) {
  return (!identity.email.empty() && identity.email != user.email) ||
         (!identity.username.empty() && identity.username != user.username);
}

}  // namespace

core::Result<std::optional<UserRecord>> SqlUserRepository::findUser(std::string_view userId) {
  if (core::Status status = checkUserId(userId); !status.isOk()) return status;
  return lookup_.find(std::string(userId));
}

core::Result<std::vector<std::optional<UserRecord>>> SqlUserRepository::findUsers(
    std::span<const std::string> ids) {
  // Ids no user can have are never sent; they are answered nullopt.
  std::vector<std::string> valid;
  for (const std::string& id : ids) {
    if (checkUserId(id).isOk()) valid.push_back(id);
  }
  std::vector<std::optional<UserRecord>> out(ids.size());
  if (valid.empty()) return out;
  auto found = lookup_.findMany(valid);
  if (!found) return found.status();
  for (std::size_t i = 0, next = 0; i < ids.size(); ++i) {
    if (checkUserId(ids[i]).isOk()) out[i] = std::move(found.value()[next++]);
  }
  return out;
}

core::Result<std::optional<UserRecord>> SqlUserRepository::findUserWithPublicKey(
    std::string_view publicKey) {
  if (publicKey.empty()) return std::optional<UserRecord>();
  return lookup_.findByPublicKey(std::string(publicKey));
}

core::Result<UserRecord> SqlUserRepository::ensureUser(const UserIdentity& identity, bool create,
                                                       std::int64_t now) {
  for (const core::Status& status :
       {checkUserId(identity.id), checkLength("email", identity.email, kMaxEmailChars),
        checkLength("username", identity.username, kMaxUsernameChars)}) {
    if (!status.isOk()) return status;
  }
  // The common case, a known user whose token says nothing new: one read.
  auto found = lookup_.find(identity.id);
  if (!found) return found.status();
  if (std::optional<UserRecord>& user = found.value()) {
    if (!updatesIdentity(identity, *user)) return std::move(*user);
  } else if (!create) {
    return core::Status::notFound("no such user");
  }

  const Poco::Int64 time = now;
  try {
    Session session = database_.session();
    // Two requests may provision the same new user at once: the one whose
    // INSERT loses sees a duplicate key and goes round once more to read and
    // update the row the other created.
    for (int attempt = 0;; ++attempt) {
      std::optional<UserRecord> user = selectUser(session, identity.id);
      if (!user) {
        if (!create) return core::Status::notFound("no such user");
        // Every user has a public key from the start (avatars/public_key.h).
        auto publicKey = avatars::newPublicKey();
        if (!publicKey) return publicKey.status();
        try {
          session << kInsertUser, bind(identity.id), bind(nullIfEmpty(identity.email)),
              bind(nullIfEmpty(identity.username)), bind(time), bind(time), bind(publicKey.value()),
              Keywords::now;
          return UserRecord{identity.id, identity.email,   identity.username, now, {},
                            {},          publicKey.value()};
        } catch (const Poco::Exception& e) {
          if (attempt == 0 && isDuplicateKey(e)) continue;
          throw;
        }
      }
      if (updatesIdentity(identity, *user)) {
        if (!identity.email.empty()) user->email = identity.email;
        if (!identity.username.empty()) user->username = identity.username;
        session << kUpdateUserIdentity, bind(nullIfEmpty(user->email)),
            bind(nullIfEmpty(user->username)), bind(time), bind(identity.id), Keywords::now;
      }
      image_rows::selectAll(session, *user);
      return std::move(*user);
    }
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "provisioning a user");
  }
}

namespace {

// Within a transaction: queues the stored objects of `image` (its own, then
// its variants') into `replacement`, due at `notBefore`.
void queueObjects(Session& session, Dialect dialect, const ImageRecord& image,
                  std::int64_t notBefore, Replacement& replacement) {
  std::vector<std::string> keys{image.storageKey};
  for (const VariantRecord& variant : image.variants) {
    if (!variant.key.empty()) keys.push_back(variant.key);
  }
  std::vector<PendingDeletion> queued = deletion_rows::queue(session, dialect, keys, notBefore);
  replacement.deletion = std::move(queued.front());
  replacement.variantDeletions.assign(std::make_move_iterator(queued.begin() + 1),
                                      std::make_move_iterator(queued.end()));
}

// Within a transaction holding the user's row lock: one change of replaceImages().
// `previous`: the user's image of that kind, read under the lock.
Replacement replaceWithin(Session& session, Dialect dialect, const std::string& id,
                          const ImageChange& change, std::optional<ImageRecord> previous,
                          std::int64_t now) {
  const ImageRecord& next = change.record;
  const std::string kindName(core::imageKindName(change.kind));
  Replacement replacement;
  replacement.previous = std::move(previous);
  // The user's row lock keeps the row as select() saw it: there or not.
  if (replacement.previous) {
    image_rows::overwrite(session, id, kindName, next, now);
  } else {
    image_rows::insert(session, id, kindName, next, now);
  }

  // Re-uploading under the same key must not delete the live object.
  if (replacement.previous && replacement.previous->storageKey != next.storageKey) {
    queueObjects(session, dialect, *replacement.previous, now, replacement);
  }
  return replacement;
}

}  // namespace

core::Result<std::vector<Replacement>> SqlUserRepository::replaceImages(
    std::string_view userId, std::span<const ImageChange> changes, std::int64_t now) {
  if (core::Status status = checkUserId(userId); !status.isOk()) return status;
  for (const ImageChange& change : changes) {
    if (core::Status status = image_rows::check(change.record); !status.isOk()) return status;
  }
  const std::string id(userId);
  const Poco::Int64 time = now;
  return sql_support::retryingDeadlocks<std::vector<Replacement>>(
      "replacing an image", [&]() -> core::Result<std::vector<Replacement>> {
        Session session = database_.session();
        TransactionScope transaction(session, database_.dialect());

        // Locks the user's row if there is one. What it counts says nothing
        // of whether there is (MySQL counts changed rows, not matched ones:
        // 0 for a user whose updated_at already was `now`); the select that
        // reads each image under the lock says it.
        session << kLockUserTouching, bind(time), bind(id), Keywords::now;

        std::vector<Replacement> replacements;
        replacements.reserve(changes.size());
        for (const ImageChange& change : changes) {
          const std::string kindName(core::imageKindName(change.kind));
          image_rows::UserImage found = image_rows::selectOfUser(session, id, kindName);
          if (!found.userExists) return core::Status::notFound("no such user");
          replacements.push_back(
              replaceWithin(session, database_.dialect(), id, change, std::move(found.image), now));
        }
        // The fault tests: the user's row locked, the changes made, not committed.
        USERIMG_FAILPOINT("db.replace.before_commit");
        transaction.commit();
        return replacements;
      });
}

core::Result<std::optional<Replacement>> SqlUserRepository::clearImage(std::string_view userId,
                                                                       core::ImageKind kind,
                                                                       std::string_view expectedKey,
                                                                       std::int64_t leaseUntil) {
  if (core::Status status = checkUserId(userId); !status.isOk()) return status;
  const std::string id(userId);
  const std::string kindName(core::imageKindName(kind));
  return sql_support::retryingDeadlocks<std::optional<Replacement>>(
      "clearing an image", [&]() -> core::Result<std::optional<Replacement>> {
        Session session = database_.session();
        TransactionScope transaction(session, database_.dialect());
        // Same lock order as replaceImage (user row, then images): no deadlocks.
        session << kLockUser, bind(id), Keywords::now;
        std::optional<ImageRecord> previous = image_rows::select(session, id, kindName);
        if (!previous || previous->storageKey != expectedKey) return std::optional<Replacement>();
        image_rows::remove(session, id, kindName);
        Replacement cleared;
        queueObjects(session, database_.dialect(), *previous, leaseUntil, cleared);
        cleared.previous = std::move(previous);
        transaction.commit();
        return std::optional<Replacement>(std::move(cleared));
      });
}

core::Result<bool> SqlUserRepository::restoreImage(std::string_view userId, core::ImageKind kind,
                                                   const ImageRecord& record,
                                                   std::span<const std::int64_t> deletionIds) {
  if (core::Status status = checkUserId(userId); !status.isOk()) return status;
  if (core::Status status = image_rows::check(record); !status.isOk()) return status;
  const std::string id(userId);
  const std::string kindName(core::imageKindName(kind));
  return sql_support::retryingDeadlocks<bool>("restoring an image", [&]() -> core::Result<bool> {
    Session session = database_.session();
    TransactionScope transaction(session, database_.dialect());
    // As in replaceImages: the lock's count says nothing, the select does.
    session << kLockUser, bind(id), Keywords::now;
    const image_rows::UserImage found = image_rows::selectOfUser(session, id, kindName);
    if (!found.userExists || found.image) return false;
    image_rows::insert(session, id, kindName, record, record.createdAt);
    for (const std::int64_t deletionId : deletionIds) {
      deletion_rows::remove(session, deletionId);
    }
    transaction.commit();
    return true;
  });
}

core::Result<std::optional<Replacement>> SqlUserRepository::replaceVariants(
    std::string_view userId, const VariantsChange& change, std::int64_t now) {
  if (core::Status status = checkUserId(userId); !status.isOk()) return status;
  ImageRecord next;
  next.storageKey = change.expectedKey;
  next.variants = change.variants;
  next.placeholder = change.placeholder;
  if (core::Status status = image_rows::check(next); !status.isOk()) return status;
  const std::string id(userId);
  const std::string kindName(core::imageKindName(change.kind));
  return sql_support::retryingDeadlocks<std::optional<Replacement>>(
      "replacing an image's variants", [&]() -> core::Result<std::optional<Replacement>> {
        Session session = database_.session();
        TransactionScope transaction(session, database_.dialect());
        // Same lock order as replaceImages (user row, then images).
        session << kLockUser, bind(id), Keywords::now;
        std::optional<ImageRecord> previous = image_rows::select(session, id, kindName);
        if (!previous || previous->storageKey != change.expectedKey)
          return std::optional<Replacement>();
        image_rows::updateVariants(session, id, kindName, next);
        Replacement replacement;
        std::vector<std::string> gone;
        for (const VariantRecord& variant : previous->variants) {
          if (variant.key.empty()) continue;
          const bool kept =
              std::any_of(change.variants.begin(), change.variants.end(),
                          [&](const VariantRecord& v) { return v.key == variant.key; });
          if (!kept) gone.push_back(variant.key);
        }
        replacement.variantDeletions =
            deletion_rows::queue(session, database_.dialect(), gone, now);
        replacement.previous = std::move(previous);
        transaction.commit();
        return std::optional<Replacement>(std::move(replacement));
      });
}

core::Result<std::vector<std::string>> SqlUserRepository::usersWithImagesAfter(
    std::string_view afterId, int limit) {
  std::vector<std::string> ids;
  if (limit <= 0) return ids;
  try {
    Session session = database_.session();
    const std::string after(afterId);
    session << kSelectUsersWithImages, bind(after), bind(limit), into(ids), Keywords::now;
    return ids;
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "listing users with images");
  }
}

core::Result<std::int64_t> SqlUserRepository::countImages(std::optional<core::ImageKind> kind) {
  try {
    Session session = database_.session();
    Poco::Int64 count = 0;
    if (kind) {
      const std::string kindName(core::imageKindName(*kind));
      session << kCountImagesOfKind, bind(kindName), into(count), Keywords::now;
    } else {
      session << kCountImages, into(count), Keywords::now;
    }
    return static_cast<std::int64_t>(count);
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "counting images");
  }
}

}  // namespace userimg::db
