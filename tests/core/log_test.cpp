#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "core/log.h"
#include "core/temp_dir.h"

namespace userimg::core {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Runs `body` in a child process (logToFile redirects the whole process's
// stderr, which must stay the test runner's) and returns its exit status.
template <typename Body>
int inChild(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

class LogTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LogTest);
  CPPUNIT_TEST(testLinesAndStderrGoToTheFile);
  CPPUNIT_TEST(testReopenAfterRotationWritesTheNewFile);
  CPPUNIT_TEST(testUnwritableFileFailsNamingIt);
  CPPUNIT_TEST(testReopenWithoutFileDoesNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = ScopedTempDir::create(fs::temp_directory_path(), "userimg-log-");
    CPPUNIT_ASSERT_MESSAGE(dir.status().toString(), dir.ok());
    dir_ = std::make_unique<ScopedTempDir>(std::move(dir.value()));
  }
  void tearDown() override { dir_.reset(); }

  void testLinesAndStderrGoToTheFile() {
    const fs::path file = dir_->path() / "app.log";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::info("first line");
      ::fputs("from libvips\n", stderr);
      ::fflush(stderr);
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    const std::string text = slurp(file);
    CPPUNIT_ASSERT_MESSAGE(text, contains(text, "INFO first line\n"));
    CPPUNIT_ASSERT_MESSAGE(text, contains(text, "from libvips\n"));
    struct stat info {};
    CPPUNIT_ASSERT_EQUAL(0, ::stat(file.c_str(), &info));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("mode of a new log file", 0640u,
                                 static_cast<unsigned>(info.st_mode & 0777));
  }

  void testReopenAfterRotationWritesTheNewFile() {
    const fs::path file = dir_->path() / "app.log";
    const fs::path rotated = dir_->path() / "app.log.1";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::warning("before rotation");
      fs::rename(file, rotated);
      log::warning("still the old file");
      if (!log::reopenLogFile().isOk()) return 2;
      log::error("after rotation");
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    const std::string old = slurp(rotated);
    const std::string fresh = slurp(file);
    CPPUNIT_ASSERT_MESSAGE(old, contains(old, "before rotation") && contains(old, "still the old"));
    CPPUNIT_ASSERT_MESSAGE(fresh, contains(fresh, "after rotation") && !contains(fresh, "before"));
  }

  void testUnwritableFileFailsNamingIt() {
    const std::string file = (dir_->path() / "no-such-dir" / "app.log").string();
    const int status = inChild([&] {
      const Status opened = log::logToFile(file);
      if (opened.isOk()) return 1;
      if (!contains(opened.message(), file)) return 2;
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a failure naming the file", 0, status);
  }

  void testReopenWithoutFileDoesNothing() {
    const int status = inChild([] { return log::reopenLogFile().isOk() ? 0 : 1; });
    CPPUNIT_ASSERT_EQUAL(0, status);
  }

 private:
  std::unique_ptr<ScopedTempDir> dir_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LogTest, "core");

}  // namespace
}  // namespace userimg::core
