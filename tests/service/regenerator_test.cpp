#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fakes/fake_image_processor.h"
#include "fakes/fake_user_repository.h"
#include "fakes/faulty_blob_store.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "service/image_service.h"
#include "service/regenerator.h"
#include "support/upload_sandbox.h"

namespace userimg::service {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;

const auth::Principal kAlice{"alice", "", ""};

std::vector<std::string> namesOf(const db::ImageRecord& image) {
  std::vector<std::string> names;
  for (const db::VariantRecord& variant : image.variants) names.push_back(variant.name);
  return names;
}

class RegeneratorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RegeneratorTest);
  CPPUNIT_TEST(testChangedSizeSetIsRebuiltUnderNewKeys);
  CPPUNIT_TEST(testPlanMatchCountsSiblingFormats);
  CPPUNIT_TEST(testOldVariantsAreRemovedAfterTheCommit);
  CPPUNIT_TEST(testFailedRemovalOfAnOldVariantStaysQueued);
  CPPUNIT_TEST(testMatchingImageIsSkipped);
  CPPUNIT_TEST(testPlaceholderSettingCountsAsAChange);
  CPPUNIT_TEST(testForceRebuildsAMatchingImage);
  CPPUNIT_TEST(testImageReplacedMeanwhileIsSkippedAndNewObjectsDiscarded);
  CPPUNIT_TEST(testFailingPutLeavesRecordUntouchedAndNothingOrphaned);
  CPPUNIT_TEST(testFailedCommitLeavesNothingOrphaned);
  CPPUNIT_TEST(testUnreadableImageFailsAndTheRunGoesOn);
  CPPUNIT_TEST(testInterruptedRunResumedFinishesTheRest);
  CPPUNIT_TEST(testCropIsPassedBackAsTheSquareSource);
  CPPUNIT_TEST(testDryRunChangesNothing);
  CPPUNIT_TEST(testWalksEveryUserInPages);
  CPPUNIT_TEST(testSelectsKindAndUser);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPlanMatchCountsSiblingFormats() {
    image::VariantPlan plan;
    plan.variants = {{"64", ""}, {"64", "webp"}};
    plan.placeholder = false;
    db::ImageRecord jpeg;
    jpeg.contentType = "image/jpeg";
    jpeg.variants = {{"64", "k_64.jpg", "/m/k_64.jpg", 64, 64}};
    CPPUNIT_ASSERT_MESSAGE("a JPEG without its WebP sibling is rebuilt",
                           !Regenerator::matchesPlan(jpeg, plan));
    jpeg.variants.push_back({"64", "k_64.webp", "/m/k_64.webp", 64, 64, "webp"});
    CPPUNIT_ASSERT(Regenerator::matchesPlan(jpeg, plan));
    jpeg.variants.push_back({"64", "k_64.avif", "/m/k_64.avif", 64, 64, "avif"});
    CPPUNIT_ASSERT_MESSAGE("an AVIF sibling no longer configured is rebuilt",
                           !Regenerator::matchesPlan(jpeg, plan));
    db::ImageRecord webp;
    webp.contentType = "image/webp";
    webp.variants = {{"64", "k_64.webp", "/m/k_64.webp", 64, 64}};
    CPPUNIT_ASSERT_MESSAGE("a WebP image's own variants are its WebP ones",
                           Regenerator::matchesPlan(webp, plan));
  }

  void setUp() override {
    sandbox_ = std::make_unique<testing::UploadSandbox>("userimg-regen-");
    clock_ = std::make_unique<fakes::FixedClock>();
    users_ = std::make_unique<fakes::FakeUserRepository>();
    memory_ = std::make_unique<fakes::MemoryBlobStore>();
    store_ = std::make_unique<fakes::FaultyBlobStore>(*memory_);
    processor_ = std::make_unique<fakes::FakeImageProcessor>();
    processor_->setVariantSizes({64, 128});
    ServiceOptions options;
    options.workDir = sandbox_->workDir();
    service_ = std::make_unique<ImageService>(*users_, *store_, *processor_, *clock_, options);
    RegeneratorOptions regenerating;
    regenerating.workDir = sandbox_->workDir();
    regenerating.pageSize = 2;
    regenerator_ =
        std::make_unique<Regenerator>(*users_, *store_, *processor_, *clock_, regenerating);
  }

  void tearDown() override {
    regenerator_.reset();
    service_.reset();
    sandbox_.reset();
  }

  void testChangedSizeSetIsRebuiltUnderNewKeys() {
    const db::ImageRecord before = uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({96, 128});
    const RegenerateSummary summary = runAll();
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary.rebuilt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, summary.failed);

    const db::ImageRecord after = *users_->user("alice")->profile;
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the main image keeps its key", before.storageKey,
                                 after.storageKey);
    CPPUNIT_ASSERT_MESSAGE("the main image is untouched",
                           memory_->bytes(after.storageKey) == std::string(fakes::kFakePng));
    CPPUNIT_ASSERT_MESSAGE("the variants follow the new sizes",
                           namesOf(after) == (std::vector<std::string>{"96", "128"}));
    for (const db::VariantRecord& variant : after.variants) {
      CPPUNIT_ASSERT_MESSAGE("a new variant is stored: " + variant.key,
                             memory_->contains(variant.key));
      CPPUNIT_ASSERT_MESSAGE("a new variant has a new generation's key: " + variant.key,
                             variant.key.find("g1.png") != std::string::npos);
      CPPUNIT_ASSERT_EQUAL(memory_->url(variant.key), variant.url);
      for (const db::VariantRecord& old : before.variants) {
        CPPUNIT_ASSERT_MESSAGE("no live key is reused", old.key != variant.key);
      }
    }
    CPPUNIT_ASSERT_MESSAGE("the placeholder is made again", after.placeholder.has_value());
  }

  void testOldVariantsAreRemovedAfterTheCommit() {
    const db::ImageRecord before = uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({96});
    runAll();
    for (const db::VariantRecord& old : before.variants) {
      CPPUNIT_ASSERT_MESSAGE("an old variant is removed: " + old.key, !memory_->contains(old.key));
    }
    CPPUNIT_ASSERT_MESSAGE("its pending deletions are completed",
                           users_->pendingDeletions().empty());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the image and its one new variant remain", std::size_t{2},
                                 memory_->size());
  }

  void testFailedRemovalOfAnOldVariantStaysQueued() {
    const db::ImageRecord before = uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({96});
    store_->failNextRemoves(1);
    const RegenerateSummary summary = runAll();
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the image is rebuilt all the same", std::int64_t{1},
                                 summary.rebuilt);
    const std::vector<db::PendingDeletion> queued = users_->pendingDeletions();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, queued.size());
    CPPUNIT_ASSERT_EQUAL(1, queued.front().attempts);
    CPPUNIT_ASSERT_MESSAGE("the queued deletion is an old variant's",
                           queued.front().storageKey == before.variants.front().key);
  }

  void testMatchingImageIsSkipped() {
    const db::ImageRecord before = uploadAs("alice", ImageKind::kProfile);
    const int puts = store_->putCalls();
    const RegenerateSummary summary = runAll();
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary.upToDate);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, summary.rebuilt);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing is fetched", 0, store_->fetchCalls());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing is stored", puts, store_->putCalls());
    CPPUNIT_ASSERT_MESSAGE(
        "the record is as it was",
        users_->user("alice")->profile->variants.front().key == before.variants.front().key);
  }

  void testPlaceholderSettingCountsAsAChange() {
    uploadAs("alice", ImageKind::kProfile);
    processor_->setPlaceholder(std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, runAll().rebuilt);
    CPPUNIT_ASSERT_MESSAGE("the placeholder is dropped",
                           !users_->user("alice")->profile->placeholder);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("then it matches", std::int64_t{1}, runAll().upToDate);
  }

  void testForceRebuildsAMatchingImage() {
    uploadAs("alice", ImageKind::kProfile);
    RegenerateSelection selection;
    selection.force = true;
    auto summary = regenerator_->run(selection, nullptr);
    CPPUNIT_ASSERT(summary.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->rebuilt);
    summary = regenerator_->run(selection, nullptr);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("and again", std::int64_t{1}, summary->rebuilt);
    const db::ImageRecord image = *users_->user("alice")->profile;
    for (const db::VariantRecord& variant : image.variants) {
      CPPUNIT_ASSERT_MESSAGE("each run takes the next generation: " + variant.key,
                             variant.key.find("g2.png") != std::string::npos);
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("only the image and its two live variants remain", std::size_t{3},
                                 memory_->size());
  }

  void testImageReplacedMeanwhileIsSkippedAndNewObjectsDiscarded() {
    uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({96});
    std::string replacement;
    users_->runBeforeNextReplaceVariants([&] {
      // An upload lands while the old image is being regenerated.
      const Upload one{ImageKind::kProfile, sandbox_->png()};
      auto records = service_->replaceImages(kAlice, {&one, 1});
      CPPUNIT_ASSERT(records.ok());
      replacement = records->front().storageKey;
    });
    const RegenerateSummary summary = runAll();
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary.skipped);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, summary.failed);
    const db::ImageRecord now = *users_->user("alice")->profile;
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the upload's image stays", replacement, now.storageKey);
    for (const std::string& key : memory_->keys()) {
      CPPUNIT_ASSERT_MESSAGE("no regenerated object is left: " + key,
                             key.find("g1.") == std::string::npos);
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("only the upload's image and variant remain", std::size_t{2},
                                 memory_->size());
  }

  void testFailingPutLeavesRecordUntouchedAndNothingOrphaned() {
    const db::ImageRecord before = uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({32, 96, 200});
    const std::vector<std::string> keys = memory_->keys();
    store_->failNextPuts(1, core::StatusCode::kStorageFailed, 1);  // the second variant's
    const RegenerateSummary summary = runAll();
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary.failed);
    CPPUNIT_ASSERT_MESSAGE("the record is untouched",
                           namesOf(*users_->user("alice")->profile) == namesOf(before));
    CPPUNIT_ASSERT_MESSAGE("exactly the objects of before remain", memory_->keys() == keys);
    CPPUNIT_ASSERT_MESSAGE("nothing is queued", users_->pendingDeletions().empty());
  }

  void testFailedCommitLeavesNothingOrphaned() {
    uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({96});
    const std::vector<std::string> keys = memory_->keys();
    users_->failNextReplaceVariants();
    const RegenerateSummary summary = runAll();
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary.failed);
    CPPUNIT_ASSERT_MESSAGE("the new objects are taken back", memory_->keys() == keys);
  }

  void testUnreadableImageFailsAndTheRunGoesOn() {
    const db::ImageRecord broken = uploadAs("alice", ImageKind::kProfile);
    uploadAs("bob", ImageKind::kProfile);
    memory_->plant(broken.storageKey, "not a png at all");
    processor_->setVariantSizes({96});
    std::vector<ImageOutcome> outcomes;
    auto summary =
        regenerator_->run({}, [&](const ImageOutcome& outcome, const RegenerateSummary&) {
          outcomes.push_back(outcome);
        });
    CPPUNIT_ASSERT(summary.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->failed);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->rebuilt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, outcomes.size());
    CPPUNIT_ASSERT_MESSAGE("alice's failure is reported with its cause",
                           outcomes[0].userId == "alice" &&
                               outcomes[0].result == RegenerateResult::kFailed &&
                               outcomes[0].status.code() == core::StatusCode::kInvalidImage);
  }

  void testInterruptedRunResumedFinishesTheRest() {
    for (const char* id : {"ann", "ben", "cat"}) uploadAs(id, ImageKind::kProfile);
    processor_->setVariantSizes({96});
    // The store goes away after the first image's one put.
    store_->failNextPuts(100, core::StatusCode::kUnavailable, 1);
    RegenerateSummary first = runAll();
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, first.rebuilt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, first.failed);
    store_->failNextPuts(0);
    RegenerateSummary second = runAll();
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the image done before is not done again", std::int64_t{1},
                                 second.upToDate);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, second.rebuilt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, second.failed);
    for (const char* id : {"ann", "ben", "cat"}) {
      CPPUNIT_ASSERT_MESSAGE(std::string(id) + " has the new sizes",
                             namesOf(*users_->user(id)->profile) == std::vector<std::string>{"96"});
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("three images and three variants, nothing else", std::size_t{6},
                                 memory_->size());
  }

  void testCropIsPassedBackAsTheSquareSource() {
    const Upload one{ImageKind::kProfile, sandbox_->png(), {image::CropRect{3, 4, 50, 60}}};
    CPPUNIT_ASSERT(service_->replaceImages(kAlice, {&one, 1}).ok());
    const auto stored = users_->user("alice")->profile->squareSource;
    CPPUNIT_ASSERT_MESSAGE("the square source is recorded",
                           stored == (db::AreaRecord{3, 4, 50, 60}));
    processor_->setVariantSizes({96});
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, runAll().rebuilt);
    const image::ProcessOptions options = processor_->lastOptions();
    CPPUNIT_ASSERT_MESSAGE("the stored image is processed as such", options.fromStoredImage);
    CPPUNIT_ASSERT_MESSAGE("with the recorded square source as its crop",
                           options.crop && options.crop->x == 3 && options.crop->y == 4 &&
                               options.crop->width == 50 && options.crop->height == 60);
    CPPUNIT_ASSERT_MESSAGE("the square source is kept",
                           users_->user("alice")->profile->squareSource == stored);
  }

  void testDryRunChangesNothing() {
    const db::ImageRecord before = uploadAs("alice", ImageKind::kProfile);
    processor_->setVariantSizes({96});
    const int puts = store_->putCalls();
    const std::vector<std::string> keys = memory_->keys();
    RegenerateSelection selection;
    selection.dryRun = true;
    auto summary = regenerator_->run(selection, nullptr);
    CPPUNIT_ASSERT(summary.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->wouldRebuild);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, summary->rebuilt);
    CPPUNIT_ASSERT_EQUAL(puts, store_->putCalls());
    CPPUNIT_ASSERT_EQUAL(0, store_->fetchCalls());
    CPPUNIT_ASSERT_MESSAGE("the store is as it was", memory_->keys() == keys);
    CPPUNIT_ASSERT_MESSAGE("the record is as it was",
                           namesOf(*users_->user("alice")->profile) == namesOf(before));
  }

  void testWalksEveryUserInPages() {
    for (const char* id : {"u1", "u2", "u3", "u4", "u5"}) uploadAs(id, ImageKind::kCover);
    uploadAs("u3", ImageKind::kProfile);
    processor_->setVariantSizes({320});
    std::vector<std::string> seen;
    auto summary =
        regenerator_->run({}, [&](const ImageOutcome& outcome, const RegenerateSummary&) {
          seen.push_back(outcome.userId + "/" + std::string(core::imageKindName(outcome.kind)));
        });
    CPPUNIT_ASSERT(summary.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{6}, summary->total);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{6}, summary->done);
    const std::vector<std::string> expected = {"u1/cover", "u2/cover", "u3/profile",
                                               "u3/cover", "u4/cover", "u5/cover"};
    CPPUNIT_ASSERT_MESSAGE("every image once, in user id order", seen == expected);
  }

  void testSelectsKindAndUser() {
    uploadAs("alice", ImageKind::kProfile);
    uploadAs("alice", ImageKind::kCover);
    uploadAs("bob", ImageKind::kProfile);
    processor_->setVariantSizes({96});
    RegenerateSelection selection;
    selection.kind = ImageKind::kProfile;
    selection.userId = "bob";
    auto summary = regenerator_->run(selection, nullptr);
    CPPUNIT_ASSERT(summary.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->total);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->rebuilt);
    CPPUNIT_ASSERT_MESSAGE(
        "alice's images are left alone",
        namesOf(*users_->user("alice")->profile) == (std::vector<std::string>{"64", "128"}));
    selection.userId.reset();
    selection.kind = ImageKind::kCover;
    summary = regenerator_->run(selection, nullptr);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, summary->total);
    CPPUNIT_ASSERT_MESSAGE("only the cover", namesOf(*users_->user("alice")->cover) ==
                                                 std::vector<std::string>{"96w"});
    CPPUNIT_ASSERT_MESSAGE(
        "not alice's profile image",
        namesOf(*users_->user("alice")->profile) == (std::vector<std::string>{"64", "128"}));
  }

 private:
  RegenerateSummary runAll() {
    auto summary = regenerator_->run({}, nullptr);
    CPPUNIT_ASSERT_MESSAGE("the run failed: " + summary.status().toString(), summary.ok());
    return summary.value();
  }

  db::ImageRecord uploadAs(const std::string& id, ImageKind kind) {
    const Upload one{kind, sandbox_->png()};
    auto records = service_->replaceImages(auth::Principal{id, "", ""}, {&one, 1});
    CPPUNIT_ASSERT_MESSAGE("setup upload failed: " + records.status().toString(), records.ok());
    return records->front();
  }

  std::unique_ptr<testing::UploadSandbox> sandbox_;
  std::unique_ptr<fakes::FixedClock> clock_;
  std::unique_ptr<fakes::FakeUserRepository> users_;
  std::unique_ptr<fakes::MemoryBlobStore> memory_;
  std::unique_ptr<fakes::FaultyBlobStore> store_;
  std::unique_ptr<fakes::FakeImageProcessor> processor_;
  std::unique_ptr<ImageService> service_;
  std::unique_ptr<Regenerator> regenerator_;
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RegeneratorTest, "regenerator");

}  // namespace userimg::service
