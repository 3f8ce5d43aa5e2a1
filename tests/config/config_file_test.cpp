#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "config/config_file.h"
#include "config/env_from.h"
#include "core/temp_dir.h"

namespace userimg::config {
namespace {

namespace fs = std::filesystem;

using testing::envFrom;

class ConfigFileTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ConfigFileTest);
  CPPUNIT_TEST(testVariableWinsOverEverything);
  CPPUNIT_TEST(testFileBesideTheProgramWinsOverSystemFile);
  CPPUNIT_TEST(testSystemFileWhenNothingBesideTheProgram);
  CPPUNIT_TEST(testNoneWhenNothingExists);
  CPPUNIT_TEST(testEmptyVariableIsIgnored);
  CPPUNIT_TEST(testDirectoryNamedLikeTheFileIsIgnored);
  CPPUNIT_TEST(testExecutableDirectoryIsThisTestsDirectory);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(fs::temp_directory_path(), "userimg-config-file-");
    CPPUNIT_ASSERT_MESSAGE(dir.status().toString(), dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    programDir_ = dir_->path() / "bin";
    fs::create_directories(programDir_);
    systemFile_ = (dir_->path() / "etc-userimg.ini").string();
  }
  void tearDown() override { dir_.reset(); }

  void testVariableWinsOverEverything() {
    touch(programDir_ / "userimg.ini");
    touch(systemFile_);
    CPPUNIT_ASSERT_EQUAL(std::string("/elsewhere/u.ini"),
                         find(envFrom({{"USERIMG_CONFIG", "/elsewhere/u.ini"}})));
  }

  void testFileBesideTheProgramWinsOverSystemFile() {
    touch(programDir_ / "userimg.ini");
    touch(systemFile_);
    CPPUNIT_ASSERT_EQUAL((programDir_ / "userimg.ini").string(), find(envFrom({})));
  }

  void testSystemFileWhenNothingBesideTheProgram() {
    touch(systemFile_);
    CPPUNIT_ASSERT_EQUAL(systemFile_, find(envFrom({})));
  }

  void testNoneWhenNothingExists() { CPPUNIT_ASSERT_EQUAL(std::string(), find(envFrom({}))); }

  void testEmptyVariableIsIgnored() {
    touch(systemFile_);
    CPPUNIT_ASSERT_EQUAL(systemFile_, find(envFrom({{"USERIMG_CONFIG", ""}})));
  }

  void testDirectoryNamedLikeTheFileIsIgnored() {
    fs::create_directories(programDir_ / "userimg.ini");
    CPPUNIT_ASSERT_EQUAL(std::string(), find(envFrom({})));
  }

  void testExecutableDirectoryIsThisTestsDirectory() {
    const fs::path self = fs::canonical("/proc/self/exe");
    CPPUNIT_ASSERT_EQUAL(self.parent_path().string(), executableDirectory());
  }

 private:
  static void touch(const fs::path& file) { std::ofstream(file) << "[data]\n"; }

  std::string find(const EnvLookup& env) {
    return findConfigFile({.executableDir = programDir_.string(), .systemFile = systemFile_}, env);
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
  fs::path programDir_;
  std::string systemFile_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ConfigFileTest, "config");

}  // namespace
}  // namespace userimg::config
