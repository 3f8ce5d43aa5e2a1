// ScratchDir and sweepAbandonedScratch: a process's temp files are removed
// once it is dead (its lock free), never while it lives.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/scratch_dir.h"

namespace userimg::core {
namespace {

namespace fs = std::filesystem;

// The names in `dir`, sorted, space-separated.
std::string entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : " ") + name;
  return joined;
}

void age(const fs::path& path, std::chrono::seconds by) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - by);
}

class ScratchDirTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ScratchDirTest);
  CPPUNIT_TEST(testClaimMakesPrivateDirectoryAndLockRemovedAtEnd);
  CPPUNIT_TEST(testSweepLeavesALiveProcessesDirectory);
  CPPUNIT_TEST(testSweepRemovesTheDirectoryOfAProcessKilledWithSigkill);
  CPPUNIT_TEST(testSweepRemovesADirectoryWhoseLockIsFree);
  CPPUNIT_TEST(testSweepRemovesADirectoryWithoutLock);
  CPPUNIT_TEST(testSweepRemovesOldTopLevelSpoolFilesOnly);
  CPPUNIT_TEST(testSweepOfMissingDirectoryIsEmpty);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-scratch-XXXXXX").string();
    CPPUNIT_ASSERT(::mkdtemp(pattern.data()) != nullptr);
    temp_ = pattern;
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(temp_, ignored);
  }

  void testClaimMakesPrivateDirectoryAndLockRemovedAtEnd() {
    fs::path dir;
    {
      auto scratch = ScratchDir::claim(temp_ / "tmp");
      CPPUNIT_ASSERT_MESSAGE(scratch.status().toString(), scratch.ok());
      dir = scratch.value()->path();
      CPPUNIT_ASSERT(fs::is_directory(dir));
      CPPUNIT_ASSERT_EQUAL(temp_ / "tmp", dir.parent_path());
      CPPUNIT_ASSERT_MESSAGE("named proc-*", dir.filename().string().rfind("proc-", 0) == 0);
      CPPUNIT_ASSERT_MESSAGE(
          "0700", (fs::status(dir).permissions() & fs::perms::all) == fs::perms::owner_all);
      CPPUNIT_ASSERT(fs::exists(dir.string() + ".lock"));
      std::ofstream(dir / "upload-1") << "spooled";
    }
    CPPUNIT_ASSERT_MESSAGE("directory and lock are removed with the object",
                           entries(temp_ / "tmp").empty());
  }

  void testSweepLeavesALiveProcessesDirectory() {
    auto scratch = ScratchDir::claim(temp_);
    CPPUNIT_ASSERT(scratch.ok());
    const fs::path dir = scratch.value()->path();
    std::ofstream(dir / "upload-1") << "spooled";
    age(dir, std::chrono::hours(48));
    const ScratchSweep swept = sweepAbandonedScratch(temp_, 0);
    CPPUNIT_ASSERT_EQUAL(0, swept.abandonedDirs);
    CPPUNIT_ASSERT_MESSAGE("a live owner's files stay, however old", fs::exists(dir / "upload-1"));
    CPPUNIT_ASSERT(fs::exists(dir.string() + ".lock"));
  }

  void testSweepRemovesTheDirectoryOfAProcessKilledWithSigkill() {
    int pipeFds[2];
    CPPUNIT_ASSERT_EQUAL(0, ::pipe(pipeFds));
    const pid_t child = ::fork();
    CPPUNIT_ASSERT(child >= 0);
    if (child == 0) {
      ::close(pipeFds[0]);
      auto scratch = ScratchDir::claim(temp_);
      if (scratch.ok()) std::ofstream(scratch.value()->path() / "upload-x") << "half an upload";
      const char done = scratch.ok() ? 'y' : 'n';
      [[maybe_unused]] ssize_t n = ::write(pipeFds[1], &done, 1);
      ::kill(::getpid(), SIGKILL);
      ::_exit(1);
    }
    ::close(pipeFds[1]);
    char claimed = 0;
    CPPUNIT_ASSERT_EQUAL(ssize_t{1}, ::read(pipeFds[0], &claimed, 1));
    ::close(pipeFds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CPPUNIT_ASSERT_EQUAL('y', claimed);
    CPPUNIT_ASSERT_MESSAGE("the child died of SIGKILL", WIFSIGNALED(status));
    const std::string left = entries(temp_);
    CPPUNIT_ASSERT_MESSAGE(
        "a directory and its lock were left: " + left,
        left.find(".lock") != std::string::npos && left.find(' ') != std::string::npos);

    const ScratchSweep swept = sweepAbandonedScratch(temp_);
    CPPUNIT_ASSERT_EQUAL(1, swept.abandonedDirs);
    CPPUNIT_ASSERT_MESSAGE("nothing of the dead process is left", entries(temp_).empty());
  }

  void testSweepRemovesADirectoryWhoseLockIsFree() {
    fs::create_directories(temp_ / "proc-AbC123");
    std::ofstream(temp_ / "proc-AbC123" / "upload-1") << "x";
    std::ofstream(temp_ / "proc-AbC123.lock") << "";
    // Young as it is: a free lock is a dead owner, whatever the age.
    CPPUNIT_ASSERT_EQUAL(1, sweepAbandonedScratch(temp_).abandonedDirs);
    CPPUNIT_ASSERT(entries(temp_).empty());
  }

  void testSweepRemovesADirectoryWithoutLock() {
    fs::create_directories(temp_ / "proc-XyZ789" / "work-1");
    CPPUNIT_ASSERT_EQUAL(1, sweepAbandonedScratch(temp_).abandonedDirs);
    CPPUNIT_ASSERT(entries(temp_).empty());
  }

  void testSweepRemovesOldTopLevelSpoolFilesOnly() {
    std::ofstream(temp_ / "upload-old") << "x";
    fs::create_directories(temp_ / "work-old");
    std::ofstream(temp_ / "upload-new") << "x";
    std::ofstream(temp_ / "unrelated") << "x";
    age(temp_ / "upload-old", std::chrono::hours(2));
    age(temp_ / "work-old", std::chrono::hours(2));
    age(temp_ / "unrelated", std::chrono::hours(2));
    const ScratchSweep swept = sweepAbandonedScratch(temp_, 3600);
    CPPUNIT_ASSERT_EQUAL(2, swept.staleEntries);
    CPPUNIT_ASSERT_EQUAL(std::string("unrelated upload-new"), entries(temp_));
  }

  void testSweepOfMissingDirectoryIsEmpty() {
    const ScratchSweep swept = sweepAbandonedScratch(temp_ / "missing");
    CPPUNIT_ASSERT_EQUAL(0, swept.abandonedDirs + swept.staleEntries);
  }

 private:
  fs::path temp_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ScratchDirTest, "core");

}  // namespace
}  // namespace userimg::core
