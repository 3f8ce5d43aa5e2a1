// Removers that see the same pending deletions at once: sweepers of
// several processes sharing one database (mod_fcgid runs several
// userimg-fcgi), and the request that queued a deletion. Each deletion's
// object is removed by exactly one of them.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fakes/fake_image_processor.h"
#include "fakes/fake_user_repository.h"
#include "fakes/faulty_blob_store.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "service/deletion_sweeper.h"
#include "service/image_service.h"
#include "support/upload_sandbox.h"

namespace userimg::service {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;

constexpr std::int64_t kNow = 1'700'000'000;

// A BlobStore that runs a hook once, at its first remove() (before it), so
// a second remover can act while the first is in the middle of its work.
class InterruptedStore final : public storage::BlobStore {
 public:
  explicit InterruptedStore(storage::BlobStore& inner) : inner_(inner) {}
  void atFirstRemove(std::function<void()> hook) { hook_ = std::move(hook); }

  core::Result<storage::StoredObject> put(const storage::PutRequest& request) override {
    return inner_.put(request);
  }
  core::Status remove(std::string_view key) override {
    if (auto hook = std::exchange(hook_, nullptr)) hook();
    return inner_.remove(key);
  }
  core::Status fetch(std::string_view key, const fs::path& path, std::int64_t maxBytes) override {
    return inner_.fetch(key, path, maxBytes);
  }
  std::string url(std::string_view key) const override { return inner_.url(key); }
  core::Status probe() override { return inner_.probe(); }
  std::optional<std::string> variantUrl(std::string_view key,
                                        const storage::VariantSpec& spec) const override {
    return inner_.variantUrl(key, spec);
  }
  core::Result<std::vector<storage::ListedObject>> list(ImageKind kind,
                                                        std::int64_t olderThan) override {
    return inner_.list(kind, olderThan);
  }

 private:
  storage::BlobStore& inner_;
  std::function<void()> hook_;
};

class ConcurrentRemoversTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ConcurrentRemoversTest);
  CPPUNIT_TEST(testSweepsAtOnceRemoveEachObjectOnce);
  CPPUNIT_TEST(testRequestLeavesToTheSweeperWhatItTookFirst);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    sandbox_ = std::make_unique<testing::UploadSandbox>("userimg-removers-");
    users_ = std::make_unique<fakes::FakeUserRepository>();
    memory_ = std::make_unique<fakes::MemoryBlobStore>();
    counted_ = std::make_unique<fakes::FaultyBlobStore>(*memory_);
    store_ = std::make_unique<InterruptedStore>(*counted_);
    CPPUNIT_ASSERT(users_->ensureUser({"alice", "", ""}, true, kNow).ok());
  }
  void tearDown() override { sandbox_.reset(); }

  void testSweepsAtOnceRemoveEachObjectOnce() {
    std::vector<std::string> replaced;
    for (int i = 0; i < 5; ++i) replaced.push_back(replaceOnce());
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, users_->pendingDeletions().size());

    // Sweep A has listed all five and starts on the first when sweep B (of
    // another process) runs from start to end.
    DeletionSweeper a(*users_, *store_, {});
    DeletionSweeper b(*users_, *store_, {});
    SweepReport second;
    store_->atFirstRemove([&] { second = b.sweepOnce(kNow); });
    const SweepReport first = a.sweepOnce(kNow);

    CPPUNIT_ASSERT_MESSAGE(first.status.toString(), first.status.isOk());
    CPPUNIT_ASSERT_MESSAGE(second.status.toString(), second.status.isOk());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("each object removed once", 5, counted_->removeCalls());
    CPPUNIT_ASSERT_EQUAL(5, first.removed + second.removed);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("A took only the one it had started", 1, first.removed);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("A skipped what B took after A listed it", 4, first.skipped);
    CPPUNIT_ASSERT_MESSAGE("every deletion completed", users_->pendingDeletions().empty());
    for (const std::string& key : replaced) CPPUNIT_ASSERT(!memory_->contains(key));
  }

  void testRequestLeavesToTheSweeperWhatItTookFirst() {
    fakes::FixedClock clock(kNow);
    fakes::FakeImageProcessor processor;
    ServiceOptions options;
    options.workDir = sandbox_->workDir();
    ImageService service(*users_, *store_, processor, clock, options);
    const auth::Principal alice{"alice", "", ""};
    const std::vector<Upload> upload = {{ImageKind::kProfile, sandbox_->png()}};
    auto first = service.replaceImages(alice, upload);
    CPPUNIT_ASSERT_MESSAGE(first.status().toString(), first.ok());
    const std::string old = first->front().storageKey;

    // Between the replacing request's commit and its removal of the old
    // object, a sweeper sees the deletion due and takes it.
    DeletionSweeper sweeper(*users_, *store_, {});
    SweepReport swept;
    users_->runAfterNextReplace([&] { swept = sweeper.sweepOnce(kNow); });
    auto second = service.replaceImages(alice, upload);
    CPPUNIT_ASSERT_MESSAGE(second.status().toString(), second.ok());

    CPPUNIT_ASSERT_EQUAL_MESSAGE("the sweeper removed it", 1, swept.removed);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("and only the sweeper", 1, counted_->removeCalls());
    CPPUNIT_ASSERT(!memory_->contains(old));
    CPPUNIT_ASSERT(memory_->contains(second->front().storageKey));
    CPPUNIT_ASSERT(users_->pendingDeletions().empty());
  }

 private:
  // Points alice's profile at a new object; returns the replaced key.
  std::string replaceOnce() {
    if (!users_->user("alice")->profile) point(put());
    const std::string previous = users_->user("alice")->profile->storageKey;
    point(put());
    return previous;
  }

  void point(const std::string& key) {
    db::ImageRecord record;
    record.storageKey = key;
    record.url = memory_->url(key);
    record.contentType = "image/png";
    auto replaced = users_->replaceImage("alice", ImageKind::kProfile, record, kNow);
    CPPUNIT_ASSERT_MESSAGE(replaced.status().toString(), replaced.ok());
  }

  std::string put() {
    storage::PutRequest request;
    request.kind = ImageKind::kProfile;
    request.source = sandbox_->png();
    request.extension = "png";
    request.contentType = "image/png";
    auto stored = memory_->put(request);
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    return stored->key;
  }

  std::unique_ptr<testing::UploadSandbox> sandbox_;
  std::unique_ptr<fakes::FakeUserRepository> users_;
  std::unique_ptr<fakes::MemoryBlobStore> memory_;
  std::unique_ptr<fakes::FaultyBlobStore> counted_;
  std::unique_ptr<InterruptedStore> store_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ConcurrentRemoversTest, "deletion_sweeper");

}  // namespace
}  // namespace userimg::service
