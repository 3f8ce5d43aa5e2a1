// UserRepositoryTestBase's placeholder behaviours (schema version 2: the
// placeholder_blurhash and placeholder_color columns), run on SQLite and
// MariaDB like the rest of the base.

#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/migrations.h"
#include "db/migrator.h"
#include "db/repository_test_support.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;
using core::ImageKind;
using core::StatusCode;
using namespace testing;

namespace {

const PlaceholderRecord kProfilePlaceholder{"LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#a1b2c3"};
const PlaceholderRecord kCoverPlaceholder{"U1E:0n%}Wa-q~oS0WVeonPV?nmcAfQfQfQfQ", "#0f10ef"};

}  // namespace

void UserRepositoryTestBase::testPlaceholdersRoundTrip() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  ImageRecord profile = image("k1");
  profile.placeholder = kProfilePlaceholder;
  ImageRecord cover = image("k2");
  cover.placeholder = kCoverPlaceholder;
  valueOf(users_->replaceImages(
      "u1", std::vector<ImageChange>{{ImageKind::kProfile, profile}, {ImageKind::kCover, cover}},
      kNow));

  // Every read: the prepared lookup (findUser, ensureUser), the image rows
  // read when the identity changes, and the previous image of a replacement.
  const UserRecord found = *valueOf(users_->findUser("u1"));
  const UserRecord ensured = valueOf(users_->ensureUser({"u1", "", ""}, false, kNow));
  const UserRecord updated =
      valueOf(users_->ensureUser({"u1", "new@example.com", ""}, false, kNow));
  for (const UserRecord& user : {found, ensured, updated}) {
    CPPUNIT_ASSERT(user.profile && user.cover);
    CPPUNIT_ASSERT(user.profile->placeholder == kProfilePlaceholder);
    CPPUNIT_ASSERT(user.cover->placeholder == kCoverPlaceholder);
  }
  const Replacement replaced =
      valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k3"), kNow));
  CPPUNIT_ASSERT(replaced.previous && replaced.previous->placeholder == kProfilePlaceholder);

  // An image without one reads back without one.
  const UserRecord now = *valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT_EQUAL(std::string("k3"), now.profile->storageKey);
  CPPUNIT_ASSERT(!now.profile->placeholder.has_value());
  CPPUNIT_ASSERT(now.cover->placeholder == kCoverPlaceholder);
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM user_images WHERE placeholder_blurhash IS "
                                   "NULL AND placeholder_color IS NULL"));
}

void UserRepositoryTestBase::testRejectsInvalidPlaceholders() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  for (const PlaceholderRecord& bad :
       {PlaceholderRecord{std::string(167, 'a'), "#a1b2c3"},
        PlaceholderRecord{"LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#a1b2c3d"},
        PlaceholderRecord{"", "#a1b2c3"}, PlaceholderRecord{"LEHV6nWB2yk8pyo0adR*.7kCMdnj", ""}}) {
    ImageRecord record = image("k1");
    record.placeholder = bad;
    const auto result = users_->replaceImage("u1", ImageKind::kProfile, record, kNow);
    CPPUNIT_ASSERT_MESSAGE(bad.blurhash + " " + bad.color,
                           result.status().code() == StatusCode::kInvalidArgument);
  }
  ImageRecord longest = image("k1");
  longest.placeholder = PlaceholderRecord{std::string(166, 'a'), "#a1b2c3"};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, longest, kNow));
  CPPUNIT_ASSERT(valueOf(users_->findUser("u1"))->profile->placeholder == longest.placeholder);
  CPPUNIT_ASSERT_EQUAL(1LL, scalar("SELECT COUNT(*) FROM user_images"));
}

// A database made by a build that knew only version 1, with a user and an
// image: migrated in place (never rebuilt), its image is kept as it was and
// has no placeholder until it is replaced.
void UserRepositoryTestBase::testMigratesVersion1DatabaseKeepingItsImages() {
  const Migration& first = embeddedMigrations(database_->dialect()).front();
  CPPUNIT_ASSERT_EQUAL(1, first.version);
  {
    Poco::Data::Session session = database_->session();
    for (const std::string& statement : splitSqlStatements(first.sql)) session << statement, now;
    session << "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", bind(1),
        bind(Poco::Int64(kNow)), now;
    session << "INSERT INTO users (id, email, username, created_at, updated_at)"
               " VALUES (?, ?, ?, ?, ?)",
        bind(std::string("old")), bind(std::string("old@example.com")), bind(std::string("ada")),
        bind(Poco::Int64(kNow)), bind(Poco::Int64(kNow)), now;
    session << "INSERT INTO user_images (user_id, kind, storage_key, url, content_type,"
               " byte_size, width, height, created_at, variants)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        bind(std::string("old")), bind(std::string("profile")), bind(std::string("k-old")),
        bind(std::string("/media/k-old.jpg")), bind(std::string("image/jpeg")),
        bind(Poco::Int64(4321)), bind(640), bind(480), bind(Poco::Int64(kNow)),
        bind(std::string(R"([{"name":"64","key":"k-old_64","url":"/media/k-old_64.jpg",)"
                         R"("width":64,"height":64}])")),
        now;
  }
  CPPUNIT_ASSERT_EQUAL(1, valueOf(schemaVersion(*database_)));
  CPPUNIT_ASSERT(checkSchema(*database_).code() == StatusCode::kUnavailable);

  assertOk(migrate(*database_));
  CPPUNIT_ASSERT_EQUAL(latestSchemaVersion(), valueOf(schemaVersion(*database_)));
  assertOk(checkSchema(*database_));
  const UserRecord user = *valueOf(users_->findUser("old"));
  CPPUNIT_ASSERT_EQUAL(std::string("ada"), user.username);
  CPPUNIT_ASSERT(user.profile && !user.cover);
  CPPUNIT_ASSERT_EQUAL(std::string("k-old"), user.profile->storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("/media/k-old.jpg"), user.profile->url);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{4321}, user.profile->bytes);
  CPPUNIT_ASSERT_EQUAL(480, user.profile->height.value_or(-1));
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, user.profile->variants.size());
  CPPUNIT_ASSERT_EQUAL(std::string("/media/k-old_64.jpg"), user.profile->variants[0].url);
  CPPUNIT_ASSERT(!user.profile->placeholder.has_value());
  CPPUNIT_ASSERT_MESSAGE("no square source either (version 3)", !user.profile->squareSource);

  // Replaced, it has one, and the old image is queued for deletion as ever.
  ImageRecord next = image("k-new");
  next.placeholder = kProfilePlaceholder;
  const Replacement replaced =
      valueOf(users_->replaceImage("old", ImageKind::kProfile, next, kNow));
  CPPUNIT_ASSERT(replaced.previous && !replaced.previous->placeholder);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, replaced.variantDeletions.size());
  CPPUNIT_ASSERT(valueOf(users_->findUser("old"))->profile->placeholder == kProfilePlaceholder);
}

}  // namespace userimg::db
