// AccessLog: one line per request, its fields in the documented order.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <memory>
#include <string>

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
  std::string logged(core::log::Format format, bool userIds) {
    const fs::path file = dir_->path() / "access.log";
    fs::remove(file);
    const int status = testing::inChild([&] {
      if (!core::log::logToFile(file.string()).isOk()) return 1;
      core::log::setFormat(format);
      AccessLog(AccessLogOptions{.userIds = userIds}).observe(sampleRecord());
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
