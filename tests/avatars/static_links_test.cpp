// avatars/static_links.h over the fake repository and a real media tree in
// a temp directory: which links a record asks for, how they follow replaces,
// format changes, deletes and key rotations, that racing publishers end on
// the latest record, the ETag guard, and that nothing outside the media
// tree is ever linked.

#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "avatars/static_links.h"
#include "core/temp_dir.h"
#include "fakes/fake_user_repository.h"

namespace userimg::avatars {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;

class StaticLinksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StaticLinksTest);
  CPPUNIT_TEST(testLinksNameTheImageAndItsVariantsInItsOwnFormat);
  CPPUNIT_TEST(testReplaceSwapsTheLinksAndDropsAnotherFormatsNames);
  CPPUNIT_TEST(testNoImageLeavesNoDirectory);
  CPPUNIT_TEST(testCoversHaveTheirOwnTree);
  CPPUNIT_TEST(testRotationWithdrawsTheOldKeysLinks);
  CPPUNIT_TEST(testRefreshPublishesTheRecordAsItIsNow);
  CPPUNIT_TEST(testRacingPublishersEndOnTheLatestRecord);
  CPPUNIT_TEST(testSameMtimeAndSizeGetDifferentValidators);
  CPPUNIT_TEST(testSyncIfStaleMakesMissingAndDanglingLinksAgain);
  CPPUNIT_TEST(testKeysOutsideTheTreeAreNeverLinked);
  CPPUNIT_TEST(testRemoveAllTakesTheWholeTree);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(fs::temp_directory_path(), "static-links-");
    CPPUNIT_ASSERT(dir.ok());
    temp_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    root_ = temp_->path() / "media";
    fs::create_directories(root_);
    links_ = std::make_unique<StaticLinks>(users_, root_);
    auto user = users_.ensureUser({"alice", "", ""}, true, 1);
    CPPUNIT_ASSERT(user.ok());
    key_ = user->publicKey;
  }
  void tearDown() override {
    links_.reset();
    temp_.reset();
  }

  void testLinksNameTheImageAndItsVariantsInItsOwnFormat() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"64", "128", "256"}));
    links_->refresh("alice", key_);
    const fs::path dir = links_->directoryOf(ImageKind::kProfile, key_);
    CPPUNIT_ASSERT_EQUAL(root_ / "public" / "avatars" / key_.substr(0, 2) / key_, dir);
    CPPUNIT_ASSERT_EQUAL(std::string("../../../../resume/images/aa/aa.jpg"),
                         fs::read_symlink(dir / "image.jpg").string());
    for (const char* size : {"64", "128", "256"}) {
      const fs::path link = dir / (std::string(size) + ".jpg");
      CPPUNIT_ASSERT_MESSAGE(link.string(), fs::is_symlink(link));
      CPPUNIT_ASSERT_EQUAL(std::string("bytes of resume/images/aa/aa_") + size + ".jpg",
                           contents(link));
    }
    // The WebP sibling is not linked: the web server answers in the image's format.
    CPPUNIT_ASSERT_EQUAL(std::string("128.jpg,256.jpg,64.jpg,image.jpg"), entries(dir));
  }

  void testReplaceSwapsTheLinksAndDropsAnotherFormatsNames() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"64", "128"}));
    links_->refresh("alice", key_);
    replace(ImageKind::kProfile, record("bb", "png", {"128"}));
    links_->refresh("alice", key_);
    const fs::path dir = links_->directoryOf(ImageKind::kProfile, key_);
    CPPUNIT_ASSERT_EQUAL(std::string("128.png,image.png"), entries(dir));
    CPPUNIT_ASSERT_EQUAL(std::string("bytes of resume/images/bb/bb_128.png"),
                         contents(dir / "128.png"));
  }

  void testNoImageLeavesNoDirectory() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"128"}));
    links_->refresh("alice", key_);
    const fs::path dir = links_->directoryOf(ImageKind::kProfile, key_);
    CPPUNIT_ASSERT(fs::exists(dir));
    auto cleared = users_.clearImage("alice", ImageKind::kProfile, "resume/images/aa/aa.jpg", 1);
    CPPUNIT_ASSERT(cleared.ok() && cleared.value());
    links_->refresh("alice", key_);
    CPPUNIT_ASSERT(!fs::exists(dir));
    CPPUNIT_ASSERT(!fs::exists(dir.parent_path()));  // the emptied shard too
  }

  void testCoversHaveTheirOwnTree() {
    replace(ImageKind::kCover, record("cc", "jpg", {"640w"}, "resume/covers"));
    links_->refresh("alice", key_);
    CPPUNIT_ASSERT(!fs::exists(links_->directoryOf(ImageKind::kProfile, key_)));
    const fs::path dir = links_->directoryOf(ImageKind::kCover, key_);
    CPPUNIT_ASSERT_EQUAL(root_ / "public" / "covers" / key_.substr(0, 2) / key_, dir);
    CPPUNIT_ASSERT_EQUAL(std::string("640w.jpg,image.jpg"), entries(dir));
  }

  void testRotationWithdrawsTheOldKeysLinks() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"128"}));
    links_->refresh("alice", key_);
    const std::string next = "BBBBBBBBBBBBBBBBBBBBBB";
    auto rotated = links_->rotateKey("alice", [&]() -> core::Result<std::string> {
      // Inside the rotation the old key's links are already gone.
      CPPUNIT_ASSERT(!fs::exists(links_->directoryOf(ImageKind::kProfile, key_)));
      if (core::Status set = users_.setKey("alice", next); !set.isOk()) return set;
      return next;
    });
    CPPUNIT_ASSERT(rotated.ok());
    CPPUNIT_ASSERT_EQUAL(next, rotated.value());
    CPPUNIT_ASSERT(!fs::exists(links_->directoryOf(ImageKind::kProfile, key_)));
    CPPUNIT_ASSERT(fs::is_symlink(links_->directoryOf(ImageKind::kProfile, next) / "128.jpg"));
  }

  void testRefreshPublishesTheRecordAsItIsNow() {
    // A caller that committed A refreshes after B committed: B's links.
    replace(ImageKind::kProfile, record("aa", "jpg", {"128"}));
    replace(ImageKind::kProfile, record("bb", "jpg", {"128"}));
    links_->refresh("alice", key_);
    CPPUNIT_ASSERT_EQUAL(std::string("bytes of resume/images/bb/bb_128.jpg"),
                         contents(links_->directoryOf(ImageKind::kProfile, key_) / "128.jpg"));
  }

  void testRacingPublishersEndOnTheLatestRecord() {
    // Four threads replace and refresh; whoever commits last, the links end
    // on the record as it is when they are all done.
    std::vector<std::thread> threads;
    std::atomic<int> counter{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          const int n = counter.fetch_add(1);
          const std::string id = std::to_string(t) + "x" + std::to_string(n);
          replace(ImageKind::kProfile, record(id, "jpg", {"128"}));
          links_->refresh("alice", key_);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    const auto user = users_.user("alice");
    CPPUNIT_ASSERT(user && user->profile);
    const fs::path dir = links_->directoryOf(ImageKind::kProfile, key_);
    CPPUNIT_ASSERT_EQUAL("../../../../" + user->profile->storageKey,
                         fs::read_symlink(dir / "image.jpg").string());
    CPPUNIT_ASSERT_EQUAL(std::string("128.jpg,image.jpg"), entries(dir));
  }

  void testSameMtimeAndSizeGetDifferentValidators() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"128"}));
    links_->refresh("alice", key_);
    replace(ImageKind::kProfile, record("bb", "jpg", {"128"}));
    // Same length, same second: what nginx's ETag (mtime-size) is made of.
    const fs::path a = root_ / "resume/images/aa/aa_128.jpg";
    const fs::path b = root_ / "resume/images/bb/bb_128.jpg";
    CPPUNIT_ASSERT_EQUAL(fs::file_size(a), fs::file_size(b));
    fs::last_write_time(b, fs::last_write_time(a));
    links_->refresh("alice", key_);
    struct stat first {};
    struct stat second {};
    CPPUNIT_ASSERT_EQUAL(0, ::stat(a.c_str(), &first));
    CPPUNIT_ASSERT_EQUAL(
        0, ::stat((links_->directoryOf(ImageKind::kProfile, key_) / "128.jpg").c_str(), &second));
    CPPUNIT_ASSERT_EQUAL(first.st_size, second.st_size);
    CPPUNIT_ASSERT(first.st_mtim.tv_sec != second.st_mtim.tv_sec);
  }

  void testSyncIfStaleMakesMissingAndDanglingLinksAgain() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"128"}));
    // No refresh yet (a user from before the feature): the app's answer makes them.
    links_->syncIfStale(*users_.user("alice"), ImageKind::kProfile);
    const fs::path dir = links_->directoryOf(ImageKind::kProfile, key_);
    CPPUNIT_ASSERT(fs::is_symlink(dir / "128.jpg"));
    // A replace whose process died before its refresh: the links still name
    // A, whose objects its pending deletion then removes (they dangle).
    replace(ImageKind::kProfile, record("bb", "jpg", {"128"}));
    fs::remove_all(root_ / "resume/images/aa");
    links_->syncIfStale(*users_.user("alice"), ImageKind::kProfile);
    CPPUNIT_ASSERT_EQUAL(std::string("bytes of resume/images/bb/bb_128.jpg"),
                         contents(dir / "128.jpg"));
    // In step: nothing is touched (the link keeps its inode).
    struct stat before {};
    struct stat after {};
    CPPUNIT_ASSERT_EQUAL(0, ::lstat((dir / "128.jpg").c_str(), &before));
    links_->syncIfStale(*users_.user("alice"), ImageKind::kProfile);
    CPPUNIT_ASSERT_EQUAL(0, ::lstat((dir / "128.jpg").c_str(), &after));
    CPPUNIT_ASSERT_EQUAL(before.st_ino, after.st_ino);
  }

  void testKeysOutsideTheTreeAreNeverLinked() {
    for (const char* key :
         {"../outside.jpg", "/etc/passwd.jpg", "resume/../../x.jpg", "resume/images/aa/.hidden.jpg",
          "resume/images/aa/noextension", "resume/images/a a/x.jpg"}) {
      db::ImageRecord image;
      image.storageKey = key;
      image.url = "/media/x.jpg";
      replace(ImageKind::kProfile, image);
      links_->refresh("alice", key_);
      CPPUNIT_ASSERT_MESSAGE(key, !fs::exists(links_->directoryOf(ImageKind::kProfile, key_)));
    }
    // A variant with an unsafe name or key is left out, the rest linked.
    db::ImageRecord image = record("aa", "jpg", {"128"});
    image.variants.push_back({"../x", "resume/images/aa/aa_x.jpg", "/media/x", 1, 1});
    image.variants.push_back({"96", "../../etc/passwd.jpg", "/media/y", 1, 1});
    replace(ImageKind::kProfile, image);
    links_->refresh("alice", key_);
    CPPUNIT_ASSERT_EQUAL(std::string("128.jpg,image.jpg"),
                         entries(links_->directoryOf(ImageKind::kProfile, key_)));
  }

  void testRemoveAllTakesTheWholeTree() {
    replace(ImageKind::kProfile, record("aa", "jpg", {"128"}));
    links_->refresh("alice", key_);
    StaticLinks::removeAll(root_);
    CPPUNIT_ASSERT(!fs::exists(root_ / "public"));
    CPPUNIT_ASSERT(fs::exists(root_ / "resume/images/aa/aa.jpg"));  // objects untouched
  }

 private:
  // An image stored as real files under the media root: <dir>/<id>/<id>.<ext>
  // and a variant <id>_<name>.<ext> per name, plus a WebP sibling of the first.
  db::ImageRecord record(const std::string& id, const std::string& extension,
                         const std::vector<std::string>& names,
                         const std::string& dir = "resume/images") {
    db::ImageRecord image;
    image.storageKey = dir + "/" + id + "/" + id + "." + extension;
    image.url = "/media/" + image.storageKey;
    write(image.storageKey);
    for (const std::string& name : names) {
      const std::string key = dir + "/" + id + "/" + id + "_" + name + "." + extension;
      write(key);
      image.variants.push_back({name, key, "/media/" + key, 1, 1});
    }
    if (!names.empty()) {
      const std::string key = dir + "/" + id + "/" + id + "_" + names[0] + ".webp";
      write(key);
      image.variants.push_back({names[0], key, "/media/" + key, 1, 1, "webp"});
    }
    return image;
  }

  void write(const std::string& key) {
    fs::create_directories((root_ / key).parent_path());
    std::ofstream(root_ / key) << "bytes of " << key;
  }

  void replace(ImageKind kind, const db::ImageRecord& image) {
    CPPUNIT_ASSERT(users_.replaceImage("alice", kind, image, 1).ok());
  }

  static std::string contents(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // The names in `dir`, sorted, comma-separated.
  static std::string entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
    return out;
  }

  fakes::FakeUserRepository users_;
  std::unique_ptr<core::ScopedTempDir> temp_;
  fs::path root_;
  std::unique_ptr<StaticLinks> links_;
  std::string key_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StaticLinksTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
