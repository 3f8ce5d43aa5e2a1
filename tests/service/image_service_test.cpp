#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_image_processor.h"
#include "fakes/fake_user_repository.h"
#include "fakes/faulty_blob_store.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "service/image_service.h"
#include "support/upload_sandbox.h"

namespace userimg::service {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using core::StatusCode;

const auth::Principal kAlice{"alice", "alice@example.com", "alice"};
const auth::Principal kBob{"bob", "bob@example.com", "bob"};

std::string describe(const core::Status& status) {
  return status.toString();
}

class ImageServiceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImageServiceTest);
  CPPUNIT_TEST(testFirstUploadStoresAndRecords);
  CPPUNIT_TEST(testUploadOfBothKindsReturnsRecordsInOrder);
  CPPUNIT_TEST(testReplaceRemovesPreviousObjectAndCompletesItsDeletion);
  CPPUNIT_TEST(testInvalidSecondUploadStoresNothing);
  CPPUNIT_TEST(testPutFailureChangesNothing);
  CPPUNIT_TEST(testUnreachableStoreIsAStorageFailure);
  CPPUNIT_TEST(testStoreFailureOfSecondUploadLeavesPreviousImagesUntouched);
  CPPUNIT_TEST(testCommitFailureRemovesNewObjectAndKeepsOld);
  CPPUNIT_TEST(testCommitFailureOfSecondUploadLeavesNoOrphan);
  CPPUNIT_TEST(testCommitFailureOfSecondUploadLeavesPreviousImagesUntouched);
  CPPUNIT_TEST(testFailedRemovalOfReplacedObjectIsDeferred);
  CPPUNIT_TEST(testWorkDirectoryIsCleanedUp);
  CPPUNIT_TEST(testDeleteWithoutImageIsNotFound);
  CPPUNIT_TEST(testDeleteWhenRemoveFailsKeepsRecord);
  CPPUNIT_TEST(testDeleteClearsRecordAndRemovesObject);
  CPPUNIT_TEST(testDeleteThatLosesToAConcurrentDeleteIsNotFound);
  CPPUNIT_TEST(testDeleteThatLosesToAConcurrentReplaceIsNotFoundAndKeepsTheNewImage);
  CPPUNIT_TEST(testDeleteOfOneKindLeavesTheOther);
  CPPUNIT_TEST(testDeleteReportsRecordFailure);
  CPPUNIT_TEST(testDeleteWhoseRestoreFailsStaysDeletedWithItsObjectQueued);
  CPPUNIT_TEST(testUnknownUserIsUnauthenticatedWithoutAutoProvision);
  CPPUNIT_TEST(testAutoProvisionRecordsIdentity);
  CPPUNIT_TEST(testUsersNeverAffectEachOthersImages);
  CPPUNIT_TEST(testRacingUploadsLeaveOneObjectAndOneRecord);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    sandbox_ = std::make_unique<testing::UploadSandbox>("userimg-service-");
    clock_ = std::make_unique<fakes::FixedClock>(1'700'000'000);
    users_ = std::make_unique<fakes::FakeUserRepository>();
    memory_ = std::make_unique<fakes::MemoryBlobStore>();
    store_ = std::make_unique<fakes::FaultyBlobStore>(*memory_);
    processor_ = std::make_unique<fakes::FakeImageProcessor>();
    service_ = makeService(true);
  }

  void tearDown() override {
    service_.reset();
    sandbox_.reset();
  }

  void testFirstUploadStoresAndRecords() {
    auto records = upload(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("upload failed: " + describe(records.status()), records.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, records->size());
    const db::ImageRecord& record = records->front();
    CPPUNIT_ASSERT_MESSAGE("the object must be in the store", memory_->contains(record.storageKey));
    CPPUNIT_ASSERT_MESSAGE("the stored bytes must be the upload's",
                           memory_->bytes(record.storageKey) == std::string(fakes::kFakePng));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/") + record.storageKey, record.url);
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), record.contentType);
    CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(std::string(fakes::kFakePng).size()),
                         record.bytes);
    CPPUNIT_ASSERT_EQUAL(clock_->nowSeconds(), record.createdAt);

    const auto user = users_->user("alice");
    CPPUNIT_ASSERT_MESSAGE("the user must have been provisioned", user.has_value());
    CPPUNIT_ASSERT_MESSAGE("the record must point at the stored object",
                           user->profile && user->profile->storageKey == record.storageKey);
    CPPUNIT_ASSERT_MESSAGE("no cover image may appear", !user->cover);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("exactly one object stored", std::size_t{1}, memory_->size());
    CPPUNIT_ASSERT_MESSAGE("a first upload queues no deletion", users_->pendingDeletions().empty());
  }

  void testUploadOfBothKindsReturnsRecordsInOrder() {
    const std::vector<Upload> uploads = {{ImageKind::kCover, sandbox_->png()},
                                         {ImageKind::kProfile, sandbox_->png()}};
    auto records = service_->replaceImages(kAlice, uploads);
    CPPUNIT_ASSERT_MESSAGE("upload failed: " + describe(records.status()), records.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, records->size());
    const auto user = users_->user("alice");
    CPPUNIT_ASSERT_MESSAGE("records must follow the order of the uploads (cover first)",
                           user->cover->storageKey == (*records)[0].storageKey &&
                               user->profile->storageKey == (*records)[1].storageKey);
    CPPUNIT_ASSERT_MESSAGE("the cover must be in the cover folder: " + (*records)[0].storageKey,
                           (*records)[0].storageKey.rfind("resume/covers/", 0) == 0);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, memory_->size());
  }

  void testReplaceRemovesPreviousObjectAndCompletesItsDeletion() {
    const std::string first = uploadKey(kAlice, ImageKind::kProfile);
    clock_->advance(10);
    const std::string second = uploadKey(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("a replacement must get a new key", first != second);
    CPPUNIT_ASSERT_MESSAGE("the replaced object must be removed", !memory_->contains(first));
    CPPUNIT_ASSERT_MESSAGE("the new object must be stored", memory_->contains(second));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("only the new object may remain", std::size_t{1}, memory_->size());
    CPPUNIT_ASSERT_EQUAL(second, users_->user("alice")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("the pending deletion must be completed after the removal",
                           users_->pendingDeletions().empty());
  }

  void testInvalidSecondUploadStoresNothing() {
    const std::string profile = uploadKey(kAlice, ImageKind::kProfile);
    const int putsBefore = store_->putCalls();
    const std::vector<Upload> uploads = {{ImageKind::kProfile, sandbox_->png()},
                                         {ImageKind::kCover, sandbox_->text()}};
    auto records = service_->replaceImages(kAlice, uploads);
    CPPUNIT_ASSERT_MESSAGE("an invalid upload must refuse the request", !records.ok());
    CPPUNIT_ASSERT_MESSAGE("the failure must be kInvalidImage: " + describe(records.status()),
                           records.status().code() == StatusCode::kInvalidImage);
    CPPUNIT_ASSERT_EQUAL(std::string("Unsupported image format"), records.status().message());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be put when any upload is invalid", putsBefore,
                                 store_->putCalls());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the store must be unchanged", std::size_t{1}, memory_->size());
    const auto user = users_->user("alice");
    CPPUNIT_ASSERT_MESSAGE("the previous profile image must stay referenced",
                           user->profile && user->profile->storageKey == profile);
    CPPUNIT_ASSERT_MESSAGE("no cover may be recorded", !user->cover);
  }

  void testPutFailureChangesNothing() {
    const std::string old = uploadKey(kAlice, ImageKind::kProfile);
    store_->failNextPuts(1);
    auto records = upload(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("a failed put must fail the upload", !records.ok());
    CPPUNIT_ASSERT_MESSAGE("the failure must be kStorageFailed: " + describe(records.status()),
                           records.status().code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record must still point at the old image", old,
                                 users_->user("alice")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("the old image must still be stored", memory_->contains(old));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, memory_->size());
    CPPUNIT_ASSERT_MESSAGE("nothing may be queued for deletion",
                           users_->pendingDeletions().empty());
  }

  void testUnreachableStoreIsAStorageFailure() {
    store_->failNextPuts(1, StatusCode::kUnavailable);
    auto records = upload(kAlice, ImageKind::kCover);
    CPPUNIT_ASSERT_MESSAGE(
        "an unreachable store is a storage failure (500), not the database's 503: " +
            describe(records.status()),
        records.status().code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT_MESSAGE("no cover may be recorded", !users_->user("alice")->cover);
  }

  // ImageService's contract: "kStorageFailed/kUnavailable (storing or
  // recording failed; the previous images are untouched)" — also when the
  // request carried both images and only the second failed.
  void testStoreFailureOfSecondUploadLeavesPreviousImagesUntouched() {
    const std::string oldProfile = uploadKey(kAlice, ImageKind::kProfile);
    const std::string oldCover = uploadKey(kAlice, ImageKind::kCover);
    store_->failNextPuts(1, StatusCode::kStorageFailed, /*skip=*/1);
    const std::vector<Upload> uploads = {{ImageKind::kProfile, sandbox_->png()},
                                         {ImageKind::kCover, sandbox_->png()}};
    auto records = service_->replaceImages(kAlice, uploads);
    CPPUNIT_ASSERT_MESSAGE("a failed put of the cover must fail the request", !records.ok());
    const auto user = users_->user("alice");
    CPPUNIT_ASSERT_MESSAGE("the cover record must be untouched",
                           user->cover && user->cover->storageKey == oldCover);
    CPPUNIT_ASSERT_MESSAGE(
        "the profile record must be untouched when the request fails (it now points at " +
            (user->profile ? user->profile->storageKey : std::string("nothing")) + ")",
        user->profile && user->profile->storageKey == oldProfile);
    CPPUNIT_ASSERT_MESSAGE("the previous profile object must still be stored",
                           memory_->contains(oldProfile));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("no new object may be left behind", std::size_t{2},
                                 memory_->size());
  }

  void testCommitFailureRemovesNewObjectAndKeepsOld() {
    const std::string old = uploadKey(kAlice, ImageKind::kProfile);
    const int putsBefore = store_->putCalls();
    users_->failNextReplaceImage();
    auto records = upload(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE(
        "a failed commit must fail the upload with kUnavailable: " + describe(records.status()),
        records.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the new object must have been put", putsBefore + 1,
                                 store_->putCalls());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the new object must be taken back", std::size_t{1},
                                 memory_->size());
    CPPUNIT_ASSERT_MESSAGE("the old object must still be stored", memory_->contains(old));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record must still point at the old object", old,
                                 users_->user("alice")->profile->storageKey);
  }

  void testCommitFailureOfSecondUploadLeavesNoOrphan() {
    uploadKey(kAlice, ImageKind::kProfile);
    const std::string oldCover = uploadKey(kAlice, ImageKind::kCover);
    users_->failNextReplaceImage(1, /*skip=*/1);
    const std::vector<Upload> uploads = {{ImageKind::kProfile, sandbox_->png()},
                                         {ImageKind::kCover, sandbox_->png()}};
    auto records = service_->replaceImages(kAlice, uploads);
    CPPUNIT_ASSERT_MESSAGE(
        "a failed commit of the cover must fail the request with "
        "kUnavailable: " +
            describe(records.status()),
        records.status().code() == StatusCode::kUnavailable);
    const auto user = users_->user("alice");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the cover record must be untouched", oldCover,
                                 user->cover->storageKey);
    CPPUNIT_ASSERT_MESSAGE("the previous cover object must still be stored",
                           memory_->contains(oldCover));
    // Every stored object is referenced or queued for deletion: no orphan.
    for (const std::string& key : memory_->keys()) {
      bool known = key == user->cover->storageKey || key == user->profile->storageKey;
      for (const db::PendingDeletion& pending : users_->pendingDeletions()) {
        known = known || pending.storageKey == key;
      }
      CPPUNIT_ASSERT_MESSAGE(key + " is stored but neither referenced nor queued", known);
    }
  }

  // The contract again ("the previous images are untouched"), when the
  // second of two commits fails after the first went through.
  void testCommitFailureOfSecondUploadLeavesPreviousImagesUntouched() {
    const std::string oldProfile = uploadKey(kAlice, ImageKind::kProfile);
    uploadKey(kAlice, ImageKind::kCover);
    users_->failNextReplaceImage(1, /*skip=*/1);
    const std::vector<Upload> uploads = {{ImageKind::kProfile, sandbox_->png()},
                                         {ImageKind::kCover, sandbox_->png()}};
    auto records = service_->replaceImages(kAlice, uploads);
    CPPUNIT_ASSERT_MESSAGE("a failed commit of the cover must fail the request", !records.ok());
    const auto user = users_->user("alice");
    CPPUNIT_ASSERT_MESSAGE(
        "the profile record must be untouched when the request fails (it now points at " +
            (user->profile ? user->profile->storageKey : std::string("nothing")) + ")",
        user->profile && user->profile->storageKey == oldProfile);
    CPPUNIT_ASSERT_MESSAGE("the previous profile object must still be stored",
                           memory_->contains(oldProfile));
  }

  void testFailedRemovalOfReplacedObjectIsDeferred() {
    const std::string old = uploadKey(kAlice, ImageKind::kProfile);
    store_->failNextRemoves(1);
    auto records = upload(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE(
        "the upload must succeed although the old object could not be "
        "removed: " +
            describe(records.status()),
        records.ok());
    const std::string next = records->front().storageKey;
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record must point at the new object", next,
                                 users_->user("alice")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("the new object must be stored", memory_->contains(next));
    const auto pending = users_->pendingDeletions();
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the old key must stay queued", std::size_t{1}, pending.size());
    CPPUNIT_ASSERT_EQUAL(old, pending.front().storageKey);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the failed attempt must be counted", 1, pending.front().attempts);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the retry must wait deletionRetrySeconds",
                                 clock_->nowSeconds() + 60, pending.front().notBefore);
  }

  void testWorkDirectoryIsCleanedUp() {
    CPPUNIT_ASSERT_MESSAGE("upload failed", upload(kAlice, ImageKind::kProfile).ok());
    CPPUNIT_ASSERT_MESSAGE(
        "an invalid upload must fail",
        !service_->replaceImages(kAlice, std::vector<Upload>{{ImageKind::kCover, sandbox_->text()}})
             .ok());
    CPPUNIT_ASSERT_MESSAGE("no work directory may be left behind",
                           fs::is_empty(sandbox_->workDir()));
  }

  void testDeleteWithoutImageIsNotFound() {
    const core::Status profile = service_->deleteImage(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE(
        "deleting a missing profile image must be kNotFound: " + profile.toString(),
        profile.code() == StatusCode::kNotFound);
    CPPUNIT_ASSERT_EQUAL(std::string("User has no profile image"), profile.message());
    const core::Status cover = service_->deleteImage(kAlice, ImageKind::kCover);
    CPPUNIT_ASSERT_MESSAGE("deleting a missing cover image must be kNotFound: " + cover.toString(),
                           cover.code() == StatusCode::kNotFound);
    CPPUNIT_ASSERT_EQUAL(std::string("User has no cover image"), cover.message());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be removed", 0, store_->removeCalls());
  }

  void testDeleteWhenRemoveFailsKeepsRecord() {
    const std::string key = uploadKey(kAlice, ImageKind::kProfile);
    store_->failNextRemoves(1);
    const core::Status deleted = service_->deleteImage(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE(
        "a failed removal must fail the delete with kStorageFailed: " + deleted.toString(),
        deleted.code() == StatusCode::kStorageFailed);
    CPPUNIT_ASSERT_MESSAGE(
        "the record must still point at the image",
        users_->user("alice")->profile && users_->user("alice")->profile->storageKey == key);
    CPPUNIT_ASSERT_MESSAGE("the object must still be stored", memory_->contains(key));
  }

  void testDeleteClearsRecordAndRemovesObject() {
    const std::string key = uploadKey(kAlice, ImageKind::kCover);
    const core::Status deleted = service_->deleteImage(kAlice, ImageKind::kCover);
    CPPUNIT_ASSERT_MESSAGE("delete failed: " + deleted.toString(), deleted.isOk());
    CPPUNIT_ASSERT_MESSAGE("the record must be cleared", !users_->user("alice")->cover);
    CPPUNIT_ASSERT_MESSAGE("the object must be removed", !memory_->contains(key));
    CPPUNIT_ASSERT_MESSAGE(
        "a second delete must be kNotFound",
        service_->deleteImage(kAlice, ImageKind::kCover).code() == StatusCode::kNotFound);
  }

  void testDeleteThatLosesToAConcurrentDeleteIsNotFound() {
    uploadKey(kAlice, ImageKind::kProfile);
    core::Status first;
    users_->runBeforeNextClearImage(
        [&] { first = service_->deleteImage(kAlice, ImageKind::kProfile); });
    const core::Status second = service_->deleteImage(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("the delete that cleared the record succeeds: " + first.toString(),
                           first.isOk());
    CPPUNIT_ASSERT_MESSAGE("the one that found it cleared must be kNotFound: " + second.toString(),
                           second.code() == StatusCode::kNotFound);
    CPPUNIT_ASSERT_EQUAL(std::string("User has no profile image"), second.message());
  }

  void testDeleteThatLosesToAConcurrentReplaceIsNotFoundAndKeepsTheNewImage() {
    uploadKey(kAlice, ImageKind::kCover);
    std::string replacement;
    users_->runBeforeNextClearImage([&] { replacement = uploadKey(kAlice, ImageKind::kCover); });
    const core::Status deleted = service_->deleteImage(kAlice, ImageKind::kCover);
    CPPUNIT_ASSERT_MESSAGE(
        "a delete whose image was replaced meanwhile must be kNotFound: " + deleted.toString(),
        deleted.code() == StatusCode::kNotFound);
    CPPUNIT_ASSERT_MESSAGE(
        "the replacing upload keeps its record",
        users_->user("alice")->cover && users_->user("alice")->cover->storageKey == replacement);
    CPPUNIT_ASSERT_MESSAGE("and its object", memory_->contains(replacement));
  }

  void testDeleteOfOneKindLeavesTheOther() {
    const std::string profile = uploadKey(kAlice, ImageKind::kProfile);
    const std::string cover = uploadKey(kAlice, ImageKind::kCover);
    CPPUNIT_ASSERT_MESSAGE("delete failed",
                           service_->deleteImage(kAlice, ImageKind::kProfile).isOk());
    CPPUNIT_ASSERT_MESSAGE(
        "the cover record must remain",
        users_->user("alice")->cover && users_->user("alice")->cover->storageKey == cover);
    CPPUNIT_ASSERT_MESSAGE("the cover object must remain", memory_->contains(cover));
    CPPUNIT_ASSERT_MESSAGE("the profile object must be gone", !memory_->contains(profile));
  }

  void testDeleteReportsRecordFailure() {
    uploadKey(kAlice, ImageKind::kProfile);
    const std::string key = users_->user("alice")->profile->storageKey;
    users_->failNextClearImage();
    const core::Status deleted = service_->deleteImage(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("a failed clear must be reported as kUnavailable: " + deleted.toString(),
                           deleted.code() == StatusCode::kUnavailable);
    // The record first: a database failure removes nothing.
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be removed", 0, store_->removeCalls());
    CPPUNIT_ASSERT_MESSAGE("the object must still be stored", memory_->contains(key));
    CPPUNIT_ASSERT_EQUAL(key, users_->user("alice")->profile->storageKey);
  }

  void testDeleteWhoseRestoreFailsStaysDeletedWithItsObjectQueued() {
    const std::string key = uploadKey(kAlice, ImageKind::kProfile);
    store_->failNextRemoves(1);
    users_->failNextRestoreImage();
    const core::Status deleted = service_->deleteImage(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("a failed restore is kUnavailable: " + deleted.toString(),
                           deleted.code() == StatusCode::kUnavailable);
    // Consistent either way: no record naming a removed object, and the
    // object queued for a sweeper once the request's lease has passed.
    CPPUNIT_ASSERT_MESSAGE("the record stays cleared", !users_->user("alice")->profile);
    CPPUNIT_ASSERT_MESSAGE("the object is still stored", memory_->contains(key));
    bool queued = false;
    for (const db::PendingDeletion& deletion : users_->pendingDeletions()) {
      if (deletion.storageKey == key && deletion.notBefore > clock_->nowSeconds()) queued = true;
    }
    CPPUNIT_ASSERT_MESSAGE("the object is queued, leased past now", queued);
  }

  void testUnknownUserIsUnauthenticatedWithoutAutoProvision() {
    service_ = makeService(false);
    auto user = service_->currentUser(kAlice);
    CPPUNIT_ASSERT_MESSAGE("an unknown user must be kUnauthenticated: " + describe(user.status()),
                           user.status().code() == StatusCode::kUnauthenticated);
    auto records = upload(kAlice, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("an unknown user may not upload",
                           records.status().code() == StatusCode::kUnauthenticated);
    CPPUNIT_ASSERT_MESSAGE(
        "an unknown user may not delete",
        service_->deleteImage(kAlice, ImageKind::kProfile).code() == StatusCode::kUnauthenticated);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing may be stored", std::size_t{0}, memory_->size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("no user may be created", std::size_t{0}, users_->userCount());
  }

  void testAutoProvisionRecordsIdentity() {
    auto user = service_->currentUser(kAlice);
    CPPUNIT_ASSERT_MESSAGE("provisioning failed: " + describe(user.status()), user.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), user->id);
    CPPUNIT_ASSERT_EQUAL(std::string("alice@example.com"), users_->user("alice")->email);
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), users_->user("alice")->username);
    CPPUNIT_ASSERT_EQUAL(clock_->nowSeconds(), users_->user("alice")->createdAt);
  }

  void testUsersNeverAffectEachOthersImages() {
    const std::string alice = uploadKey(kAlice, ImageKind::kProfile);
    const std::string bob = uploadKey(kBob, ImageKind::kProfile);
    const std::string bob2 = uploadKey(kBob, ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("bob's replacement must not remove alice's object",
                           memory_->contains(alice));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("alice's record must be unchanged", alice,
                                 users_->user("alice")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("alice must not see bob's image",
                           service_->currentUser(kAlice)->profile->storageKey == alice);
    CPPUNIT_ASSERT_MESSAGE("alice's delete must succeed",
                           service_->deleteImage(kAlice, ImageKind::kProfile).isOk());
    CPPUNIT_ASSERT_MESSAGE("alice's delete must not remove bob's object", memory_->contains(bob2));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("bob's record must be unchanged", bob2,
                                 users_->user("bob")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("bob's first object was replaced", !memory_->contains(bob));
  }

  void testRacingUploadsLeaveOneObjectAndOneRecord() {
    constexpr int kThreads = 8;
    std::vector<std::thread> threads;
    std::vector<core::Status> results(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back(
          [this, t, &results] { results[t] = upload(kAlice, ImageKind::kProfile).status(); });
    }
    for (auto& thread : threads) thread.join();
    for (const core::Status& status : results) {
      CPPUNIT_ASSERT_MESSAGE("a racing upload failed: " + status.toString(), status.isOk());
    }
    const auto keys = memory_->keys();
    CPPUNIT_ASSERT_EQUAL_MESSAGE("exactly one object must remain", std::size_t{1}, keys.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record must point at the remaining object", keys.front(),
                                 users_->user("alice")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("no deletion may stay pending", users_->pendingDeletions().empty());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("one user row", std::size_t{1}, users_->userCount());
  }

 private:
  std::unique_ptr<ImageService> makeService(bool autoProvision) {
    ServiceOptions options;
    options.autoProvision = autoProvision;
    options.workDir = sandbox_->workDir();
    options.deletionRetrySeconds = 60;
    return std::make_unique<ImageService>(*users_, *store_, *processor_, *clock_, options);
  }

  core::Result<std::vector<db::ImageRecord>> upload(const auth::Principal& who, ImageKind kind) {
    const Upload one{kind, sandbox_->png()};
    return service_->replaceImages(who, {&one, 1});
  }

  std::string uploadKey(const auth::Principal& who, ImageKind kind) {
    auto records = upload(who, kind);
    CPPUNIT_ASSERT_MESSAGE("setup upload failed: " + describe(records.status()), records.ok());
    return records->front().storageKey;
  }

  std::unique_ptr<testing::UploadSandbox> sandbox_;
  std::unique_ptr<fakes::FixedClock> clock_;
  std::unique_ptr<fakes::FakeUserRepository> users_;
  std::unique_ptr<fakes::MemoryBlobStore> memory_;
  std::unique_ptr<fakes::FaultyBlobStore> store_;
  std::unique_ptr<fakes::FakeImageProcessor> processor_;
  std::unique_ptr<ImageService> service_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImageServiceTest, "service");

}  // namespace
}  // namespace userimg::service
