#include "db/user_repository_test_base.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/migrator.h"
#include "db/repository_test_support.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;
using core::ImageKind;
using core::StatusCode;
using namespace testing;

void UserRepositoryTestBase::setUp() {
  database_ = openEmptyDatabase();
  CPPUNIT_ASSERT(database_ != nullptr);
  users_ = std::make_unique<SqlUserRepository>(*database_);
}

void UserRepositoryTestBase::tearDown() {
  users_.reset();
  database_.reset();
  discardDatabase();
}

void UserRepositoryTestBase::migrateDatabase() {
  assertOk(migrate(*database_));
}

long long UserRepositoryTestBase::scalar(const std::string& sql) {
  Poco::Int64 value = 0;
  Poco::Data::Session session = database_->session();
  session << sql, into(value), now;
  return value;
}

ImageRecord UserRepositoryTestBase::image(const std::string& key) {
  return ImageRecord{key, "/media/" + key, "image/jpeg", 1234, 640, 480, kNow};
}

void UserRepositoryTestBase::testMigratesFromEmptyAndIsIdempotent() {
  CPPUNIT_ASSERT_EQUAL(0, valueOf(schemaVersion(*database_)));
  assertOk(migrate(*database_));
  CPPUNIT_ASSERT_EQUAL(latestSchemaVersion(), valueOf(schemaVersion(*database_)));
  assertOk(checkSchema(*database_));

  assertOk(migrate(*database_));
  CPPUNIT_ASSERT_EQUAL(latestSchemaVersion(), valueOf(schemaVersion(*database_)));
  CPPUNIT_ASSERT_EQUAL(static_cast<long long>(latestSchemaVersion()),
                       scalar("SELECT COUNT(*) FROM schema_migrations"));
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM users"));
}

void UserRepositoryTestBase::testCheckSchemaRefusesUnmigratedDatabase() {
  const core::Status status = checkSchema(*database_);
  CPPUNIT_ASSERT(status.code() == StatusCode::kUnavailable);
  CPPUNIT_ASSERT_EQUAL("database schema is at version 0 but this build needs " +
                           std::to_string(latestSchemaVersion()) + ": run `userimgctl migrate`",
                       status.message());
}

void UserRepositoryTestBase::testCheckSchemaRefusesNewerDatabase() {
  migrateDatabase();
  {
    Poco::Data::Session session = database_->session();
    session << "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
        bind(latestSchemaVersion() + 1), bind(Poco::Int64(kNow)), now;
  }
  const core::Status status = checkSchema(*database_);
  CPPUNIT_ASSERT(status.code() == StatusCode::kUnavailable);
  CPPUNIT_ASSERT_MESSAGE(status.message(),
                         status.message().find("only knows up to") != std::string::npos);
  CPPUNIT_ASSERT(migrate(*database_).code() == StatusCode::kUnavailable);
}

void UserRepositoryTestBase::testEnsureUserCreatesUser() {
  migrateDatabase();
  const UserRecord created =
      valueOf(users_->ensureUser({"u1", "a@example.com", "alice"}, true, kNow));
  CPPUNIT_ASSERT_EQUAL(std::string("u1"), created.id);
  CPPUNIT_ASSERT_EQUAL(std::string("a@example.com"), created.email);
  CPPUNIT_ASSERT_EQUAL(kNow, created.createdAt);

  const auto found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT(found.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), found->username);
  CPPUNIT_ASSERT_EQUAL(kNow, found->createdAt);
  CPPUNIT_ASSERT(!found->profile && !found->cover);
  CPPUNIT_ASSERT(!valueOf(users_->findUser("u2")).has_value());
}

void UserRepositoryTestBase::testEnsureUserUpdatesEmailAndKeepsOtherFields() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", "alice"}, true, kNow));
  CPPUNIT_ASSERT_EQUAL(std::string(""), valueOf(users_->findUser("u1"))->email);

  const UserRecord updated =
      valueOf(users_->ensureUser({"u1", "new@example.com", ""}, false, kNow + 5));
  CPPUNIT_ASSERT_EQUAL(std::string("new@example.com"), updated.email);
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), updated.username);
  CPPUNIT_ASSERT_EQUAL(kNow, updated.createdAt);

  const auto found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT_EQUAL(std::string("new@example.com"), found->email);
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), found->username);
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM users"));
}

