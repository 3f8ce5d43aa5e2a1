#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/log.h"
#include "core/temp_dir.h"
#include "support/log_capture.h"

namespace userimg::core {
namespace {

namespace fs = std::filesystem;
using testing::inChild;
using testing::slurp;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class LogTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LogTest);
  CPPUNIT_TEST(testLinesAndStderrGoToTheFile);
  CPPUNIT_TEST(testReopenAfterRotationWritesTheNewFile);
  CPPUNIT_TEST(testUnwritableFileFailsNamingIt);
  CPPUNIT_TEST(testReopenWithoutFileDoesNothing);
  CPPUNIT_TEST(testLinesOfARequestCarryItsIdUntilTheScopeEnds);
  CPPUNIT_TEST(testJsonFormatAppliesToEveryLine);
  CPPUNIT_TEST(testAccessLinesIgnoreTheLevel);
  CPPUNIT_TEST(testBufferedAccessLinesWaitForAFlush);
  CPPUNIT_TEST(testLinesStayHeldUntilTheLastBufferingEnds);
  CPPUNIT_TEST(testBufferedAccessLinesGoOutInBatchesOfWholeLines);
  CPPUNIT_TEST(testAStalledBatchWriteHoldsUpNoNewLine);
  CPPUNIT_TEST(testReopenWritesHeldLinesToTheOldFile);
  CPPUNIT_TEST(testTimestampsKeepTheirFormAcrossSeconds);
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

  void testLinesOfARequestCarryItsIdUntilTheScopeEnds() {
    const fs::path file = dir_->path() / "app.log";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      {
        const log::RequestIdScope scope("req-42");
        log::error("inside");
        std::thread([] { log::error("other thread"); }).join();
      }
      log::error("after");
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    const std::string text = slurp(file);
    CPPUNIT_ASSERT_MESSAGE(text, contains(text, "ERROR request_id=req-42 inside\n"));
    CPPUNIT_ASSERT_MESSAGE(text, contains(text, "ERROR other thread\n"));
    CPPUNIT_ASSERT_MESSAGE(text, contains(text, "ERROR after\n"));
  }

  void testJsonFormatAppliesToEveryLine() {
    const fs::path file = dir_->path() / "app.log";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::setFormat(log::Format::kJson);
      const log::RequestIdScope scope("r1");
      log::warning("w");
      log::access({{"request_id", "r1"}, {"status", "200", true}});
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    const std::string text = slurp(file);
    CPPUNIT_ASSERT_MESSAGE(text,
                           contains(text, R"("level":"warning","request_id":"r1","message":"w"})"));
    CPPUNIT_ASSERT_MESSAGE(text,
                           contains(text, R"("level":"access","request_id":"r1","status":200})"));
  }

  void testAccessLinesIgnoreTheLevel() {
    const fs::path file = dir_->path() / "app.log";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::setLevel(log::Level::kError);
      log::info("dropped");
      log::access({{"route", "/users/me"}});
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    const std::string text = slurp(file);
    CPPUNIT_ASSERT_MESSAGE(text, !contains(text, "dropped"));
    CPPUNIT_ASSERT_MESSAGE(text, contains(text, " ACCESS route=/users/me\n"));
  }

