// The fault matrix's crashes (suite "faults"): the app killed (SIGKILL, by
// a failpoint: lib/core/failpoint.h) at each stage of a replace, then
// restarted; every time the previous image stays served while the app is
// down, the user ends with exactly one whole image (the previous one when
// the crash came before the commit, the new one after it) and
// checkInvariants() passes. Runs on the nginx stacks of both databases
// (integration.sqlite.faults, integration.mysql.faults) in builds with
// failpoints (-DUSERIMG_FAILPOINTS=ON, what scripts/test builds).
//
//   USERIMG_IT_FAILPOINTS  the file the stack's app reads its failpoints from

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "integration/failpoints.h"
#include "integration/gc_support.h"
#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

// One replace through `surface`, killed at `failpoint`.
struct Crash {
  const char* failpoint;
  bool committed;  // whether the new image is the user's after the crash
  bool surfaceA;   // POST /api/resume/user-images/ (else /users/me/profile-image)
};

class FaultsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FaultsTest);
  CPPUNIT_TEST(testKilledWhileTheBodyIsSpooled);
  CPPUNIT_TEST(testKilledAfterTheImageIsProcessed);
  CPPUNIT_TEST(testKilledAfterTheObjectsAreStoredBeforeTheCommit);
  CPPUNIT_TEST(testKilledAfterTheCommitBeforeTheOldObjectsGo);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override {
    disarmFailpoints();
    // Whatever happened, leave the stack with a live app for the next test.
    if (appProcesses() == 0) controlApp("up");
  }

  void testKilledWhileTheBodyIsSpooled() { crashAt({"upload.spooling", false, false}); }
  void testKilledAfterTheImageIsProcessed() { crashAt({"upload.processed", false, true}); }
  void testKilledAfterTheObjectsAreStoredBeforeTheCommit() {
    crashAt({"upload.stored", false, false});
  }
  void testKilledAfterTheCommitBeforeTheOldObjectsGo() {
    crashAt({"upload.committed", true, true});
  }

 private:
  static Reply replace(const Crash& crash, const std::string& token, const std::string& png) {
    if (crash.surfaceA) {
      return postMultipart("/api/resume/user-images/", token,
                           {{"profile_image", "new.png", "image/png", png}});
    }
    return postMultipart("/users/me/profile-image", token, {{"file", "new.png", "image/png", png}});
  }

  static std::string profileUrl(const std::string& token) {
    return get("/users/me", token).jsonString("profile_image_url");
  }

  void crashAt(const Crash& crash) {
    const std::string token = mintToken(uniqueUserId(std::string("fault-") + crash.failpoint));
    Reply first = postMultipart("/users/me/profile-image", token,
                                {{"file", "old.png", "image/png", pngImage(300, 200)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string before = profileUrl(token);
    const std::vector<std::string> oldUrls = mediaUrlsOf(token);

    armFailpoints({std::string(crash.failpoint) + " kill"});
    try {
      const Reply killed = replace(crash, token, pngImage(320, 240));
      // The web server's answer for a request whose app died under it.
      assertFaultAnswer(killed, crash.surfaceA ? "error" : "detail");
      CPPUNIT_ASSERT_MESSAGE("the killed upload succeeded: " + killed.describe(),
                             killed.status >= 500);
    } catch (const CppUnit::Exception&) {
      throw;
    } catch (const std::exception&) {
      // The connection died with the app: as good an answer.
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        std::string("the failpoint ") + crash.failpoint + " did not kill the app", 0,
        appProcesses());
    // While the app is down the web server still serves the stored image.
    for (const std::string& url : oldUrls) assertMediaServed(url);

    disarmFailpoints();
    controlApp("kill");  // clears what the dead process left, starts it again
    const std::string after = profileUrl(token);
    // Start-up removed what the dead process left in the temp directory
    // (before any gc: checkInvariants() runs one).
    std::string left;
    const bool swept = eventually([&] {
      left = unownedTempEntries(stackTempDir());
      return left.empty();
    });
    CPPUNIT_ASSERT_MESSAGE("temp entries of the killed process after the restart:" + left, swept);
    if (crash.committed) {
      CPPUNIT_ASSERT_MESSAGE("the committed replace was lost: still " + before, after != before);
    } else {
      CPPUNIT_ASSERT_EQUAL_MESSAGE("an uncommitted replace changed the image", before, after);
    }
    checkInvariants({token});
    if (crash.committed) {
      // gc's sweep took the replaced objects the dead process queued.
      for (const std::string& url : oldUrls) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the replaced " + url + " is still served", 404,
                                     get(url, "").status);
      }
    }
    // And the next upload works as if nothing happened.
    Reply next = replace(crash, token, pngImage(200, 200));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(next.describe(), 200, next.status);
    checkInvariants({token});
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FaultsTest, "faults");

}  // namespace
}  // namespace userimg::it
