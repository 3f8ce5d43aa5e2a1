#include "fakes/fake_user_repository.h"

#include <algorithm>
#include <utility>

#include "avatars/public_key.h"

namespace userimg::fakes {

using core::Status;

namespace {

std::optional<db::ImageRecord>& slot(db::UserRecord& user, core::ImageKind kind) {
  return kind == core::ImageKind::kProfile ? user.profile : user.cover;
}

}  // namespace

bool FakeUserRepository::consume(int& counter) {
  if (counter <= 0) return false;
  --counter;
  return true;
}

core::Result<std::optional<db::UserRecord>> FakeUserRepository::findUser(std::string_view userId) {
  if (userId.empty()) return Status::invalidArgument("user id is empty");
  std::lock_guard lock(mutex_);
  auto it = users_.find(userId);
  if (it == users_.end()) return std::optional<db::UserRecord>();
  return std::optional<db::UserRecord>(it->second);
}

core::Result<std::optional<db::UserRecord>> FakeUserRepository::findUserWithPublicKey(
    std::string_view publicKey) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, user] : users_) {
    if (!publicKey.empty() && user.publicKey == publicKey) {
      return std::optional<db::UserRecord>(user);
    }
  }
  return std::optional<db::UserRecord>();
}

core::Result<db::UserRecord> FakeUserRepository::ensureUser(const db::UserIdentity& identity,
                                                            bool create, std::int64_t now) {
  if (identity.id.empty()) return Status::invalidArgument("user id is empty");
  std::lock_guard lock(mutex_);
  if (consume(ensureFailures_)) return Status::unavailable("injected ensureUser failure");
  auto it = users_.find(identity.id);
  if (it == users_.end()) {
    if (!create) return Status::notFound("no such user");
    auto key = avatars::newPublicKey();
    if (!key) return key.status();
    db::UserRecord user{identity.id, identity.email, identity.username, now, {}, {}, key.value()};
    users_.emplace(identity.id, user);
    return user;
  }
  if (!identity.email.empty()) it->second.email = identity.email;
  if (!identity.username.empty()) it->second.username = identity.username;
  return it->second;
}

core::Status FakeUserRepository::setKey(std::string_view userId, std::string_view publicKey) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(userId);
  if (it == users_.end()) return Status::notFound("no such user");
  for (const auto& [id, user] : users_) {
    if (user.publicKey == publicKey) return Status::unavailable("duplicate public key");
  }
  it->second.publicKey = std::string(publicKey);
  return Status::ok();
}

core::Result<std::vector<db::Replacement>> FakeUserRepository::replaceImages(
    std::string_view userId, std::span<const db::ImageChange> changes, std::int64_t now) {
  auto replaced = replaceAll(userId, changes, now);
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    hook = std::exchange(afterNextReplace_, nullptr);
  }
  if (hook && replaced.ok()) hook();
  return replaced;
}

void FakeUserRepository::runAfterNextReplace(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  afterNextReplace_ = std::move(hook);
}

core::Result<std::vector<db::Replacement>> FakeUserRepository::replaceAll(
    std::string_view userId, std::span<const db::ImageChange> changes, std::int64_t now) {
  for (const db::ImageChange& change : changes) {
    if (change.record.storageKey.empty()) return Status::invalidArgument("storage key is empty");
  }
  std::lock_guard lock(mutex_);
  // Each change counts as one call for failure injection; a failure in any
  // of them leaves everything as it was, like a rolled-back transaction.
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (!consume(replaceSkips_) && consume(replaceFailures_)) {
      return Status::unavailable("injected replaceImage failure");
    }
  }
  auto it = users_.find(userId);
  if (it == users_.end()) return Status::notFound("no such user");

  std::vector<db::Replacement> replacements;
  for (const db::ImageChange& change : changes) {
    db::Replacement replacement;
    std::optional<db::ImageRecord>& image = slot(it->second, change.kind);
    replacement.previous = image;
    image = change.record;
    if (image->createdAt == 0) image->createdAt = now;
    if (replacement.previous && replacement.previous->storageKey != change.record.storageKey) {
      queueObjects(*replacement.previous, now, replacement);
    }
    replacements.push_back(std::move(replacement));
  }
  return replacements;
}

