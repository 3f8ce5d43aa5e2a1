#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/fake_key_index.h"
#include "service/garbage_collector.h"
#include "storage/key_naming.h"

namespace userimg::service {
namespace {

using core::ImageKind;

// A BlobStore whose objects have ages: list() honours olderThan like the
// real backends. Objects are planted directly; put() is not used here.
class AgedStore final : public storage::BlobStore {
 public:
  void plant(ImageKind kind, const std::string& key, std::int64_t modifiedAt) {
    std::lock_guard lock(mutex_);
    objects_[key] = {kind, modifiedAt};
  }
  bool contains(const std::string& key) const {
    std::lock_guard lock(mutex_);
    return objects_.count(key) > 0;
  }
  void failRemoves(bool fail) {
    std::lock_guard lock(mutex_);
    failRemoves_ = fail;
  }
  void failLists(bool fail) {
    std::lock_guard lock(mutex_);
    failLists_ = fail;
  }

  core::Result<storage::StoredObject> put(const storage::PutRequest&) override {
    return core::Status::storageFailed("AgedStore: put is not supported");
  }
  core::Status remove(std::string_view key) override {
    std::lock_guard lock(mutex_);
    if (failRemoves_) return core::Status::unavailable("injected remove failure");
    objects_.erase(std::string(key));
    return core::Status::ok();
  }
  core::Status fetch(std::string_view, const std::filesystem::path&, std::int64_t) override {
    return core::Status::storageFailed("AgedStore: fetch is not supported");
  }
  std::string url(std::string_view key) const override { return "/media/" + std::string(key); }
  core::Status probe() override { return core::Status::ok(); }
  core::Result<std::vector<storage::ListedObject>> list(ImageKind kind,
                                                        std::int64_t olderThan) override {
    std::lock_guard lock(mutex_);
    if (failLists_) return core::Status::unavailable("injected list failure");
    std::vector<storage::ListedObject> found;
    for (const auto& [key, object] : objects_) {
      if (object.kind == kind && object.modifiedAt < olderThan)
        found.push_back({key, object.modifiedAt});
    }
    return found;
  }

 private:
  struct Object {
    ImageKind kind;
    std::int64_t modifiedAt;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Object> objects_;
  bool failRemoves_ = false;
  bool failLists_ = false;
};

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kOld = kNow - 7200;
const std::string kReferenced = "resume/images/aa/aa11.jpg";
const std::string kOrphan = "resume/images/bb/bb22.jpg";
const std::string kCoverOrphan = "resume/covers/cc/cc33.jpg";

std::vector<std::string> keysOf(const std::vector<Orphan>& orphans) {
  std::vector<std::string> keys;
  for (const Orphan& orphan : orphans) keys.push_back(orphan.key);
  return keys;
}

bool has(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

class GarbageCollectorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(GarbageCollectorTest);
  CPPUNIT_TEST(testFindsUnreferencedObjectsOfBothKinds);
  CPPUNIT_TEST(testReferencedAndPendingKeysAreNotOrphans);
  CPPUNIT_TEST(testObjectsWithinGracePeriodAreNotOrphans);
  CPPUNIT_TEST(testVariantOfReferencedImageIsNotOrphan);
  CPPUNIT_TEST(testVariantOfUnreferencedImageIsOrphan);
  CPPUNIT_TEST(testSiblingInAnotherFormatOfReferencedImageIsNotOrphan);
  CPPUNIT_TEST(testSiblingOfUnreferencedImageIsOrphan);
  CPPUNIT_TEST(testVariantsOfEveryGenerationAndFormatOfAReferencedImageAreKept);
  CPPUNIT_TEST(testFindingRemovesNothing);
  CPPUNIT_TEST(testRemoveOrphanRemovesIt);
  CPPUNIT_TEST(testRemoveOrphanKeepsObjectReferencedSinceListing);
  CPPUNIT_TEST(testRemoveFailureIsReported);
  CPPUNIT_TEST(testLookupFailureFailsTheSearch);
  CPPUNIT_TEST(testListingFailureFailsTheSearch);
  CPPUNIT_TEST(testBaseKeyOfVariant);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    store_ = std::make_unique<AgedStore>();
    keys_ = std::make_unique<fakes::FakeKeyIndex>();
    store_->plant(ImageKind::kProfile, kReferenced, kOld);
    store_->plant(ImageKind::kProfile, kOrphan, kOld);
    store_->plant(ImageKind::kCover, kCoverOrphan, kOld);
    keys_->reference(kReferenced);
  }

