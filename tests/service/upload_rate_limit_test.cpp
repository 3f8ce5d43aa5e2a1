// ImageService's per-user upload rate limit (ServiceOptions::
// uploadsPerUserPerMinute, issue 12), with fakes: over the limit the answer
// is kRateLimited with the seconds until the window ends, and nothing is
// processed, stored or recorded; refused images count; other users and the
// next window are unaffected; 0 turns the limit off.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <memory>
#include <string>

#include "fakes/fake_image_processor.h"
#include "fakes/fake_upload_counter.h"
#include "fakes/fake_user_repository.h"
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
// 1'700'000'000 is 20 s into its minute: the window ends 40 s later.
constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kLimit = 3;

class UploadRateLimitTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UploadRateLimitTest);
  CPPUNIT_TEST(testUploadOverTheLimitIsRefusedAndChangesNothing);
  CPPUNIT_TEST(testRefusedImagesCountTowardsTheLimit);
  CPPUNIT_TEST(testOtherUsersAndTheNextWindowAreUnaffected);
  CPPUNIT_TEST(testZeroTurnsTheLimitOff);
  CPPUNIT_TEST(testFailingCounterRefusesTheUpload);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    sandbox_ = std::make_unique<testing::UploadSandbox>("userimg-ratelimit-");
    service_ = makeService(kLimit);
  }

  void tearDown() override {
    service_.reset();
    sandbox_.reset();
  }

  void testUploadOverTheLimitIsRefusedAndChangesNothing() {
    std::string lastKey;
    for (int i = 0; i < kLimit; ++i) {
      auto records = upload(kAlice, sandbox_->png());
      CPPUNIT_ASSERT_MESSAGE(records.status().toString(), records.ok());
      lastKey = records->front().storageKey;
    }
    const int processed = processor_.calls();
    const auto keys = memory_.keys();
    clock_.advance(3);  // 23 s into the minute: 37 s left
    auto refused = upload(kAlice, sandbox_->png());
    CPPUNIT_ASSERT(refused.status().code() == StatusCode::kRateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{37}, refused.status().retryAfterSeconds());
    CPPUNIT_ASSERT_EQUAL(
        std::string("Too many uploads: at most 3 a minute; try again in 37 seconds"),
        refused.status().message());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing processed", processed, processor_.calls());
    CPPUNIT_ASSERT_MESSAGE("nothing stored or removed", keys == memory_.keys());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record still points at the last admitted upload", lastKey,
                                 users_.user("alice")->profile->storageKey);
    CPPUNIT_ASSERT_MESSAGE("no deletion queued", users_.pendingDeletions().empty());
  }

  void testRefusedImagesCountTowardsTheLimit() {
    for (int i = 0; i < kLimit; ++i) {
      CPPUNIT_ASSERT(upload(kAlice, sandbox_->text()).status().code() == StatusCode::kInvalidImage);
    }
    CPPUNIT_ASSERT(upload(kAlice, sandbox_->png()).status().code() == StatusCode::kRateLimited);
    CPPUNIT_ASSERT(!users_.user("alice")->profile);
    CPPUNIT_ASSERT(memory_.keys().empty());
  }

  void testOtherUsersAndTheNextWindowAreUnaffected() {
    for (int i = 0; i < kLimit; ++i) CPPUNIT_ASSERT(upload(kAlice, sandbox_->png()).ok());
    CPPUNIT_ASSERT(upload(kAlice, sandbox_->png()).status().code() == StatusCode::kRateLimited);
    CPPUNIT_ASSERT_MESSAGE("another user has a limit of their own",
                           upload(kBob, sandbox_->png()).ok());
    clock_.advance(39);  // the window's last second
    auto last = upload(kAlice, sandbox_->png());
    CPPUNIT_ASSERT(last.status().code() == StatusCode::kRateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, last.status().retryAfterSeconds());
    CPPUNIT_ASSERT_EQUAL(std::string("Too many uploads: at most 3 a minute; try again in 1 second"),
                         last.status().message());
    clock_.advance(1);  // the next window
    CPPUNIT_ASSERT(upload(kAlice, sandbox_->png()).ok());
  }

  void testZeroTurnsTheLimitOff() {
    service_ = makeService(0);
    for (int i = 0; i < 30; ++i) CPPUNIT_ASSERT(upload(kAlice, sandbox_->png()).ok());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing counted", std::int64_t{0}, counter_.uploads("alice"));
  }

  void testFailingCounterRefusesTheUpload() {
    counter_.setFailing(true);
    CPPUNIT_ASSERT(upload(kAlice, sandbox_->png()).status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT_EQUAL(0, processor_.calls());
    CPPUNIT_ASSERT(memory_.keys().empty());
  }

 private:
  std::unique_ptr<ImageService> makeService(std::int64_t limit) {
    ServiceOptions options;
    options.workDir = sandbox_->workDir();
    options.uploadsPerUserPerMinute = limit;
    options.uploadCounter = &counter_;
    return std::make_unique<ImageService>(users_, memory_, processor_, clock_, options);
  }

  core::Result<std::vector<db::ImageRecord>> upload(const auth::Principal& who,
                                                    const fs::path& file) {
    const Upload one{ImageKind::kProfile, file};
    return service_->replaceImages(who, {&one, 1});
  }

  std::unique_ptr<testing::UploadSandbox> sandbox_;
  fakes::FixedClock clock_{kNow};
  fakes::FakeUserRepository users_;
  fakes::MemoryBlobStore memory_;
  fakes::FakeImageProcessor processor_;
  fakes::FakeUploadCounter counter_;
  std::unique_ptr<ImageService> service_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UploadRateLimitTest, "service");

}  // namespace
}  // namespace userimg::service