core::Result<std::optional<db::Replacement>> FakeUserRepository::clearImage(
    std::string_view userId, core::ImageKind kind, std::string_view expectedKey,
    std::int64_t leaseUntil) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    hook = std::exchange(beforeNextClearImage_, nullptr);
  }
  if (hook) hook();
  std::lock_guard lock(mutex_);
  if (consume(clearFailures_)) return Status::unavailable("injected clearImage failure");
  auto it = users_.find(userId);
  if (it == users_.end()) return std::optional<db::Replacement>();
  std::optional<db::ImageRecord>& image = slot(it->second, kind);
  if (!image || image->storageKey != expectedKey) return std::optional<db::Replacement>();
  db::Replacement cleared;
  cleared.previous = std::exchange(image, std::nullopt);
  queueObjects(*cleared.previous, leaseUntil, cleared);
  return std::optional<db::Replacement>(std::move(cleared));
}

void FakeUserRepository::queueObjects(const db::ImageRecord& image, std::int64_t notBefore,
                                      db::Replacement& replacement) {
  db::PendingDeletion deletion{nextDeletionId_++, image.storageKey, 0, notBefore};
  deletions_.emplace(deletion.id, deletion);
  replacement.deletion = deletion;
  for (const db::VariantRecord& variant : image.variants) {
    if (variant.key.empty()) continue;
    db::PendingDeletion queued{nextDeletionId_++, variant.key, 0, notBefore};
    deletions_.emplace(queued.id, queued);
    replacement.variantDeletions.push_back(queued);
  }
}

core::Result<bool> FakeUserRepository::restoreImage(std::string_view userId, core::ImageKind kind,
                                                    const db::ImageRecord& record,
                                                    std::span<const std::int64_t> deletionIds) {
  std::lock_guard lock(mutex_);
  if (consume(restoreFailures_)) return Status::unavailable("injected restoreImage failure");
  auto it = users_.find(userId);
  if (it == users_.end()) return false;
  std::optional<db::ImageRecord>& image = slot(it->second, kind);
  if (image) return false;
  image = record;
  for (const std::int64_t id : deletionIds) deletions_.erase(id);
  return true;
}

core::Result<std::optional<db::Replacement>> FakeUserRepository::replaceVariants(
    std::string_view userId, const db::VariantsChange& change, std::int64_t now) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    hook = std::exchange(beforeNextReplaceVariants_, nullptr);
  }
  if (hook) hook();
  std::lock_guard lock(mutex_);
  if (consume(replaceVariantsFailures_)) {
    return Status::unavailable("injected replaceVariants failure");
  }
  auto it = users_.find(userId);
  if (it == users_.end()) return std::optional<db::Replacement>();
  std::optional<db::ImageRecord>& image = slot(it->second, change.kind);
  if (!image || image->storageKey != change.expectedKey) return std::optional<db::Replacement>();
  db::Replacement replacement;
  replacement.previous = image;
  for (const db::VariantRecord& variant : image->variants) {
    if (variant.key.empty()) continue;
    const bool kept = std::any_of(change.variants.begin(), change.variants.end(),
                                  [&](const db::VariantRecord& v) { return v.key == variant.key; });
    if (kept) continue;
    db::PendingDeletion queued{nextDeletionId_++, variant.key, 0, now};
    deletions_.emplace(queued.id, queued);
    replacement.variantDeletions.push_back(queued);
  }
  image->variants = change.variants;
  image->placeholder = change.placeholder;
  return std::optional<db::Replacement>(std::move(replacement));
}

