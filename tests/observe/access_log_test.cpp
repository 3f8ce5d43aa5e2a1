// AccessLog: one line per request, its fields in the documented order.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "core/log.h"
#include "core/temp_dir.h"
#include "observe/access_log.h"
#include "support/log_capture.h"

namespace userimg::observe {
namespace {

namespace fs = std::filesystem;

RequestRecord sampleRecord() {
  RequestRecord record;
  record.method = "POST";
  record.route = "/users/me/profile-image";
  record.status = 413;
  record.seconds = 0.00125;
  record.bytesIn = 20000000;
  record.bytesOut = 44;
  record.requestId = "0f9e8d7c6b5a49382716a5b4c3d2e1f0";
  record.userId = "alice";
  record.outcome = "too_large";
  return record;
}

class AccessLogTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AccessLogTest);
  CPPUNIT_TEST(testTextLineHasEveryFieldInOrderWithoutUserId);
  CPPUNIT_TEST(testUserIdOnlyWhenAsked);
  CPPUNIT_TEST(testJsonLineHasTheSameFields);
  CPPUNIT_TEST(testBufferedLinesAreWrittenWithinTheInterval);
  CPPUNIT_TEST(testBufferedLinesAreWrittenWhenTheLogGoes);
  CPPUNIT_TEST(testDurationsOfEveryMagnitude);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(fs::temp_directory_path(), "userimg-access-");
    CPPUNIT_ASSERT(dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
  }
  void tearDown() override { dir_.reset(); }

  void testTextLineHasEveryFieldInOrderWithoutUserId() {
    const std::string line = logged(core::log::Format::kText, false);
    const std::string expected =
        " ACCESS request_id=0f9e8d7c6b5a49382716a5b4c3d2e1f0 method=POST "
        "route=/users/me/profile-image status=413 duration_ms=1.250 bytes_in=20000000 "
        "bytes_out=44 outcome=too_large\n";
    CPPUNIT_ASSERT_MESSAGE(line, line.size() > expected.size());
    CPPUNIT_ASSERT_EQUAL(expected, line.substr(line.size() - expected.size()));
    CPPUNIT_ASSERT_MESSAGE("a user id is personal data: off by default",
                           line.find("alice") == std::string::npos);
  }

  void testUserIdOnlyWhenAsked() {
    const std::string line = logged(core::log::Format::kText, true);
    CPPUNIT_ASSERT_MESSAGE(line,
                           line.find(" outcome=too_large user_id=alice\n") != std::string::npos);
  }

  void testBufferedLinesAreWrittenWithinTheInterval() {
    const fs::path file = dir_->path() / "access.log";
    const int status = testing::inChild([&] {
      if (!core::log::logToFile(file.string()).isOk()) return 1;
      AccessLog log(AccessLogOptions{.flushInterval = std::chrono::milliseconds(50)});
      log.observe(sampleRecord());
      for (int i = 0; i < 100; ++i) {  // 5 s at most
        if (testing::slurp(file).find("outcome=too_large\n") != std::string::npos) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      return 2;
    });
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the line is written by the flusher", 0, status);
  }

  void testBufferedLinesAreWrittenWhenTheLogGoes() {
    const fs::path file = dir_->path() / "access.log";
    const int status = testing::inChild([&] {
      if (!core::log::logToFile(file.string()).isOk()) return 1;
      {
        AccessLog log(AccessLogOptions{.flushInterval = std::chrono::hours(1)});
        log.observe(sampleRecord());
        if (testing::slurp(file).find("too_large") != std::string::npos) return 2;  // held
      }
      return testing::slurp(file).find("outcome=too_large\n") != std::string::npos ? 0 : 3;
    });
    CPPUNIT_ASSERT_EQUAL_MESSAGE("held until the log goes, then written", 0, status);
  }

  void testDurationsOfEveryMagnitude() {
    const std::pair<double, const char*> cases[] = {
        {0.0, "duration_ms=0.000 "},        {0.0000004, "duration_ms=0.000 "},
        {0.0000005, "duration_ms=0.001 "},  {0.00125, "duration_ms=1.250 "},
        {0.0429999, "duration_ms=43.000 "}, {3001.204, "duration_ms=3001204.000 "},
        {-1.0, "duration_ms=0.000 "}};
    for (const auto& [seconds, want] : cases) {
      RequestRecord record = sampleRecord();
      record.seconds = seconds;
      const std::string line = logged(core::log::Format::kText, false, record);
      CPPUNIT_ASSERT_MESSAGE(line, line.find(want) != std::string::npos);
    }
  }

  void testJsonLineHasTheSameFields() {
    const std::string line = logged(core::log::Format::kJson, false);
    CPPUNIT_ASSERT_MESSAGE(
        line, line.find(R"("level":"access","request_id":"0f9e8d7c6b5a49382716a5b4c3d2e1f0",)"
                        R"("method":"POST","route":"/users/me/profile-image","status":413,)"
                        R"("duration_ms":1.250,"bytes_in":20000000,"bytes_out":44,)"
                        R"("outcome":"too_large"})") != std::string::npos);
  }

 private:
  // The log of a child process that had AccessLog observe sampleRecord().
  std::string logged(core::log::Format format, bool userIds,
                     const RequestRecord& record = sampleRecord()) {
    const fs::path file = dir_->path() / "access.log";
    fs::remove(file);
    const int status = testing::inChild([&] {
      if (!core::log::logToFile(file.string()).isOk()) return 1;
      core::log::setFormat(format);
      AccessLog(AccessLogOptions{.userIds = userIds}).observe(record);
      return 0;
    });
    CPPUNIT_ASSERT_EQUAL(0, status);
    return testing::slurp(file);
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AccessLogTest, "observe");

}  // namespace
}  // namespace userimg::observe
