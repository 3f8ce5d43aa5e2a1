// ImageService carries each processed image's placeholder into its record
// (what the repository stores and both surfaces return), through the same
// replace-without-loss steps as everything else of the image.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <memory>
#include <string>

#include "fakes/fake_image_processor.h"
#include "fakes/fake_user_repository.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "service/image_service.h"
#include "support/upload_sandbox.h"

namespace userimg::service {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;

const auth::Principal kAlice{"alice", "alice@example.com", "alice"};
const db::PlaceholderRecord kRecorded{fakes::kFakePlaceholder.blurhash,
                                      fakes::kFakePlaceholder.color};

class ImageServicePlaceholderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImageServicePlaceholderTest);
  CPPUNIT_TEST(testRecordsTheProcessedPlaceholder);
  CPPUNIT_TEST(testRecordsNoPlaceholderWhenNoneWasMade);
  CPPUNIT_TEST(testFailedCommitKeepsThePreviousPlaceholder);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    sandbox_ = std::make_unique<testing::UploadSandbox>("userimg-service-ph-");
    ServiceOptions options;
    options.workDir = sandbox_->workDir();
    service_ = std::make_unique<ImageService>(users_, memory_, processor_, clock_, options);
  }

  void tearDown() override {
    service_.reset();
    sandbox_.reset();
  }

  void testRecordsTheProcessedPlaceholder() {
    const std::vector<Upload> both = {{ImageKind::kProfile, sandbox_->png()},
                                      {ImageKind::kCover, sandbox_->png()}};
    auto records = service_->replaceImages(kAlice, both);
    CPPUNIT_ASSERT_MESSAGE(records.status().toString(), records.ok());
    for (const db::ImageRecord& record : records.value()) {
      CPPUNIT_ASSERT(record.placeholder == kRecorded);
    }
    const auto user = users_.user("alice");
    CPPUNIT_ASSERT(user && user->profile && user->cover);
    CPPUNIT_ASSERT(user->profile->placeholder == kRecorded);
    CPPUNIT_ASSERT(user->cover->placeholder == kRecorded);
  }

  void testRecordsNoPlaceholderWhenNoneWasMade() {
    processor_.setPlaceholder(std::nullopt);
    auto records = upload();
    CPPUNIT_ASSERT_MESSAGE(records.status().toString(), records.ok());
    CPPUNIT_ASSERT(!records->front().placeholder.has_value());
    CPPUNIT_ASSERT(!users_.user("alice")->profile->placeholder.has_value());
  }

  void testFailedCommitKeepsThePreviousPlaceholder() {
    auto first = upload();
    CPPUNIT_ASSERT_MESSAGE(first.status().toString(), first.ok());
    processor_.setPlaceholder(
        image::placeholder::Placeholder{"L00000fQfQfQfQfQfQfQfQfQfQfQ", "#000000"});
    users_.failNextReplaceImage();
    CPPUNIT_ASSERT(!upload().ok());
    const auto kept = users_.user("alice");
    CPPUNIT_ASSERT_EQUAL(first->front().storageKey, kept->profile->storageKey);
    CPPUNIT_ASSERT(kept->profile->placeholder == kRecorded);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, memory_.size());  // the new object was taken back
  }

 private:
  core::Result<std::vector<db::ImageRecord>> upload() {
    const Upload one{ImageKind::kProfile, sandbox_->png()};
    return service_->replaceImages(kAlice, {&one, 1});
  }

  std::unique_ptr<testing::UploadSandbox> sandbox_;
  fakes::FixedClock clock_{1'700'000'000};
  fakes::FakeUserRepository users_;
  fakes::MemoryBlobStore memory_;
  fakes::FakeImageProcessor processor_;
  std::unique_ptr<ImageService> service_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImageServicePlaceholderTest, "service");

}  // namespace
}  // namespace userimg::service