void UserRepositoryTestBase::testEnsureUserWithoutCreateIsNotFound() {
  migrateDatabase();
  const auto result = users_->ensureUser({"ghost", "g@example.com", ""}, false, kNow);
  CPPUNIT_ASSERT(result.status().code() == StatusCode::kNotFound);
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM users"));
}

void UserRepositoryTestBase::testConcurrentProvisioningCreatesOneUser() {
  migrateDatabase();
  constexpr int kThreads = 4;
  std::vector<core::Status> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      outcomes[t] = users_->ensureUser({"racer", "r@example.com", ""}, true, kNow).status();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& outcome : outcomes) assertOk(outcome);
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM users"));
}

void UserRepositoryTestBase::testFirstReplaceImageQueuesNoDeletion() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  const Replacement replacement =
      valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k1"), kNow));
  CPPUNIT_ASSERT(!replacement.previous && !replacement.deletion);
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM pending_deletions"));

  const auto found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT(found->profile.has_value());
  CPPUNIT_ASSERT(!found->cover.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), found->profile->storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("/media/k1"), found->profile->url);
  CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), found->profile->contentType);
  CPPUNIT_ASSERT_EQUAL(std::int64_t(1234), found->profile->bytes);
  CPPUNIT_ASSERT_EQUAL(640, found->profile->width.value_or(-1));
  CPPUNIT_ASSERT_EQUAL(480, found->profile->height.value_or(-1));
  CPPUNIT_ASSERT_EQUAL(kNow, found->profile->createdAt);
}

void UserRepositoryTestBase::testSecondReplaceImageQueuesPreviousKey() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kCover, image("k1"), kNow));
  ImageRecord second = image("k2");
  second.width.reset();
  second.height.reset();
  const Replacement replacement =
      valueOf(users_->replaceImage("u1", ImageKind::kCover, second, kNow + 10));

  CPPUNIT_ASSERT(replacement.previous.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), replacement.previous->storageKey);
  CPPUNIT_ASSERT(replacement.deletion.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), replacement.deletion->storageKey);
  CPPUNIT_ASSERT_EQUAL(kNow + 10, replacement.deletion->notBefore);
  CPPUNIT_ASSERT_EQUAL(0, replacement.deletion->attempts);

  const auto due = valueOf(users_->duePendingDeletions(kNow + 10, 10));
  CPPUNIT_ASSERT_EQUAL(std::size_t(1), due.size());
  CPPUNIT_ASSERT_EQUAL(replacement.deletion->id, due[0].id);
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), due[0].storageKey);

  const auto found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT_EQUAL(std::string("k2"), found->cover->storageKey);
  CPPUNIT_ASSERT(!found->cover->width.has_value() && !found->cover->height.has_value());
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM user_images"));
}

void UserRepositoryTestBase::testReplaceImageWithSameKeyQueuesNoDeletion() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k1"), kNow));
  const Replacement replacement =
      valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k1"), kNow));
  CPPUNIT_ASSERT(replacement.previous.has_value());
  CPPUNIT_ASSERT(!replacement.deletion.has_value());
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
}

void UserRepositoryTestBase::testReplaceImageOfUnknownUserWritesNothing() {
  migrateDatabase();
  const auto result = users_->replaceImage("ghost", ImageKind::kProfile, image("k1"), kNow);
  CPPUNIT_ASSERT(result.status().code() == StatusCode::kNotFound);
  CPPUNIT_ASSERT_EQUAL(std::string("no such user"), result.status().message());
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM users"));
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM user_images"));
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
}

void UserRepositoryTestBase::testImagesOfEachKindAreIndependent() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("p1"), kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kCover, image("c1"), kNow));
  const auto found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT_EQUAL(std::string("p1"), found->profile->storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("c1"), found->cover->storageKey);
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
}