  void testBufferedAccessLinesWaitForAFlush() {
    const fs::path file = dir_->path() / "app.log";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::beginAccessBuffering();
      log::access({{"route", "/held"}});
      log::error("at once");
      const std::string before = slurp(file);
      if (contains(before, "/held") || !contains(before, "ERROR at once\n")) return 2;
      log::flushAccess();
      if (!contains(slurp(file), " ACCESS route=/held\n")) return 3;
      log::access({{"route", "/at-the-switch"}});
      log::endAccessBuffering();  // writes what is held
      if (!contains(slurp(file), " ACCESS route=/at-the-switch\n")) return 4;
      log::access({{"route", "/unbuffered"}});
      return contains(slurp(file), " ACCESS route=/unbuffered\n") ? 0 : 5;
    });
    CPPUNIT_ASSERT_EQUAL_MESSAGE(slurp(file), 0, status);
  }

  void testLinesStayHeldUntilTheLastBufferingEnds() {
    const fs::path file = dir_->path() / "app.log";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::beginAccessBuffering();
      log::beginAccessBuffering();  // a second AccessLog in the process
      log::access({{"route", "/held"}});
      log::endAccessBuffering();
      if (contains(slurp(file), "/held")) return 2;  // the other one still holds
      log::access({{"route", "/still-held"}});
      if (contains(slurp(file), "/still-held")) return 3;
      log::endAccessBuffering();  // the last: writes what is held
      const std::string text = slurp(file);
      if (!contains(text, " ACCESS route=/held\n") ||
          !contains(text, " ACCESS route=/still-held\n")) {
        return 4;
      }
      log::endAccessBuffering();  // one too many: changes nothing
      log::access({{"route", "/unbuffered"}});
      return contains(slurp(file), " ACCESS route=/unbuffered\n") ? 0 : 5;
    });
    CPPUNIT_ASSERT_EQUAL_MESSAGE(slurp(file), 0, status);
  }

  void testBufferedAccessLinesGoOutInBatchesOfWholeLines() {
    const fs::path file = dir_->path() / "app.log";
    const std::string padding(100, 'x');
    const std::string huge(2 * log::kAccessBatchBytes, 'h');
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::beginAccessBuffering();
      // About 140 bytes a line: a 4 KiB batch is full after some 30, and
      // goes out as one write of at most kAccessBatchBytes.
      std::uintmax_t size = 0;
      for (int i = 0; i < 100; ++i) {
        const std::string n = std::to_string(i);
        log::access({{"n", n, true}, {"pad", padding}});
        const std::uintmax_t now = fs::file_size(file);
        if (now - size > log::kAccessBatchBytes) return 2;
        size = now;
      }
      const std::string written = slurp(file);
      if (written.empty() || contains(written, " n=99 ")) return 3;  // batches out, the last held
      if (written.back() != '\n') return 4;                          // whole lines only
      log::access({{"huge", huge}});                                 // longer than a batch: alone
      const std::string after = slurp(file);
      if (!contains(after, huge + "\n")) return 5;
      log::flushAccess();
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    // Every line, once, in order, the long one after the others.
    const std::string text = slurp(file);
    std::size_t at = 0;
    for (int i = 0; i < 100; ++i) {
      const std::string want = " ACCESS n=" + std::to_string(i) + " pad=" + padding + "\n";
      const std::size_t found = text.find(want, at);
      CPPUNIT_ASSERT_MESSAGE("line " + std::to_string(i), found != std::string::npos);
      at = found + want.size();
    }
    CPPUNIT_ASSERT(text.find(huge, at) != std::string::npos);
  }

  // While a batch's write is stuck (stderr a full pipe nobody reads), a
  // request's access() still returns: its line is held for the next batch.
  // Both lines come out, in order, once the pipe is read.
  void testAStalledBatchWriteHoldsUpNoNewLine() {
    const fs::path written = dir_->path() / "stderr.txt";
    const int status = inChild([&] {
      ::alarm(120);  // a deadlock ends the child (status 100), not the run
      int fds[2];
      if (::pipe(fds) != 0 || ::dup2(fds[1], STDERR_FILENO) < 0) return 1;
      // Full: the next write to it blocks.
      ::fcntl(STDERR_FILENO, F_SETFL, O_NONBLOCK);
      const std::string filler(4096, 'f');
      while (::write(STDERR_FILENO, filler.data(), filler.size()) > 0) {
      }
      ::fcntl(STDERR_FILENO, F_SETFL, 0);
      log::beginAccessBuffering();
      log::access({{"route", "/first"}});

      std::atomic<pid_t> flusherTid{0};
      std::thread flusher([&] {
        flusherTid = static_cast<pid_t>(::syscall(SYS_gettid));
        log::flushAccess();  // blocks in write(2) until the pipe is read
      });
      // Until the flusher is inside write(2): its syscall number first in
      // /proc/self/task/TID/syscall. Up to 30 s: a passing run leaves early.
      const auto waitFor = [](const std::function<bool()>& done) {
        for (int i = 0; i < 6000 && !done(); ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return done();
      };
      const bool writing = waitFor([&] {
        const pid_t tid = flusherTid.load();
        return tid != 0 && slurp("/proc/self/task/" + std::to_string(tid) + "/syscall")
                               .starts_with(std::to_string(SYS_write) + " ");
      });
      std::atomic<bool> returned{false};
      std::thread request([&] {
        log::access({{"route", "/second"}});
        returned = true;
      });
      const bool heldWhileStalled = writing && waitFor([&] { return returned.load(); });

      // Read everything: the flusher finishes, then the rest comes out.
      std::string out;
      std::thread reader([&] {
        char buffer[8192];
        for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, n);
      });
      flusher.join();
      request.join();
      log::endAccessBuffering();
      ::close(STDERR_FILENO);
      ::close(fds[1]);
      reader.join();
      // What reached stderr, for the parent's message (a sanitizer's report too).
      const std::size_t own = out.find_first_not_of('f');
      std::ofstream(written, std::ios::binary) << (own == std::string::npos ? "" : out.substr(own));
      if (!writing) return 2;
      if (!heldWhileStalled) return 3;
      const std::size_t first = out.find(" ACCESS route=/first\n");
      const std::size_t second = out.find(" ACCESS route=/second\n");
      if (first == std::string::npos || second == std::string::npos) return 4;
      return first < second ? 0 : 5;
    });
    const char* const why[] = {"",
                               "cannot point stderr at a pipe",
                               "the flusher never blocked in write(2)",
                               "access() waited for the stalled write",
                               "a line is missing",
                               "the lines came out of order"};
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        std::string(status >= 1 && status <= 5 ? why[status] : "the child did not finish") +
            "; stderr: " + slurp(written),
        0, status);
  }

  void testReopenWritesHeldLinesToTheOldFile() {
    const fs::path file = dir_->path() / "app.log";
    const fs::path rotated = dir_->path() / "app.log.1";
    const int status = inChild([&] {
      if (!log::logToFile(file.string()).isOk()) return 1;
      log::beginAccessBuffering();
      log::access({{"route", "/before"}});
      fs::rename(file, rotated);
      if (!log::reopenLogFile().isOk()) return 2;
      log::access({{"route", "/after"}});
      log::flushAccess();
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    const std::string old = slurp(rotated);
    const std::string fresh = slurp(file);
    CPPUNIT_ASSERT_MESSAGE(old, contains(old, "route=/before") && !contains(old, "/after"));
    CPPUNIT_ASSERT_MESSAGE(fresh, contains(fresh, "route=/after") && !contains(fresh, "/before"));
  }

  void testTimestampsKeepTheirFormAcrossSeconds() {
    using std::chrono::milliseconds;
    const std::chrono::system_clock::time_point epoch{};
    // The same second twice (the kept text), then the next one, then back.
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-01T20:54:58.123Z"),
                         log::detail::timestamp(epoch + milliseconds(1796158498123)));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-01T20:54:58.999Z"),
                         log::detail::timestamp(epoch + milliseconds(1796158498999)));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-01T20:54:59.000Z"),
                         log::detail::timestamp(epoch + milliseconds(1796158499000)));
    CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01T00:00:00.007Z"),
                         log::detail::timestamp(epoch + milliseconds(7)));
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
