// UserRepositoryTestBase's regeneration behaviours (schema version 3: the
// square_* columns; replaceVariants(), usersWithImagesAfter(),
// countImages()), run on SQLite and MariaDB like the rest of the base.

#include <algorithm>
#include <string>
#include <vector>

#include "db/repository_test_support.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using core::ImageKind;
using core::StatusCode;
using namespace testing;

namespace {

const PlaceholderRecord kOld{"LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#a1b2c3"};
const PlaceholderRecord kNew{"U1E:0n%}Wa-q~oS0WVeonPV?nmcAfQfQfQfQ", "#0f10ef"};

VariantRecord variant(const std::string& name, const std::string& key) {
  return VariantRecord{name, key, "/media/" + key, 64, 64};
}

std::vector<std::string> keysOf(const std::vector<PendingDeletion>& deletions) {
  std::vector<std::string> keys;
  for (const PendingDeletion& deletion : deletions) keys.push_back(deletion.storageKey);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace

void UserRepositoryTestBase::testSquareSourceRoundTrips() {
  migrateDatabase();
  assertOk(users_->ensureUser({"u1", "", ""}, true, kNow).status());
  ImageRecord cropped = image("k1");
  cropped.squareSource = AreaRecord{10, 20, 300, 400};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, cropped, kNow));
  valueOf(users_->replaceImage("u1", ImageKind::kCover, image("k2"), kNow));

  // Through the prepared lookup, and through the image rows (a
  // replacement's previous image).
  const UserRecord user = *valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT_MESSAGE("the square source is read back",
                         user.profile->squareSource == (AreaRecord{10, 20, 300, 400}));
  CPPUNIT_ASSERT_MESSAGE("an image without one has none", !user.cover->squareSource);
  const Replacement replaced =
      valueOf(users_->replaceImage("u1", ImageKind::kProfile, image("k3"), kNow));
  CPPUNIT_ASSERT_MESSAGE("the previous image keeps it",
                         replaced.previous->squareSource == (AreaRecord{10, 20, 300, 400}));

  ImageRecord bad = image("k4");
  bad.squareSource = AreaRecord{0, 0, 0, 10};
  CPPUNIT_ASSERT(users_->replaceImage("u1", ImageKind::kProfile, bad, kNow).status().code() ==
                 StatusCode::kInvalidArgument);
}

void UserRepositoryTestBase::testReplaceVariantsSwapsVariantsAndQueuesTheOldOnes() {
  migrateDatabase();
  assertOk(users_->ensureUser({"u1", "", ""}, true, kNow).status());
  ImageRecord stored = image("k1.jpg");
  stored.variants = {variant("64", "k1_64.jpg"), variant("128", "k1_128.jpg")};
  stored.placeholder = kOld;
  stored.squareSource = AreaRecord{1, 2, 30, 40};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, stored, kNow));

  // The new set keeps one key (a variant that did not change) and adds one.
  const VariantsChange change{ImageKind::kProfile,
                              "k1.jpg",
                              {variant("128", "k1_128.jpg"), variant("96", "k1_96g1.jpg")},
                              kNew};
  const std::optional<Replacement> replaced =
      valueOf(users_->replaceVariants("u1", change, kNow + 5));
  CPPUNIT_ASSERT_MESSAGE("the image still had its key", replaced.has_value());
  CPPUNIT_ASSERT_MESSAGE("no deletion of the image itself", !replaced->deletion);
  CPPUNIT_ASSERT_MESSAGE("the previous image is returned",
                         replaced->previous && replaced->previous->variants.size() == 2);
  CPPUNIT_ASSERT_MESSAGE(
      "only the variant that went is queued",
      keysOf(replaced->variantDeletions) == std::vector<std::string>{"k1_64.jpg"});
  CPPUNIT_ASSERT_MESSAGE("and it is due now",
                         keysOf(valueOf(users_->duePendingDeletions(kNow + 5, 10))) ==
                             std::vector<std::string>{"k1_64.jpg"});

  const ImageRecord now = *valueOf(users_->findUser("u1"))->profile;
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, now.variants.size());
  CPPUNIT_ASSERT_EQUAL(std::string("k1_96g1.jpg"), now.variants[1].key);
  CPPUNIT_ASSERT_MESSAGE("the placeholder is the new one", now.placeholder == kNew);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("the image keeps its key", std::string("k1.jpg"), now.storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("/media/k1.jpg"), now.url);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1234}, now.bytes);
  CPPUNIT_ASSERT_EQUAL(kNow, now.createdAt);
  CPPUNIT_ASSERT_MESSAGE("the square source stays", now.squareSource == (AreaRecord{1, 2, 30, 40}));

  // No placeholder any more ([images] placeholders = false).
  const VariantsChange without{ImageKind::kProfile, "k1.jpg", now.variants, std::nullopt};
  CPPUNIT_ASSERT(valueOf(users_->replaceVariants("u1", without, kNow + 6)).has_value());
  CPPUNIT_ASSERT(!valueOf(users_->findUser("u1"))->profile->placeholder);
}