void UserRepositoryTestBase::testClearImageWithMatchingKeyRemovesIt() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  ImageRecord withVariants = image("k1");
  withVariants.variants = {{"128", "k1-128", "/m/k1-128", 128, 128},
                           {"64", "", "/derived", 64, 64}};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, withVariants, kNow));
  const auto cleared = valueOf(users_->clearImage("u1", ImageKind::kProfile, "k1", kNow + 300));
  CPPUNIT_ASSERT(cleared.has_value());
  CPPUNIT_ASSERT(!valueOf(users_->findUser("u1"))->profile.has_value());
  // Its stored objects are queued, leased to the caller until kNow + 300.
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), cleared->previous->storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), cleared->deletion->storageKey);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, cleared->variantDeletions.size());
  CPPUNIT_ASSERT_EQUAL(std::string("k1-128"), cleared->variantDeletions[0].storageKey);
  CPPUNIT_ASSERT_EQUAL(2LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
  CPPUNIT_ASSERT(valueOf(users_->duePendingDeletions(kNow + 299, 10)).empty());
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, valueOf(users_->duePendingDeletions(kNow + 300, 10)).size());
  CPPUNIT_ASSERT(!valueOf(users_->clearImage("u1", ImageKind::kProfile, "k1", kNow + 300)));
  CPPUNIT_ASSERT(!valueOf(users_->clearImage("ghost", ImageKind::kProfile, "k1", kNow + 300)));
}

// Several objects are queued in one statement on MySQL (db/deletion_rows.h):
// each old object comes back under the id of its own row, in order, with
// other rows queued before and between.
void UserRepositoryTestBase::testReplaceQueuesEachOldObjectUnderItsOwnId() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  valueOf(users_->ensureUser({"u2", "", ""}, true, kNow));
  // Rows already queued, one of them for a key the replace queues again.
  valueOf(users_->replaceImage("u2", ImageKind::kProfile, image("k1-256"), kNow));
  valueOf(users_->replaceImage("u2", ImageKind::kProfile, image("other"), kNow));
  ImageRecord old = image("k1");
  for (const char* size : {"256", "128", "64"}) {
    old.variants.push_back({size, std::string("k1-") + size, "/m/k1", 1, 1});
    old.variants.push_back({size, std::string("k1-") + size + ".webp", "/m/k1", 1, 1, "webp"});
  }
  old.variants.push_back({"full", "", "/derived", 1, 1, "webp"});
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, old, kNow));
  const Replacement replaced =
      valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k2"), kNow + 5));
  CPPUNIT_ASSERT(replaced.deletion.has_value());
  std::vector<PendingDeletion> queued{*replaced.deletion};
  queued.insert(queued.end(), replaced.variantDeletions.begin(), replaced.variantDeletions.end());
  const std::vector<std::string> expected{"k1",          "k1-256", "k1-256.webp", "k1-128",
                                          "k1-128.webp", "k1-64",  "k1-64.webp"};
  CPPUNIT_ASSERT_EQUAL(expected.size(), queued.size());
  std::map<std::int64_t, std::string> stored;
  for (const PendingDeletion& row : valueOf(users_->duePendingDeletions(kNow + 5, 100))) {
    stored[row.id] = row.storageKey;
  }
  CPPUNIT_ASSERT_EQUAL(std::size_t{8}, stored.size());
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CPPUNIT_ASSERT_EQUAL(expected[i], queued[i].storageKey);
    CPPUNIT_ASSERT_EQUAL(kNow + 5, queued[i].notBefore);
    CPPUNIT_ASSERT_MESSAGE(expected[i] + ": the id of its own row",
                           stored.count(queued[i].id) == 1 && stored[queued[i].id] == expected[i]);
    ids.insert(queued[i].id);
  }
  CPPUNIT_ASSERT_EQUAL_MESSAGE("distinct ids", expected.size(), ids.size());
  // Completing them by those ids leaves only u2's row.
  std::vector<std::int64_t> done(ids.begin(), ids.end());
  CPPUNIT_ASSERT(users_->completePendingDeletions(done).isOk());
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM pending_deletions"
                                   " WHERE storage_key = 'k1-256'"));
}

