#include "core/failpoint.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace userimg::core::failpoint {
namespace {

namespace fs = std::filesystem;

class FailpointTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FailpointTest);
  CPPUNIT_TEST(testArmedKillEndsTheProcessOnlyInAFailpointBuild);
  CPPUNIT_TEST(testOtherNamesAndActionsArmNothing);
  CPPUNIT_TEST(testNoFileArmsNothing);
  CPPUNIT_TEST(testPauseHoldsUntilDisarmedAndRecordsTheHit);
  CPPUNIT_TEST(testNoteRecordsTheHitAndGoesOn);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    file_ = fs::temp_directory_path() / ("userimg-failpoints-" + std::to_string(::getpid()));
  }
  void tearDown() override {
    std::error_code ignored;
    fs::remove(file_, ignored);
    fs::remove(hits(), ignored);
    ::unsetenv("USERIMG_FAILPOINTS_FILE");
  }

  void testArmedKillEndsTheProcessOnlyInAFailpointBuild() {
    std::ofstream(file_) << "upload.other kill\nupload.stored kill\n";
    ::setenv("USERIMG_FAILPOINTS_FILE", file_.c_str(), 1);
    const int status = inChild("upload.stored");
    if (!compiledIn()) {
      // A build without failpoints (a release) cannot be armed at all.
      CPPUNIT_ASSERT_MESSAGE("armed in a build without failpoints",
                             WIFEXITED(status) && WEXITSTATUS(status) == 0);
      return;
    }
    CPPUNIT_ASSERT_MESSAGE("the child was not killed", WIFSIGNALED(status));
    CPPUNIT_ASSERT_EQUAL(SIGKILL, WTERMSIG(status));
  }

  void testOtherNamesAndActionsArmNothing() {
    std::ofstream(file_) << "upload.stored kill\nupload.spooling sleep\nupload\n";
    ::setenv("USERIMG_FAILPOINTS_FILE", file_.c_str(), 1);
    for (const char* name : {"upload.processed", "upload.spooling", "upload", "upload.stored2"}) {
      const int status = inChild(name);
      CPPUNIT_ASSERT_MESSAGE(name, WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
  }

  void testNoFileArmsNothing() {
    ::setenv("USERIMG_FAILPOINTS_FILE", (file_.string() + "-absent").c_str(), 1);
    const int status = inChild("upload.stored");
    CPPUNIT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ::unsetenv("USERIMG_FAILPOINTS_FILE");
    CPPUNIT_ASSERT(WIFEXITED(inChild("upload.stored")));
  }

  void testPauseHoldsUntilDisarmedAndRecordsTheHit() {
    if (!compiledIn()) return;  // nothing to pause in a release build
    std::ofstream(file_) << "upload.stored pause\n";
    ::setenv("USERIMG_FAILPOINTS_FILE", file_.c_str(), 1);
    const pid_t child = ::fork();
    if (child == 0) {
      hit("upload.stored");
      ::_exit(0);
    }
    for (int i = 0; i < 250 && readHits().empty(); ++i) ::usleep(20'000);
    CPPUNIT_ASSERT_EQUAL(std::string("upload.stored pause\n"), readHits());
    ::usleep(200'000);
    int status = 0;
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the paused child went on while armed", pid_t{0},
                                 ::waitpid(child, &status, WNOHANG));
    std::ofstream(file_, std::ios::trunc) << "upload.stored note\n";  // no longer paused
    CPPUNIT_ASSERT_EQUAL(child, ::waitpid(child, &status, 0));
    CPPUNIT_ASSERT_MESSAGE("the child did not go on once disarmed",
                           WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  void testNoteRecordsTheHitAndGoesOn() {
    std::ofstream(file_) << "upload.queued note\n";
    ::setenv("USERIMG_FAILPOINTS_FILE", file_.c_str(), 1);
    const int first = inChild("upload.queued");
    const int second = inChild("upload.queued");
    const int other = inChild("upload.stored");
    CPPUNIT_ASSERT(WIFEXITED(first) && WEXITSTATUS(first) == 0);
    CPPUNIT_ASSERT(WIFEXITED(second) && WEXITSTATUS(second) == 0);
    CPPUNIT_ASSERT(WIFEXITED(other) && WEXITSTATUS(other) == 0);
    CPPUNIT_ASSERT_EQUAL(
        compiledIn() ? std::string("upload.queued note\nupload.queued note\n") : std::string(),
        readHits());
  }

 private:
  fs::path hits() const { return file_.string() + ".hits"; }

  std::string readHits() const {
    std::ifstream in(hits());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // hit(name) in a forked child that exits 0 if it returns; its wait status.
  static int inChild(const char* name) {
    const pid_t child = ::fork();
    if (child == 0) {
      hit(name);
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
  }

  fs::path file_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FailpointTest, "core");

}  // namespace
}  // namespace userimg::core::failpoint
