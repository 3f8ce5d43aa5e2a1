// ImageService tells the published copies (ServiceOptions::published: the
// public avatars' static links and answer cache) about a change at the one
// point where that is safe: after the commit and before the replaced objects
// go, so that a public URL never shows an object already removed while the
// record still names it, nor an old object after its replace; and after a
// delete (removed, or restored when the removal failed), so that the copies
// follow the record either way.

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
#include "support/upload_sandbox.h"

namespace userimg::service {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;

const auth::Principal kAda{"ada", "ada@example.com", "ada"};

// What the record and the store held at each refresh.
struct Seen {
  std::string userId;
  std::string recordKey;            // the profile image the record named ("" none)
  std::vector<std::string> stored;  // the keys of `watched` still in the store
};

class Watcher final : public PublishedImages {
 public:
  Watcher(fakes::FakeUserRepository& users, fakes::MemoryBlobStore& store)
      : users_(users), store_(store) {}
  void refresh(const std::string& userId, const std::string& /*knownKey*/) override {
    Seen seen{userId, "", {}};
    if (auto user = users_.user(userId); user && user->profile) {
      seen.recordKey = user->profile->storageKey;
    }
    for (const std::string& key : watched) {
      if (store_.contains(key)) seen.stored.push_back(key);
    }
    calls.push_back(std::move(seen));
  }
  std::vector<std::string> watched;
  std::vector<Seen> calls;

 private:
  fakes::FakeUserRepository& users_;
  fakes::MemoryBlobStore& store_;
};

class PublishedImagesOrderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PublishedImagesOrderTest);
  CPPUNIT_TEST(testAReplaceRefreshesAfterItsCommitWhileTheOldObjectIsStillThere);
  CPPUNIT_TEST(testADeleteRefreshesOnceTheRecordIsCleared);
  CPPUNIT_TEST(testADeleteWhoseRemovalFailsRefreshesTheRestoredRecord);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    sandbox_ = std::make_unique<testing::UploadSandbox>("userimg-published-");
    ServiceOptions options;
    options.workDir = sandbox_->workDir();
    options.published = &watcher_;
    service_ = std::make_unique<ImageService>(users_, faulty_, processor_, clock_, options);
  }

  void tearDown() override {
    service_.reset();
    sandbox_.reset();
  }

  void testAReplaceRefreshesAfterItsCommitWhileTheOldObjectIsStillThere() {
    const std::string first = profileUpload();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, watcher_.calls.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the first upload's refresh comes after its commit", first,
                                 watcher_.calls[0].recordKey);
    watcher_.watched = {first};
    const std::string second = profileUpload();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, watcher_.calls.size());
    const Seen& seen = watcher_.calls[1];
    CPPUNIT_ASSERT_EQUAL(std::string("ada"), seen.userId);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("refreshed after the commit", second, seen.recordKey);
    CPPUNIT_ASSERT_MESSAGE("refreshed before the replaced object went",
                           seen.stored == std::vector<std::string>{first});
    CPPUNIT_ASSERT_MESSAGE("and the replaced object goes after it", !memory_.contains(first));
  }

  void testADeleteRefreshesOnceTheRecordIsCleared() {
    const std::string key = profileUpload();
    watcher_.watched = {key};
    CPPUNIT_ASSERT(service_->deleteImage(kAda, ImageKind::kProfile).isOk());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, watcher_.calls.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record was cleared first", std::string(),
                                 watcher_.calls[1].recordKey);
  }

  void testADeleteWhoseRemovalFailsRefreshesTheRestoredRecord() {
    const std::string key = profileUpload();
    watcher_.watched = {key};
    faulty_.failNextRemoves(1);
    CPPUNIT_ASSERT(!service_->deleteImage(kAda, ImageKind::kProfile).isOk());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, watcher_.calls.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the copies follow the restored record", key,
                                 watcher_.calls[1].recordKey);
    CPPUNIT_ASSERT(watcher_.calls[1].stored == std::vector<std::string>{key});
  }

 private:
  std::string profileUpload() {
    const Upload one{ImageKind::kProfile, sandbox_->png()};
    auto records = service_->replaceImages(kAda, {&one, 1});
    CPPUNIT_ASSERT_MESSAGE(records.status().toString(), records.ok());
    return records->front().storageKey;
  }

  std::unique_ptr<testing::UploadSandbox> sandbox_;
  fakes::FixedClock clock_{1'700'000'000};
  fakes::FakeUserRepository users_;
  fakes::MemoryBlobStore memory_;
  fakes::FaultyBlobStore faulty_{memory_};
  fakes::FakeImageProcessor processor_;
  Watcher watcher_{users_, memory_};
  std::unique_ptr<ImageService> service_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublishedImagesOrderTest, "service");

}  // namespace
}  // namespace userimg::service