  void testFindsUnreferencedObjectsOfBothKinds() {
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT_MESSAGE(orphans.status().toString(), orphans.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, orphans->size());
    CPPUNIT_ASSERT_EQUAL(kOrphan, orphans->at(0).key);
    CPPUNIT_ASSERT(orphans->at(0).kind == ImageKind::kProfile);
    CPPUNIT_ASSERT_EQUAL(kOld, orphans->at(0).modifiedAt);
    CPPUNIT_ASSERT_EQUAL(kCoverOrphan, orphans->at(1).key);
    CPPUNIT_ASSERT(orphans->at(1).kind == ImageKind::kCover);
  }

  void testReferencedAndPendingKeysAreNotOrphans() {
    // The index answers for records and pending deletions alike.
    keys_->reference(kOrphan);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    CPPUNIT_ASSERT(!has(keysOf(*orphans), kReferenced));
    CPPUNIT_ASSERT(!has(keysOf(*orphans), kOrphan));
    CPPUNIT_ASSERT(has(keysOf(*orphans), kCoverOrphan));
  }

  void testObjectsWithinGracePeriodAreNotOrphans() {
    const std::string fresh = "resume/images/dd/dd44.jpg";
    store_->plant(ImageKind::kProfile, fresh, kNow - 10);
    store_->plant(ImageKind::kProfile, "resume/images/ee/ee55.jpg",
                  kNow - 3600);  // exactly at the edge
    auto orphans = collector(3600).findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    CPPUNIT_ASSERT(!has(keysOf(*orphans), fresh));
    CPPUNIT_ASSERT(!has(keysOf(*orphans), "resume/images/ee/ee55.jpg"));
    CPPUNIT_ASSERT(has(keysOf(*orphans), kOrphan));
    auto all = collector(0).findOrphans(kNow);
    CPPUNIT_ASSERT_MESSAGE("with no grace every unreferenced older object counts",
                           has(keysOf(*all), fresh));
  }

  void testVariantOfReferencedImageIsNotOrphan() {
    const std::string variant = storage::variantKey(kReferenced, "128");
    const std::string cloudinaryStyle = "profile_images/0f0e-uuid_640w";
    store_->plant(ImageKind::kProfile, variant, kOld);
    store_->plant(ImageKind::kProfile, cloudinaryStyle, kOld);
    keys_->reference("profile_images/0f0e-uuid");
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    CPPUNIT_ASSERT_MESSAGE("the variant of a referenced image is kept",
                           !has(keysOf(*orphans), variant));
    CPPUNIT_ASSERT(!has(keysOf(*orphans), cloudinaryStyle));
    const auto asked = keys_->asked();
    CPPUNIT_ASSERT_MESSAGE("the base key must have been asked about", has(asked, kReferenced));
  }

  void testVariantsOfEveryGenerationAndFormatOfAReferencedImageAreKept() {
    // Regenerated ("_128g3"), and a WebP sibling of the JPEG image's variant.
    const std::vector<std::string> kept = {storage::variantKey(kReferenced, "128", 3),
                                           storage::variantKey(kReferenced, "128", 0, "webp"),
                                           storage::variantKey(kReferenced, "640w", 2, "png")};
    const std::string orphan = storage::variantKey(kOrphan, "128", 1, "webp");
    for (const std::string& key : kept) store_->plant(ImageKind::kProfile, key, kOld);
    store_->plant(ImageKind::kProfile, orphan, kOld);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    for (const std::string& key : kept) {
      CPPUNIT_ASSERT_MESSAGE(key + " is a live variant", !has(keysOf(*orphans), key));
    }
    CPPUNIT_ASSERT_MESSAGE("a variant of no image is an orphan", has(keysOf(*orphans), orphan));
  }

  void testVariantOfUnreferencedImageIsOrphan() {
    const std::string variant = storage::variantKey(kOrphan, "64");
    store_->plant(ImageKind::kProfile, variant, kOld);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    CPPUNIT_ASSERT(has(keysOf(*orphans), variant));
    CPPUNIT_ASSERT(has(keysOf(*orphans), kOrphan));
  }

  void testSiblingInAnotherFormatOfReferencedImageIsNotOrphan() {
    // kReferenced is a .jpg; its WebP sibling's key ends in .webp.
    const std::string sibling = storage::variantKey(kReferenced, "128", 0, "webp");
    CPPUNIT_ASSERT(sibling.ends_with("_128.webp"));
    store_->plant(ImageKind::kProfile, sibling, kOld);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    CPPUNIT_ASSERT_MESSAGE("the WebP sibling of a referenced JPEG is kept",
                           !has(keysOf(*orphans), sibling));
  }

