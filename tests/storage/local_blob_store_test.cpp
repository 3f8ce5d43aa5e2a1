#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/key_naming.h"
#include "storage/local/local_blob_store.h"

namespace userimg::storage {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every regular file under `dir`, relative to it.
std::set<std::string> filesUnder(const fs::path& dir) {
  std::set<std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.insert(fs::relative(entry.path(), dir).string());
  }
  return files;
}

class LocalBlobStoreTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LocalBlobStoreTest);
  CPPUNIT_TEST(testPutCopiesBytesExactlyUnderRoot);
  CPPUNIT_TEST(testPutUsesFolderOfKind);
  CPPUNIT_TEST(testPutCreatesWorldReadableFile);
  CPPUNIT_TEST(testPutLeavesNoTemporaryFiles);
  CPPUNIT_TEST(testPutKeepsSource);
  CPPUNIT_TEST(testUrlIsPrefixPlusKey);
  CPPUNIT_TEST(testPrefixWithoutSlashGetsOne);
  CPPUNIT_TEST(testRemoveDeletesObject);
  CPPUNIT_TEST(testRemoveOfMissingKeySucceeds);
  CPPUNIT_TEST(testRemoveRefusesMalformedKeysAndTouchesNothingOutsideRoot);
  CPPUNIT_TEST(testPutFailsCleanlyWhenRootIsRegularFile);
  CPPUNIT_TEST(testPutFailsCleanlyWhenSourceIsMissing);
  CPPUNIT_TEST(testConcurrentPutsProduceDistinctFiles);
  CPPUNIT_TEST(testPutAllStoresEveryObjectOrNone);
  CPPUNIT_TEST(testProbeWritesAndRemovesAFileUnderRoot);
  CPPUNIT_TEST(testProbeFailsWhenRootIsNotWritable);
  CPPUNIT_TEST(testListsAbandonedTempFilesOnlyOnceOld);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-local-XXXXXX").string();
    CPPUNIT_ASSERT_MESSAGE("mkdtemp failed", ::mkdtemp(pattern.data()) != nullptr);
    base_ = pattern;
    root_ = base_ / "media";
    source_ = base_ / "source.bin";
    content_.clear();
    for (int i = 0; i < 200'000; ++i) content_.push_back(static_cast<char>((i * 131) % 256));
    std::ofstream(source_, std::ios::binary) << content_;
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  void testProbeWritesAndRemovesAFileUnderRoot() {
    fs::create_directories(root_);
    LocalBlobStore store(options());
    const core::Status probed = store.probe();
    CPPUNIT_ASSERT_MESSAGE(probed.toString(), probed.isOk());
    CPPUNIT_ASSERT(fs::is_empty(root_));  // nothing left behind
  }

  void testProbeFailsWhenRootIsNotWritable() {
    // A file where the media root should be: nothing can be created in it
    // (root or not).
    std::ofstream(root_) << "not a directory";
    LocalBlobStore store(options());
    const core::Status probed = store.probe();
    CPPUNIT_ASSERT(probed.code() == core::StatusCode::kStorageFailed);
    CPPUNIT_ASSERT(probed.message().find("not writable") != std::string::npos);
    fs::remove(root_);
    CPPUNIT_ASSERT(store.probe().code() == core::StatusCode::kStorageFailed);  // missing
  }

  void testPutCopiesBytesExactlyUnderRoot() {
    LocalBlobStore store(options());
    auto object = store.put(request(core::ImageKind::kProfile));
    CPPUNIT_ASSERT_MESSAGE("put failed: " + object.status().toString(), object.ok());
    CPPUNIT_ASSERT_MESSAGE("the key must be well formed: " + object->key,
                           isWellFormedKey(object->key));
    const fs::path stored = root_ / object->key;
    CPPUNIT_ASSERT_MESSAGE("the object must be at root/key", fs::is_regular_file(stored));
    CPPUNIT_ASSERT_MESSAGE("the stored bytes must equal the source's",
                           readFile(stored) == content_);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("bytes must report the size",
                                 static_cast<std::int64_t>(content_.size()), object->bytes);
  }

  void testPutUsesFolderOfKind() {
    LocalBlobStore store(options());
    auto profile = store.put(request(core::ImageKind::kProfile));
    auto cover = store.put(request(core::ImageKind::kCover));
    CPPUNIT_ASSERT_MESSAGE("put failed", profile.ok() && cover.ok());
    CPPUNIT_ASSERT_MESSAGE("profile key under profile dir: " + profile->key,
                           profile->key.rfind("resume/images/", 0) == 0);
    CPPUNIT_ASSERT_MESSAGE("cover key under cover dir: " + cover->key,
                           cover->key.rfind("resume/covers/", 0) == 0);
    CPPUNIT_ASSERT_MESSAGE(
        "key must end with the extension: " + profile->key,
        profile->key.size() > 4 && profile->key.compare(profile->key.size() - 4, 4, ".png") == 0);
  }

  void testPutCreatesWorldReadableFile() {
    const mode_t previous = ::umask(077);  // even under a strict umask
    LocalBlobStore store(options());
    auto object = store.put(request(core::ImageKind::kProfile));
    ::umask(previous);
    CPPUNIT_ASSERT_MESSAGE("put failed: " + object.status().toString(), object.ok());
    struct stat info {};
    CPPUNIT_ASSERT_EQUAL(0, ::stat((root_ / object->key).c_str(), &info));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("stored files must be 0644", 0644,
                                 static_cast<int>(info.st_mode & 07777));
  }

  void testPutLeavesNoTemporaryFiles() {
    LocalBlobStore store(options());
    std::set<std::string> keys;
    for (int i = 0; i < 5; ++i) {
      auto object = store.put(request(i % 2 ? core::ImageKind::kCover : core::ImageKind::kProfile));
      CPPUNIT_ASSERT_MESSAGE("put failed: " + object.status().toString(), object.ok());
      keys.insert(object->key);
    }
    CPPUNIT_ASSERT_MESSAGE("only the stored objects may be under root (no .upload- files)",
                           filesUnder(root_) == keys);
  }

  void testPutKeepsSource() {
    LocalBlobStore store(options());
    auto object = store.put(request(core::ImageKind::kProfile));
    CPPUNIT_ASSERT_MESSAGE("put failed: " + object.status().toString(), object.ok());
    CPPUNIT_ASSERT_MESSAGE("put must copy, not move, the source", readFile(source_) == content_);
  }

  void testUrlIsPrefixPlusKey() {
    LocalBlobStoreOptions opts = options();
    opts.mediaPrefix = "https://cdn.example/media/";
    LocalBlobStore store(opts);
    auto object = store.put(request(core::ImageKind::kCover));
    CPPUNIT_ASSERT_MESSAGE("put failed: " + object.status().toString(), object.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("https://cdn.example/media/") + object->key, object->url);
    CPPUNIT_ASSERT_EQUAL(std::string("https://cdn.example/media/a/b.jpg"), store.url("a/b.jpg"));
  }

  void testPrefixWithoutSlashGetsOne() {
    LocalBlobStoreOptions opts = options();
    opts.mediaPrefix = "/media";
    LocalBlobStore store(opts);
    CPPUNIT_ASSERT_EQUAL(std::string("/media/a/b.jpg"), store.url("a/b.jpg"));
  }

  void testRemoveDeletesObject() {
    LocalBlobStore store(options());
    auto object = store.put(request(core::ImageKind::kProfile));
    CPPUNIT_ASSERT_MESSAGE("put failed: " + object.status().toString(), object.ok());
    const core::Status removed = store.remove(object->key);
    CPPUNIT_ASSERT_MESSAGE("remove failed: " + removed.toString(), removed.isOk());
    CPPUNIT_ASSERT_MESSAGE("the file must be gone", !fs::exists(root_ / object->key));
  }

  void testRemoveOfMissingKeySucceeds() {
    LocalBlobStore store(options());
    const std::string key = newKey("resume/images", "jpg");
    const core::Status removed = store.remove(key);
    CPPUNIT_ASSERT_MESSAGE("removing an absent key must succeed: " + removed.toString(),
                           removed.isOk());
  }

  void testRemoveRefusesMalformedKeysAndTouchesNothingOutsideRoot() {
    LocalBlobStore store(options());
    fs::create_directories(root_);
    const fs::path victim = base_ / "victim.txt";
    std::ofstream(victim) << "keep me";
    for (const std::string& key :
         {std::string("../victim.txt"), std::string("resume/../../victim.txt"),
          (base_ / "victim.txt").string(), std::string("")}) {
      const core::Status removed = store.remove(key);
      CPPUNIT_ASSERT_MESSAGE("removing '" + key + "' must be refused", !removed.isOk());
      CPPUNIT_ASSERT_MESSAGE("a refused key must be reported as kInternal: " + removed.toString(),
                             removed.code() == core::StatusCode::kInternal);
      CPPUNIT_ASSERT_MESSAGE("removing '" + key + "' must not touch files outside root",
                             fs::exists(victim));
    }
  }

  void testPutFailsCleanlyWhenRootIsRegularFile() {
    std::ofstream(root_) << "a file where the media root should be";
    LocalBlobStore store(options());
    auto object = store.put(request(core::ImageKind::kProfile));
    CPPUNIT_ASSERT_MESSAGE("put under a file root must fail", !object.ok());
    CPPUNIT_ASSERT_MESSAGE("the failure must be kStorageFailed: " + object.status().toString(),
                           object.status().code() == core::StatusCode::kStorageFailed);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the root file must be untouched",
                                 std::string("a file where the media root should be"),
                                 readFile(root_));
    CPPUNIT_ASSERT_MESSAGE("nothing may be left next to the root",
                           filesUnder(base_) == (std::set<std::string>{"media", "source.bin"}));
  }

  void testPutFailsCleanlyWhenSourceIsMissing() {
    LocalBlobStore store(options());
    PutRequest missing = request(core::ImageKind::kProfile);
    missing.source = base_ / "does-not-exist";
    auto object = store.put(missing);
    CPPUNIT_ASSERT_MESSAGE("put of a missing source must fail", !object.ok());
    CPPUNIT_ASSERT_MESSAGE("the failure must be kStorageFailed: " + object.status().toString(),
                           object.status().code() == core::StatusCode::kStorageFailed);
    CPPUNIT_ASSERT_MESSAGE("no file may be left under root", filesUnder(root_).empty());
  }

  void testPutAllStoresEveryObjectOrNone() {
    LocalBlobStore store(options());
    auto image = store.put(request(core::ImageKind::kProfile));
    CPPUNIT_ASSERT_MESSAGE(image.status().toString(), image.ok());
    std::vector<PutRequest> variants;
    for (const char* name : {"64", "128", "256"}) {
      PutRequest variant = request(core::ImageKind::kProfile);
      variant.key = variantKey(image->key, name);
      variants.push_back(variant);
    }
    auto stored = store.putAll(variants);
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, stored->size());
    for (std::size_t i = 0; i < variants.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(variants[i].key, (*stored)[i].key);
      CPPUNIT_ASSERT_EQUAL(store.url(variants[i].key), (*stored)[i].url);
      CPPUNIT_ASSERT(readFile(root_ / (*stored)[i].key) == content_);
    }
    const std::set<std::string> before = filesUnder(root_);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, before.size());

    // The last one fails: the two before it are taken back.
    std::vector<PutRequest> failing;
    for (const char* name : {"a", "b", "c"}) {
      PutRequest variant = request(core::ImageKind::kProfile);
      variant.key = variantKey(image->key, name);
      failing.push_back(variant);
    }
    failing.back().source = base_ / "does-not-exist";
    auto refused = store.putAll(failing);
    CPPUNIT_ASSERT(refused.status().code() == core::StatusCode::kStorageFailed);
    CPPUNIT_ASSERT_MESSAGE("nothing of a failed putAll may be left", filesUnder(root_) == before);
  }

  void testConcurrentPutsProduceDistinctFiles() {
    LocalBlobStore store(options());
    constexpr int kThreads = 8;
    constexpr int kPerThread = 10;
    std::mutex mutex;
    std::vector<std::string> keys;
    std::vector<std::string> failures;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto object =
              store.put(request(t % 2 ? core::ImageKind::kCover : core::ImageKind::kProfile));
          std::lock_guard lock(mutex);
          if (object) {
            keys.push_back(object->key);
          } else {
            failures.push_back(object.status().toString());
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    CPPUNIT_ASSERT_MESSAGE("no concurrent put may fail: " + (failures.empty() ? "" : failures[0]),
                           failures.empty());
    const std::set<std::string> distinct(keys.begin(), keys.end());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("every put must get its own key",
                                 static_cast<std::size_t>(kThreads * kPerThread), distinct.size());
    CPPUNIT_ASSERT_MESSAGE("exactly the stored files must be under root",
                           filesUnder(root_) == distinct);
    for (const std::string& key : distinct) {
      CPPUNIT_ASSERT_MESSAGE("concurrently stored " + key + " must be complete",
                             readFile(root_ / key) == content_);
    }
  }

  void testListsAbandonedTempFilesOnlyOnceOld() {
    // What put() leaves when its process is killed between mkstemp and
    // rename: a dot file beside the objects. Once older than the cut-off it
    // is listed (for gc) and remove() takes it; a fresh one is not listed.
    LocalBlobStore store(options());
    auto object = store.put(request(core::ImageKind::kProfile));
    CPPUNIT_ASSERT(object.ok());
    const fs::path dir = (root_ / object->key).parent_path();
    const std::string stale = fs::relative(dir / ".upload-Ab3xY9", root_).string();
    const std::string fresh = fs::relative(dir / ".upload-Zz9qQ1", root_).string();
    std::ofstream(root_ / stale) << "half an image";
    std::ofstream(root_ / fresh) << "still being written";
    const auto now = fs::file_time_type::clock::now();
    fs::last_write_time(root_ / stale, now - std::chrono::hours(2));
    fs::last_write_time(root_ / object->key, now - std::chrono::hours(2));
    const std::int64_t anHourAgo = std::time(nullptr) - 3600;

    auto listed = store.list(core::ImageKind::kProfile, anHourAgo);
    CPPUNIT_ASSERT(listed.ok());
    std::set<std::string> keys;
    for (const ListedObject& found : listed.value()) keys.insert(found.key);
    CPPUNIT_ASSERT_MESSAGE("the stale temp file and the old object are listed",
                           keys == (std::set<std::string>{object->key, stale}));
    CPPUNIT_ASSERT(store.remove(stale).isOk());
    CPPUNIT_ASSERT(!fs::exists(root_ / stale));
    CPPUNIT_ASSERT(fs::exists(root_ / fresh));
  }

 private:
  LocalBlobStoreOptions options() const {
    LocalBlobStoreOptions opts;
    opts.root = root_;
    return opts;
  }

  PutRequest request(core::ImageKind kind) const {
    return PutRequest{kind, source_, "png", "image/png"};
  }

  fs::path base_;
  fs::path root_;
  fs::path source_;
  std::string content_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LocalBlobStoreTest, "storage");

}  // namespace
}  // namespace userimg::storage
