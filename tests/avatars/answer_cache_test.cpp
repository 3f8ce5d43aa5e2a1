// avatars/answer_cache.h: answers remembered until their time is up or
// anything changes (in this process or another one sharing the generation
// file), a read begun before a change never stored after it, the bound on
// entries; and PublicImages using it: a second lookup of a key reads no
// repository, a rotation through PublicImages is seen at once, and the
// service's hook (Invalidation) invalidates before passing the change on.

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "avatars/answer_cache.h"
#include "avatars/public_images.h"
#include "core/temp_dir.h"
#include "fakes/fake_user_repository.h"

namespace userimg::avatars {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

AnswerCache::SharedUser userNamed(const std::string& id) {
  db::UserRecord user;
  user.id = id;
  user.publicKey = "key-of-" + id;
  return std::make_shared<const db::UserRecord>(std::move(user));
}

// Records what the service's hook passes on.
class RecordingPublished final : public service::PublishedImages {
 public:
  explicit RecordingPublished(AnswerCache& cache) : cache_(cache) {}
  void refresh(const std::string& userId, const std::string& knownKey) override {
    calls.push_back(userId + "/" + knownKey);
    generationSeen = cache_.generation();
  }
  std::vector<std::string> calls;
  std::uint64_t generationSeen = 0;

