// UserRepositoryTestBase's replace of an existing image row: every column
// takes the new image's value (image_rows::overwrite), none is left from the
// image it replaces. Run on SQLite and MariaDB like the rest of the base.

#include <string>

#include "db/repository_test_support.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using core::ImageKind;
using namespace testing;

namespace {

// Every column of `actual` against `expected`, named in the failure.
void assertSameImage(const ImageRecord& expected, const ImageRecord& actual) {
  CPPUNIT_ASSERT_EQUAL(expected.storageKey, actual.storageKey);
  CPPUNIT_ASSERT_EQUAL(expected.url, actual.url);
  CPPUNIT_ASSERT_EQUAL(expected.contentType, actual.contentType);
  CPPUNIT_ASSERT_EQUAL(expected.bytes, actual.bytes);
  CPPUNIT_ASSERT_MESSAGE("width", expected.width == actual.width);
  CPPUNIT_ASSERT_MESSAGE("height", expected.height == actual.height);
  CPPUNIT_ASSERT_EQUAL(expected.createdAt, actual.createdAt);
  CPPUNIT_ASSERT_EQUAL(expected.variants.size(), actual.variants.size());
  for (std::size_t i = 0; i < expected.variants.size(); ++i) {
    CPPUNIT_ASSERT_EQUAL(expected.variants[i].key, actual.variants[i].key);
    CPPUNIT_ASSERT_EQUAL(expected.variants[i].format, actual.variants[i].format);
  }
  CPPUNIT_ASSERT_MESSAGE("placeholder", expected.placeholder == actual.placeholder);
  CPPUNIT_ASSERT_MESSAGE("square source", expected.squareSource == actual.squareSource);
}

}  // namespace

void UserRepositoryTestBase::testReplaceOverwritesEveryColumnOfTheImage() {
  migrateDatabase();
  assertOk(users_->ensureUser({"u1", "", ""}, true, kNow).status());
  ImageRecord full{"k1.jpg", "/media/k1.jpg", "image/jpeg", 5000, 800, 600, kNow};
  full.variants = {VariantRecord{"64", "k1_64.jpg", "/media/k1_64.jpg", 64, 64},
                   VariantRecord{"64", "k1_64.webp", "/media/k1_64.webp", 64, 64, "webp"}};
  full.placeholder = PlaceholderRecord{"LEHV6nWB2yk8pyo0adR*.7kCMdnj", "#a1b2c3"};
  full.squareSource = AreaRecord{10, 20, 300, 400};
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, full, kNow));

  // The next image has none of the optional columns, and other values in
  // the rest: none of the first image's may survive.
  ImageRecord bare{"k2.png",     "/media/k2.png", "image/png", 77,
                   std::nullopt, std::nullopt,    kNow + 5};
  const Replacement replaced =
      valueOf(users_->replaceImage("u1", ImageKind::kProfile, bare, kNow + 5));
  CPPUNIT_ASSERT(replaced.previous);
  assertSameImage(full, *replaced.previous);
  const UserRecord user = *valueOf(users_->findUser("u1"));
  CPPUNIT_ASSERT(user.profile);
  assertSameImage(bare, *user.profile);
  CPPUNIT_ASSERT_MESSAGE("the cover stays empty", !user.cover);

  // And back: every column filled in again over the bare row.
  ImageRecord again = full;
  again.storageKey = "k3.jpg";
  again.url = "/media/k3.jpg";
  again.createdAt = kNow + 9;
  valueOf(users_->replaceImage("u1", ImageKind::kProfile, again, kNow + 9));
  assertSameImage(again, *valueOf(users_->findUser("u1"))->profile);
}

}  // namespace userimg::db