  void testSiblingOfUnreferencedImageIsOrphan() {
    const std::string sibling = storage::variantKey(kOrphan, "64", 0, "avif");
    store_->plant(ImageKind::kProfile, sibling, kOld);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    CPPUNIT_ASSERT(has(keysOf(*orphans), sibling));
  }

  void testFindingRemovesNothing() {
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok() && !orphans->empty());
    CPPUNIT_ASSERT(store_->contains(kOrphan));
    CPPUNIT_ASSERT(store_->contains(kCoverOrphan));
  }

  void testRemoveOrphanRemovesIt() {
    GarbageCollector gc = collector();
    auto orphans = gc.findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    for (const Orphan& orphan : *orphans) {
      auto removed = gc.removeOrphan(orphan);
      CPPUNIT_ASSERT_MESSAGE(removed.status().toString(), removed.ok() && removed.value());
    }
    CPPUNIT_ASSERT(!store_->contains(kOrphan));
    CPPUNIT_ASSERT(!store_->contains(kCoverOrphan));
    CPPUNIT_ASSERT_MESSAGE("a referenced object is never removed", store_->contains(kReferenced));
    auto again = gc.findOrphans(kNow);
    CPPUNIT_ASSERT(again.ok() && again->empty());
  }

  void testRemoveOrphanKeepsObjectReferencedSinceListing() {
    GarbageCollector gc = collector();
    auto orphans = gc.findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    keys_->reference(kOrphan);  // an upload committed it in between
    auto removed = gc.removeOrphan(orphans->at(0));
    CPPUNIT_ASSERT(removed.ok());
    CPPUNIT_ASSERT_MESSAGE("must report it kept", !removed.value());
    CPPUNIT_ASSERT(store_->contains(kOrphan));
  }

  void testRemoveFailureIsReported() {
    GarbageCollector gc = collector();
    auto orphans = gc.findOrphans(kNow);
    CPPUNIT_ASSERT(orphans.ok());
    store_->failRemoves(true);
    auto removed = gc.removeOrphan(orphans->at(0));
    CPPUNIT_ASSERT(!removed.ok());
    CPPUNIT_ASSERT(removed.status().code() == core::StatusCode::kUnavailable);
    CPPUNIT_ASSERT(store_->contains(kOrphan));
  }

  void testLookupFailureFailsTheSearch() {
    keys_->failNextLookups(1);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT_MESSAGE("a lookup failure must not make everything an orphan", !orphans.ok());
    CPPUNIT_ASSERT(orphans.status().code() == core::StatusCode::kUnavailable);
  }

  void testListingFailureFailsTheSearch() {
    store_->failLists(true);
    auto orphans = collector().findOrphans(kNow);
    CPPUNIT_ASSERT(!orphans.ok());
  }

  void testBaseKeyOfVariant() {
    using storage::baseKeyOfVariant;
    const std::string image = "resume/images/3f/3f2a9c1e-0000-4000-8000-000000000000.jpg";
    CPPUNIT_ASSERT(baseKeyOfVariant(storage::variantKey(image, "128")) == image);
    CPPUNIT_ASSERT(baseKeyOfVariant(storage::variantKey(image, "640w")) == image);
    CPPUNIT_ASSERT(baseKeyOfVariant("profile_images/ab12_640w") ==
                   std::string("profile_images/ab12"));
    CPPUNIT_ASSERT(baseKeyOfVariant("a_64") == std::string("a"));
    CPPUNIT_ASSERT_MESSAGE("an image key is no variant", !baseKeyOfVariant(image));
    CPPUNIT_ASSERT_MESSAGE("a '_' in a folder does not count",
                           !baseKeyOfVariant("profile_images/3f2a9c1e"));
    CPPUNIT_ASSERT(!baseKeyOfVariant("resume/images/3f/_128.jpg"));
    CPPUNIT_ASSERT(!baseKeyOfVariant("resume/images/3f/abc_.jpg"));
    CPPUNIT_ASSERT(!baseKeyOfVariant("resume/images/3f/abc_1-2.jpg"));
    CPPUNIT_ASSERT(!baseKeyOfVariant(""));
  }

 private:
  GarbageCollector collector(std::int64_t graceSeconds = 3600) {
    return GarbageCollector(*store_, *keys_, {.graceSeconds = graceSeconds});
  }

  std::unique_ptr<AgedStore> store_;
  std::unique_ptr<fakes::FakeKeyIndex> keys_;
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(GarbageCollectorTest, "garbage_collector");

}  // namespace userimg::service