void UserRepositoryTestBase::testClearImageWithStaleKeyChangesNothing() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k1"), kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k2"), kNow));
  CPPUNIT_ASSERT(!valueOf(users_->clearImage("u1", ImageKind::kProfile, "k1", kNow + 300)));
  CPPUNIT_ASSERT(!valueOf(users_->clearImage("u1", ImageKind::kCover, "k2", kNow + 300)));
  CPPUNIT_ASSERT_EQUAL(std::string("k2"), valueOf(users_->findUser("u1"))->profile->storageKey);
}

void UserRepositoryTestBase::testRestoreImageUndoesAClearUnlessReplaced() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  ImageRecord withVariant = image("k1");
  withVariant.variants = {{"128", "k1-128", "/m/k1-128", 128, 128}};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, withVariant, kNow));
  auto cleared = valueOf(users_->clearImage("u1", ImageKind::kProfile, "k1", kNow + 300));
  std::vector<std::int64_t> ids{cleared->deletion->id, cleared->variantDeletions[0].id};
  CPPUNIT_ASSERT(valueOf(users_->restoreImage("u1", ImageKind::kProfile, *cleared->previous, ids)));
  const auto restored = valueOf(users_->findUser("u1"))->profile;
  CPPUNIT_ASSERT(restored.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), restored->storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("k1-128"), restored->variants.at(0).key);
  CPPUNIT_ASSERT_EQUAL(kNow, restored->createdAt);
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM pending_deletions"));

  // Cleared again, then replaced before the restore: the new image stays,
  // the cleared objects stay queued.
  cleared = valueOf(users_->clearImage("u1", ImageKind::kProfile, "k1", kNow + 300));
  ids = {cleared->deletion->id, cleared->variantDeletions[0].id};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k2"), kNow));
  CPPUNIT_ASSERT(
      !valueOf(users_->restoreImage("u1", ImageKind::kProfile, *cleared->previous, ids)));
  CPPUNIT_ASSERT_EQUAL(std::string("k2"), valueOf(users_->findUser("u1"))->profile->storageKey);
  CPPUNIT_ASSERT_EQUAL(2LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
  CPPUNIT_ASSERT(
      !valueOf(users_->restoreImage("ghost", ImageKind::kProfile, *cleared->previous, ids)));
}

void UserRepositoryTestBase::testConcurrentReplacementsQueueEveryReplacedKeyOnce() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  constexpr int kThreads = 2;
  constexpr int kPerThread = 20;
  std::vector<std::vector<std::string>> reported(kThreads);
  std::vector<core::Status> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
        auto result = users_->replaceImage("u1", ImageKind::kProfile, image(key), kNow);
        if (!result) {
          failures[t] = result.status();
          return;
        }
        if (result->deletion) reported[t].push_back(result->deletion->storageKey);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) assertOk(failure);

  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM user_images"));
  const auto due = valueOf(users_->duePendingDeletions(kNow, 1000));
  CPPUNIT_ASSERT_EQUAL(std::size_t(kThreads * kPerThread - 1), due.size());

  std::multiset<std::string> queued;
  for (const auto& deletion : due) queued.insert(deletion.storageKey);
  std::multiset<std::string> reportedKeys;
  for (const auto& keys : reported) reportedKeys.insert(keys.begin(), keys.end());
  CPPUNIT_ASSERT(queued == reportedKeys);

  std::set<std::string> written;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      written.insert("t" + std::to_string(t) + "-" + std::to_string(i));
    }
  }
  std::multiset<std::string> accounted = queued;
  accounted.insert(valueOf(users_->findUser("u1"))->profile->storageKey);
  CPPUNIT_ASSERT(accounted == std::multiset<std::string>(written.begin(), written.end()));
}

