#pragma once
// FakeUserRepository: db::UserRepository in memory, with the semantics of
// db/user_repository.h (and of SqlUserRepository where the header leaves a
// choice): replaceImage() queues the previous key as a pending deletion due
// at `now` unless it is the same key; clearImage() only clears an image that
// still has the expected key; pending deletions come back oldest first.
//
// Failure injection: the next N calls of replaceImage, clearImage,
// restoreImage, replaceVariants or ensureUser fail with kUnavailable and change nothing.
// Thread-safe: one mutex, so every method is its own transaction (like the
// row lock of the real one).

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/public_key_repository.h"
#include "db/user_repository.h"

namespace userimg::fakes {

// Also the users' public keys (db/public_key_repository.h): ensureUser()
// gives each new user a random one, like the SQL repository.
class FakeUserRepository final : public db::UserRepository, public db::PublicKeyRepository {
 public:
  core::Status setKey(std::string_view userId, std::string_view publicKey) override;

  core::Result<std::optional<db::UserRecord>> findUser(std::string_view userId) override;
  core::Result<std::optional<db::UserRecord>> findUserWithPublicKey(
      std::string_view publicKey) override;
  core::Result<db::UserRecord> ensureUser(const db::UserIdentity& identity, bool create,
                                          std::int64_t now) override;
  core::Result<std::vector<db::Replacement>> replaceImages(std::string_view userId,
                                                           std::span<const db::ImageChange> changes,
                                                           std::int64_t now) override;
  core::Result<std::optional<db::Replacement>> clearImage(std::string_view userId,
                                                          core::ImageKind kind,
                                                          std::string_view expectedKey,
                                                          std::int64_t leaseUntil) override;
  core::Result<bool> restoreImage(std::string_view userId, core::ImageKind kind,
                                  const db::ImageRecord& record,
                                  std::span<const std::int64_t> deletionIds) override;
  core::Result<std::optional<db::Replacement>> replaceVariants(std::string_view userId,
                                                               const db::VariantsChange& change,
                                                               std::int64_t now) override;
  core::Result<std::vector<std::string>> usersWithImagesAfter(std::string_view afterId,
                                                              int limit) override;
  core::Result<std::int64_t> countImages(std::optional<core::ImageKind> kind) override;
  core::Result<std::vector<db::PendingDeletion>> duePendingDeletions(std::int64_t now,
                                                                     int limit) override;
  core::Result<bool> claimPendingDeletion(std::int64_t id, std::int64_t expectedNotBefore,
                                          std::int64_t leaseUntil) override;
  core::Status completePendingDeletion(std::int64_t id) override;
  core::Status deferPendingDeletion(std::int64_t id, std::int64_t notBefore) override;

  // Failure injection (kUnavailable, nothing changed). failNextReplaceImage
  // lets `skip` calls through first (to fail the second of two commits).
  void failNextReplaceImage(int count = 1, int skip = 0);
  void failNextClearImage(int count = 1);
  void failNextRestoreImage(int count = 1);
  void failNextEnsureUser(int count = 1);

  // Runs `hook` right after the next successful replaceImages() has
  // committed, before it returns (without the lock held): another remover
  // acting between the commit and the caller's next step.
  void runAfterNextReplace(std::function<void()> hook);
  // Runs `hook` at the start of the next replaceVariants(), before it looks
  // at the record (without the lock held): an upload landing while an image
  // is being regenerated.
  void runBeforeNextReplaceVariants(std::function<void()> hook);
  // Runs `hook` at the start of the next clearImage(), before it looks at
  // the record (without the lock held): another request acting between a
  // delete's read of the record and its clear.
  void runBeforeNextClearImage(std::function<void()> hook);
  // The next `count` replaceVariants() calls fail (kUnavailable, nothing changed).
  void failNextReplaceVariants(int count = 1);

  // Test accessors: snapshots of the state.
  std::optional<db::UserRecord> user(std::string_view userId) const;
  std::vector<db::PendingDeletion> pendingDeletions() const;  // all, by id
  std::size_t userCount() const;

 private:
  static bool consume(int& counter);
  core::Result<std::vector<db::Replacement>> replaceAll(std::string_view userId,
                                                        std::span<const db::ImageChange> changes,
                                                        std::int64_t now);

  mutable std::mutex mutex_;
  std::map<std::string, db::UserRecord, std::less<>> users_;
  std::map<std::int64_t, db::PendingDeletion> deletions_;
  std::int64_t nextDeletionId_ = 1;
  int replaceFailures_ = 0;
  int replaceSkips_ = 0;
  // Queues the objects of `image` (its own, then its variants') into
  // `replacement`, due at `notBefore`. mutex_ held.
  void queueObjects(const db::ImageRecord& image, std::int64_t notBefore,
                    db::Replacement& replacement);

  int clearFailures_ = 0;
  int restoreFailures_ = 0;
  std::function<void()> afterNextReplace_;
  std::function<void()> beforeNextClearImage_;
  std::function<void()> beforeNextReplaceVariants_;
  int replaceVariantsFailures_ = 0;
  int ensureFailures_ = 0;
};

}  // namespace userimg::fakes