void UserRepositoryTestBase::testReplaceVariantsOfAReplacedImageChangesNothing() {
  migrateDatabase();
  assertOk(users_->ensureUser({"u1", "", ""}, true, kNow).status());
  ImageRecord stored = image("k2.jpg");
  stored.variants = {variant("64", "k2_64.jpg")};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, stored, kNow));

  const VariantsChange stale{ImageKind::kProfile, "k1.jpg", {variant("96", "k1_96g1.jpg")}, kNew};
  CPPUNIT_ASSERT_MESSAGE("another key: nothing to replace",
                         !valueOf(users_->replaceVariants("u1", stale, kNow)).has_value());
  const VariantsChange otherKind{ImageKind::kCover, "k2.jpg", {variant("96", "x")}, kNew};
  CPPUNIT_ASSERT_MESSAGE("no cover: nothing to replace",
                         !valueOf(users_->replaceVariants("u1", otherKind, kNow)).has_value());
  CPPUNIT_ASSERT_MESSAGE("an unknown user: nothing to replace",
                         !valueOf(users_->replaceVariants("nobody", stale, kNow)).has_value());
  const ImageRecord now = *valueOf(users_->findUser("u1"))->profile;
  CPPUNIT_ASSERT_EQUAL(std::string("k2_64.jpg"), now.variants.at(0).key);
  CPPUNIT_ASSERT(!now.placeholder);
  CPPUNIT_ASSERT_EQUAL(0LL, scalar("SELECT COUNT(*) FROM pending_deletions"));
}

void UserRepositoryTestBase::testUsersWithImagesArePagedInIdOrder() {
  migrateDatabase();
  for (const char* id : {"b", "a", "c'; DROP TABLE users; --", "d", "B"}) {
    assertOk(users_->ensureUser({id, "", ""}, true, kNow).status());
  }
  valueOf(users_->replaceImage("b", ImageKind::kProfile, image("kb"), kNow));
  valueOf(users_->replaceImage("b", ImageKind::kCover, image("kb2"), kNow));
  valueOf(users_->replaceImage("a", ImageKind::kCover, image("ka"), kNow));
  valueOf(users_->replaceImage("B", ImageKind::kProfile, image("kB"), kNow));
  valueOf(users_->replaceImage("c'; DROP TABLE users; --", ImageKind::kProfile, image("kc"), kNow));
  // "d" has no image.

  const std::vector<std::string> first = valueOf(users_->usersWithImagesAfter("", 2));
  CPPUNIT_ASSERT_MESSAGE("byte order, each user once",
                         first == (std::vector<std::string>{"B", "a"}));
  const std::vector<std::string> second = valueOf(users_->usersWithImagesAfter(first.back(), 2));
  CPPUNIT_ASSERT_MESSAGE("the next page",
                         second == (std::vector<std::string>{"b", "c'; DROP TABLE users; --"}));
  CPPUNIT_ASSERT_MESSAGE("and then none",
                         valueOf(users_->usersWithImagesAfter(second.back(), 2)).empty());

  CPPUNIT_ASSERT_EQUAL(std::int64_t{5}, valueOf(users_->countImages(std::nullopt)));
  CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, valueOf(users_->countImages(ImageKind::kProfile)));
  CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, valueOf(users_->countImages(ImageKind::kCover)));
}

}  // namespace userimg::db