void UserRepositoryTestBase::testInjectionLookingIdIsStoredLiterally() {
  migrateDatabase();
  const std::string id = "x' OR '1'='1";
  valueOf(users_->ensureUser({"x", "x@example.com", ""}, true, kNow));
  valueOf(users_->ensureUser({id, "evil@example.com", "'; DROP TABLE users; --"}, true, kNow));
  valueOf(users_->replaceImage(id, ImageKind::kProfile, image("k'1"), kNow));

  const auto found = valueOf(users_->findUser(id));
  CPPUNIT_ASSERT(found.has_value());
  CPPUNIT_ASSERT_EQUAL(id, found->id);
  CPPUNIT_ASSERT_EQUAL(std::string("evil@example.com"), found->email);
  CPPUNIT_ASSERT_EQUAL(std::string("'; DROP TABLE users; --"), found->username);
  CPPUNIT_ASSERT_EQUAL(std::string("k'1"), found->profile->storageKey);
  CPPUNIT_ASSERT(!valueOf(users_->findUser("x"))->profile.has_value());
  CPPUNIT_ASSERT(!valueOf(users_->findUser("x' OR '1'='2")).has_value());
  CPPUNIT_ASSERT_EQUAL(2LL, scalar("SELECT COUNT(*) FROM users"));
}

void UserRepositoryTestBase::testRejectsOverlongValues() {
  migrateDatabase();
  const auto longId = users_->ensureUser({std::string(192, 'a'), "", ""}, true, kNow);
  CPPUNIT_ASSERT(longId.status().code() == StatusCode::kInvalidArgument);
  // 191 characters of 4-byte UTF-8 fit the column.
  std::string wide;
  for (int i = 0; i < 191; ++i) wide += "\xF0\x9F\x98\x80";
  assertOk(users_->ensureUser({wide, "", ""}, true, kNow).status());
  CPPUNIT_ASSERT_EQUAL(wide, valueOf(users_->findUser(wide))->id);

  ImageRecord longKey = image(std::string(513, 'k'));
  CPPUNIT_ASSERT(users_->replaceImage(wide, ImageKind::kProfile, longKey, kNow).status().code() ==
                 StatusCode::kInvalidArgument);
  CPPUNIT_ASSERT(users_->findUser("").status().code() == StatusCode::kInvalidArgument);
}

}  // namespace userimg::db

namespace userimg::db {

// findUser() and ensureUser() read through connections of their own with a
// statement kept prepared (db/user_lookup.h): what other connections commit
// must show on the next read (no snapshot kept open between reads).
void UserRepositoryTestBase::testReadsSeeWritesOfOtherConnections() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "a@example.com", ""}, true, kNow));
  CPPUNIT_ASSERT(!valueOf(users_->findUser("u1"))->profile);

  {
    Poco::Data::Session session = database_->session();
    session << "UPDATE users SET email = ? WHERE id = ?", bind(std::string("b@example.com")),
        bind(std::string("u1")), now;
  }
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k1"), kNow));
  auto found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT_EQUAL(std::string("b@example.com"), found->email);
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), found->profile->storageKey);
  // ensureUser() with nothing new to record is the same read.
  const UserRecord ensured = valueOf(users_->ensureUser({"u1", "b@example.com", ""}, false, kNow));
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), ensured.profile->storageKey);

  valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k2"), kNow + 1));
  CPPUNIT_ASSERT_EQUAL(std::string("k2"), valueOf(users_->findUser("u1"))->profile->storageKey);
  CPPUNIT_ASSERT(valueOf(users_->clearImage("u1", ImageKind::kProfile, "k2", kNow + 300)));
  found = valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT(!found->profile && !found->cover);
  CPPUNIT_ASSERT(!valueOf(users_->ensureUser({"u1", "", ""}, false, kNow)).profile);
}