core::Result<std::vector<std::string>> FakeUserRepository::usersWithImagesAfter(
    std::string_view afterId, int limit) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (auto it = users_.upper_bound(afterId);
       it != users_.end() && static_cast<int>(ids.size()) < limit; ++it) {
    if (it->second.profile || it->second.cover) ids.push_back(it->first);
  }
  return ids;
}

core::Result<std::int64_t> FakeUserRepository::countImages(std::optional<core::ImageKind> kind) {
  std::lock_guard lock(mutex_);
  std::int64_t count = 0;
  for (const auto& [id, user] : users_) {
    if (user.profile && kind != core::ImageKind::kCover) ++count;
    if (user.cover && kind != core::ImageKind::kProfile) ++count;
  }
  return count;
}

void FakeUserRepository::runBeforeNextClearImage(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  beforeNextClearImage_ = std::move(hook);
}

void FakeUserRepository::runBeforeNextReplaceVariants(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  beforeNextReplaceVariants_ = std::move(hook);
}

void FakeUserRepository::failNextReplaceVariants(int count) {
  std::lock_guard lock(mutex_);
  replaceVariantsFailures_ = count;
}

core::Result<std::vector<db::PendingDeletion>> FakeUserRepository::duePendingDeletions(
    std::int64_t now, int limit) {
  std::lock_guard lock(mutex_);
  std::vector<db::PendingDeletion> due;
  for (const auto& [id, deletion] : deletions_) {
    if (deletion.notBefore <= now) due.push_back(deletion);
  }
  std::stable_sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return a.notBefore != b.notBefore ? a.notBefore < b.notBefore : a.id < b.id;
  });
  if (limit < 0) limit = 0;
  if (due.size() > static_cast<std::size_t>(limit)) due.resize(static_cast<std::size_t>(limit));
  return due;
}

core::Result<bool> FakeUserRepository::claimPendingDeletion(std::int64_t id,
                                                            std::int64_t expectedNotBefore,
                                                            std::int64_t leaseUntil) {
  std::lock_guard lock(mutex_);
  auto it = deletions_.find(id);
  if (it == deletions_.end() || it->second.notBefore != expectedNotBefore) return false;
  it->second.notBefore = leaseUntil;
  return true;
}

core::Status FakeUserRepository::completePendingDeletion(std::int64_t id) {
  std::lock_guard lock(mutex_);
  deletions_.erase(id);
  return Status::ok();
}

core::Status FakeUserRepository::deferPendingDeletion(std::int64_t id, std::int64_t notBefore) {
  std::lock_guard lock(mutex_);
  if (auto it = deletions_.find(id); it != deletions_.end()) {
    ++it->second.attempts;
    it->second.notBefore = notBefore;
  }
  return Status::ok();
}

void FakeUserRepository::failNextReplaceImage(int count, int skip) {
  std::lock_guard lock(mutex_);
  replaceFailures_ = count;
  replaceSkips_ = skip;
}

void FakeUserRepository::failNextClearImage(int count) {
  std::lock_guard lock(mutex_);
  clearFailures_ = count;
}

void FakeUserRepository::failNextRestoreImage(int count) {
  std::lock_guard lock(mutex_);
  restoreFailures_ = count;
}

void FakeUserRepository::failNextEnsureUser(int count) {
  std::lock_guard lock(mutex_);
  ensureFailures_ = count;
}

std::optional<db::UserRecord> FakeUserRepository::user(std::string_view userId) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(userId);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

std::vector<db::PendingDeletion> FakeUserRepository::pendingDeletions() const {
  std::lock_guard lock(mutex_);
  std::vector<db::PendingDeletion> out;
  for (const auto& [id, deletion] : deletions_) out.push_back(deletion);
  return out;
}

std::size_t FakeUserRepository::userCount() const {
  std::lock_guard lock(mutex_);
  return users_.size();
}

}  // namespace userimg::fakes
