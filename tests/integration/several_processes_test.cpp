// Several userimg-fcgi processes on one database (suite
// "several_processes", issue 12), the way mod_fcgid or two hosts run it:
// integration.mysql-processes has three processes on one MariaDB and one
// media tree behind one nginx upstream (round robin), each with its own
// sweeper every second (stack.sh --processes 3):
//  - concurrent replaces of one user's image, spread over the processes,
//    end with one image and no orphan;
//  - a replaced object that cannot be removed is left to the sweepers of
//    all three processes, and while one of them holds it (paused by the
//    failpoint "sweeper.claimed") no other takes it (a lease:
//    db::UserRepository::claimPendingDeletion); it is removed once it can be;
//  - `userimgctl gc --apply` run while they serve uploads removes nothing
//    that is referenced or in flight.
// Each ends with the invariant checker.
//
//   USERIMG_IT_FAILPOINTS  the processes' failpoints file

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "integration/failpoints.h"
#include "integration/gc_support.h"
#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

constexpr int kProcesses = 3;

Reply replace(const std::string& token, int width, bool surfaceA) {
  return uploadProfilePng(token, pngImage(width, 70), surfaceA);
}

class SeveralProcessesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SeveralProcessesTest);
  CPPUNIT_TEST(testConcurrentReplacesAcrossProcessesLeaveOneImage);
  CPPUNIT_TEST(testOneSweeperAtATimeWorksADeletion);
  CPPUNIT_TEST(testGcWhileTheyServeRemovesNothingInUse);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override { disarmFailpoints(); }

  void setUp() override {
    CPPUNIT_ASSERT_EQUAL_MESSAGE("userimg-fcgi processes running", kProcesses, appProcesses());
  }

  void testConcurrentReplacesAcrossProcessesLeaveOneImage() {
    const std::string token = mintToken(uniqueUserId("sp-race"));
    Reply first = replace(token, 100, false);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    // More at once than processes: round robin hands each process several.
    std::vector<std::future<Reply>> replaces;
    for (int i = 0; i < 4 * kProcesses; ++i) {
      replaces.push_back(
          std::async(std::launch::async, [&, i] { return replace(token, 60 + i, i % 2 == 0); }));
    }
    for (auto& pending : replaces) {
      const Reply reply = pending.get();
      CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    }
    const std::string current = currentImages(token).profile;
    CPPUNIT_ASSERT_MESSAGE("no image after the race: " + current,
                           current.rfind(profileUrlPrefix(), 0) == 0);
    checkInvariants({token});
  }

  void testOneSweeperAtATimeWorksADeletion() {
    const std::string token = mintToken(uniqueUserId("sp-sweep"));
    Reply first = replace(token, 120, false);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string url = currentImages(token).profile;
    {
      UndeletableFile stuck(mediaPathFor(url));
      // The replace cannot remove the old object: it is deferred for 1 s
      // ([deletions] retry_seconds), then due for every process's sweeper.
      Reply second = replace(token, 130, true);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(second.describe(), 200, second.status);
      // Armed only now: between the replace's commit and its own claim of
      // the old objects, a sweeper may claim one of its (removable) variants,
      // which would be paused in place of the stuck one. By the answer the
      // variants are gone and the stuck object is the only deletion left.
      armFailpoints({"sweeper.claimed pause"});
      awaitFailpoint("sweeper.claimed", 1, 15.0);
      // One sweeper holds it. Each process sweeps every second: three more
      // sweeps each, and none may take it.
      std::this_thread::sleep_for(std::chrono::milliseconds(3500));
      CPPUNIT_ASSERT_EQUAL_MESSAGE("sweepers that took the held deletion", 1,
                                   failpointHits("sweeper.claimed"));
      // Release the holder; its removal fails (still stuck) and is deferred.
      // The file comes back only once that failure is on record: restored
      // earlier, the holder could find no file, count it removed, and the
      // restored file would stay behind.
      armFailpoints({"sweeper.deferred note"});
      awaitFailpoint("sweeper.deferred", 1, 15.0);
      disarmFailpoints();
    }
    // A later sweep removes it once it can; a sweep between the deferral and
    // the restore may fail once more and double the delay (to 4 s).
    assertMediaGone(url, 15.0);
    checkInvariants({token});
  }

  void testGcWhileTheyServeRemovesNothingInUse() {
    std::vector<std::string> tokens;
    for (int i = 0; i < kProcesses; ++i) tokens.push_back(mintToken(uniqueUserId("sp-gc")));
    std::vector<std::future<std::vector<Reply>>> uploads;
    for (int i = 0; i < kProcesses; ++i) {
      uploads.push_back(std::async(std::launch::async, [&, i] {
        std::vector<Reply> replies;
        for (int n = 0; n < 6; ++n) replies.push_back(replace(tokens[i], 80 + n, (n + i) % 2 == 0));
        return replies;
      }));
    }
    for (int round = 0; round < 3; ++round) {
      const CommandResult gc = runCtl({"gc", "--apply"});
      CPPUNIT_ASSERT_EQUAL_MESSAGE("gc --apply while serving: " + gc.output, 0, gc.exitCode);
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    for (auto& pending : uploads) {
      for (const Reply& reply : pending.get()) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
      }
    }
    checkInvariants(tokens);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SeveralProcessesTest, "several_processes");

}  // namespace
}  // namespace userimg::it