void UserRepositoryTestBase::testReadsReturnVariantsAndLongValues() {
  migrateDatabase();
  const std::string longName(191, 'n');
  valueOf(users_->ensureUser({"u1", "", longName}, true, kNow));
  ImageRecord profile = image("k1");
  profile.url = "/media/" + std::string(1000, 'u');
  profile.variants = {{"64", "k1_64", "/media/k1_64.jpg", 64, 64},
                      {"640w", "", "https://cdn.example/w_640/k1", 640, 480}};
  ImageRecord cover = image("k2");
  cover.contentType = "image/webp";
  cover.width.reset();
  valueOf(users_->replaceImages(
      "u1", std::vector<ImageChange>{{ImageKind::kProfile, profile}, {ImageKind::kCover, cover}},
      kNow));

  const UserRecord found = *valueOf(users_->findUser("u1"));
  const UserRecord ensured = valueOf(users_->ensureUser({"u1", "", longName}, false, kNow));
  for (const UserRecord& user : {found, ensured}) {
    CPPUNIT_ASSERT_EQUAL(longName, user.username);
    CPPUNIT_ASSERT_EQUAL(std::string(""), user.email);
    CPPUNIT_ASSERT_EQUAL(profile.url, user.profile->url);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), user.profile->variants.size());
    CPPUNIT_ASSERT_EQUAL(std::string("64"), user.profile->variants[0].name);
    CPPUNIT_ASSERT_EQUAL(std::string("k1_64"), user.profile->variants[0].key);
    CPPUNIT_ASSERT_EQUAL(std::string("/media/k1_64.jpg"), user.profile->variants[0].url);
    CPPUNIT_ASSERT_EQUAL(std::string(""), user.profile->variants[1].key);
    CPPUNIT_ASSERT_EQUAL(480, user.profile->variants[1].height);
    CPPUNIT_ASSERT_EQUAL(std::string("k2"), user.cover->storageKey);
    CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), user.cover->contentType);
    CPPUNIT_ASSERT(!user.cover->width.has_value());
    CPPUNIT_ASSERT_EQUAL(480, user.cover->height.value_or(-1));
    CPPUNIT_ASSERT(user.cover->variants.empty());
  }
}

// Different users never wait for each other's locks, so none may fail. On
// InnoDB under REPEATABLE READ the DELETE of an absent image row took a gap
// lock that another user's INSERT needed: deadlocks (503s in
// integration.mysql.api) until the isolation level and a retry fixed it.
void UserRepositoryTestBase::testConcurrentReplacementsOfManyUsersAllSucceed() {
  migrateDatabase();
  constexpr int kThreads = 8;
  constexpr int kRounds = 15;
  for (int t = 0; t < kThreads; ++t) {
    valueOf(users_->ensureUser({"many-" + std::to_string(t), "", ""}, true, kNow));
  }
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string user = "many-" + std::to_string(t);
      for (int round = 0; round < kRounds && failures[t].empty(); ++round) {
        const std::string key = user + "-" + std::to_string(round);
        std::vector<ImageChange> changes = {{ImageKind::kProfile, image(key + "p")},
                                            {ImageKind::kCover, image(key + "c")}};
        const auto replaced = users_->replaceImages(user, changes, kNow + round);
        if (!replaced.ok()) failures[t] = replaced.status().toString();
        const auto cleared = users_->clearImage(user, ImageKind::kCover, key + "c", kNow + 300);
        if (!cleared.ok()) failures[t] = cleared.status().toString();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& failure : failures) CPPUNIT_ASSERT_MESSAGE(failure, failure.empty());
  CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kThreads),
                       scalar("SELECT COUNT(*) FROM user_images"));
}

void UserRepositoryTestBase::testReadOfUnmigratedDatabaseIsUnavailable() {
  CPPUNIT_ASSERT(users_->findUser("u1").status().code() == StatusCode::kUnavailable);
  CPPUNIT_ASSERT(users_->ensureUser({"u1", "", ""}, true, kNow).status().code() ==
                 StatusCode::kUnavailable);
  // Once migrated, the same repository reads (the failed connections were dropped).
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  CPPUNIT_ASSERT(valueOf(users_->findUser("u1")).has_value());
}

}  // namespace userimg::db