 private:
  AnswerCache& cache_;
};

class AnswerCacheTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AnswerCacheTest);
  CPPUNIT_TEST(testRemembersUntilTheTtl);
  CPPUNIT_TEST(testRemembersNobodyToo);
  CPPUNIT_TEST(testANewerStoreOfAKeyReplacesItsEntry);
  CPPUNIT_TEST(testAChangeInAnotherProcessMakesEveryEntryStale);
  CPPUNIT_TEST(testAReadBegunBeforeAChangeIsNotStored);
  CPPUNIT_TEST(testHoldsAtMostMaxEntries);
  CPPUNIT_TEST(testWithoutAGenerationFileThisProcessStillInvalidates);
  CPPUNIT_TEST(testPublicImagesReadsOnceAndSeesRotationsAtOnce);
  CPPUNIT_TEST(testInvalidationComesBeforeThePublishedImages);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(fs::temp_directory_path(), "answer-cache-");
    CPPUNIT_ASSERT(dir.ok());
    temp_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    now_ = AnswerCache::Clock::time_point{} + 1h;
  }
  void tearDown() override { temp_.reset(); }

  void testRemembersUntilTheTtl() {
    AnswerCache cache = make(1000ms);
    CPPUNIT_ASSERT(!cache.find("k"));
    cache.store("k", userNamed("ada"), cache.generation());
    auto hit = cache.find("k");
    CPPUNIT_ASSERT(hit && *hit != nullptr && (*hit)->id == "ada");
    CPPUNIT_ASSERT_MESSAGE("a hit shares the record", *hit == *cache.find("k"));
    now_ += 999ms;
    CPPUNIT_ASSERT(cache.find("k"));
    now_ += 1ms;
    CPPUNIT_ASSERT_MESSAGE("expired at the ttl", !cache.find("k"));
    CPPUNIT_ASSERT(!cache.find("other"));
  }

  void testRemembersNobodyToo() {
    AnswerCache cache = make(1000ms);
    cache.store("unknown", nullptr, cache.generation());
    auto hit = cache.find("unknown");
    CPPUNIT_ASSERT_MESSAGE("a remembered 'nobody'", hit && *hit == nullptr);
  }

  void testANewerStoreOfAKeyReplacesItsEntry() {
    AnswerCache cache = make(1000ms);
    cache.store("k", userNamed("ada"), cache.generation());
    now_ += 900ms;
    cache.store("k", userNamed("bob"), cache.generation());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, cache.size());
    now_ += 900ms;  // past the first store's ttl, not the second's
    auto hit = cache.find("k");
    CPPUNIT_ASSERT_MESSAGE("the newer answer, with its own ttl",
                           hit && *hit != nullptr && (*hit)->id == "bob");
  }

  // Two caches on one file: two processes' (a MAP_SHARED mapping each).
  void testAChangeInAnotherProcessMakesEveryEntryStale() {
    AnswerCache mine = make(60000ms);
    AnswerCache theirs = make(60000ms);
    mine.store("a", userNamed("ada"), mine.generation());
    mine.store("b", userNamed("bob"), mine.generation());
    CPPUNIT_ASSERT(mine.find("a") && mine.find("b"));
    theirs.invalidate();
    CPPUNIT_ASSERT_EQUAL(theirs.generation(), mine.generation());
    CPPUNIT_ASSERT_MESSAGE("stale after the other's change", !mine.find("a"));
    CPPUNIT_ASSERT(!mine.find("b"));
    // And the counter outlives the processes: a new one starts from it.
    const std::uint64_t before = mine.generation();
    AnswerCache later = make(60000ms);
    CPPUNIT_ASSERT_EQUAL(before, later.generation());
  }

  void testAReadBegunBeforeAChangeIsNotStored() {
    AnswerCache cache = make(60000ms);
    const std::uint64_t readAt = cache.generation();
    cache.invalidate();  // a commit while the read was on its way
    cache.store("k", userNamed("old"), readAt);
    CPPUNIT_ASSERT_MESSAGE("the pre-change read was kept", !cache.find("k"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, cache.size());
  }

  void testHoldsAtMostMaxEntries() {
    AnswerCache cache(temp_->path() / "gen", 1000ms, 3, [this] { return now_; });
    for (int i = 0; i < 10; ++i) {
      cache.store("k" + std::to_string(i), userNamed(std::to_string(i)), cache.generation());
      CPPUNIT_ASSERT(cache.size() <= 3);
      CPPUNIT_ASSERT_MESSAGE("the newest entry is kept", cache.find("k" + std::to_string(i)));
    }
  }

  void testWithoutAGenerationFileThisProcessStillInvalidates() {
    AnswerCache cache(temp_->path() / "missing-dir" / "gen", 60000ms, 16, [this] { return now_; });
    cache.store("k", userNamed("ada"), cache.generation());
    CPPUNIT_ASSERT(cache.find("k"));
    cache.invalidate();
    CPPUNIT_ASSERT(!cache.find("k"));
  }

  void testPublicImagesReadsOnceAndSeesRotationsAtOnce() {
    fakes::FakeUserRepository users;
    const db::UserRecord ada = users.ensureUser({"ada", "", ""}, true, 1).value();
    AnswerCache cache = make(60000ms);
    PublicImages images(users, users, &cache);
    auto first = images.userWithKey(ada.publicKey);
    CPPUNIT_ASSERT(first.ok() && first.value() && first.value()->id == "ada");
    // Behind the cache's back (as no process of this host ever does): the
    // remembered answer stands, so the second lookup read nothing.
    CPPUNIT_ASSERT(users.setKey("ada", "BBBBBBBBBBBBBBBBBBBBBB").isOk());
    auto second = images.userWithKey(ada.publicKey);
    CPPUNIT_ASSERT_MESSAGE("answered from memory",
                           second.ok() && second.value() && second.value()->id == "ada");
    // A rotation through PublicImages is seen at once.
    auto rotated = images.rotateKey("ada");
    CPPUNIT_ASSERT(rotated.ok());
    auto old = images.userWithKey(ada.publicKey);
    CPPUNIT_ASSERT_MESSAGE("the rotated key still names ada", old.ok() && !old.value());
    auto next = images.userWithKey(rotated.value());
    CPPUNIT_ASSERT(next.ok() && next.value() && next.value()->id == "ada");
  }

  void testInvalidationComesBeforeThePublishedImages() {
    AnswerCache cache = make(60000ms);
    RecordingPublished links(cache);
    Invalidation hook(cache, &links);
    cache.store("k", userNamed("ada"), cache.generation());
    const std::uint64_t before = cache.generation();
    hook.refresh("ada", "k");
    CPPUNIT_ASSERT(!cache.find("k"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, links.calls.size());
    CPPUNIT_ASSERT_EQUAL(std::string("ada/k"), links.calls.front());
    CPPUNIT_ASSERT_MESSAGE("invalidated before the links were told", links.generationSeen > before);
    Invalidation alone(cache, nullptr);
    alone.refresh("ada", "k");  // no static links (Cloudinary): only the cache
    CPPUNIT_ASSERT(cache.generation() > links.generationSeen);
  }

 private:
  AnswerCache make(std::chrono::milliseconds ttl) {
    return AnswerCache(temp_->path() / "public-cache.generation", ttl, 4096,
                       [this] { return now_; });
  }

  std::unique_ptr<core::ScopedTempDir> temp_;
  AnswerCache::Clock::time_point now_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AnswerCacheTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
