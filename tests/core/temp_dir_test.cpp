#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "core/temp_dir.h"

namespace userimg::core {
namespace {

namespace fs = std::filesystem;

class TempDirTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TempDirTest);
  CPPUNIT_TEST(testCreatesPrivateDirectoryWithPrefix);
  CPPUNIT_TEST(testCreatesMissingParent);
  CPPUNIT_TEST(testRemovesDirectoryWithContentsOnDestruction);
  CPPUNIT_TEST(testAfterMoveOnlyDestinationRemoves);
  CPPUNIT_TEST(testTwoDirectoriesAreDistinct);
  CPPUNIT_TEST(testReportsUncreatableParent);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-core-XXXXXX").string();
    CPPUNIT_ASSERT_MESSAGE("mkdtemp for the test's parent failed",
                           ::mkdtemp(pattern.data()) != nullptr);
    parent_ = pattern;
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(parent_, ignored);
  }

  void testCreatesPrivateDirectoryWithPrefix() {
    auto dir = ScopedTempDir::create(parent_, "work-");
    CPPUNIT_ASSERT_MESSAGE("create failed: " + dir.status().toString(), dir.ok());
    CPPUNIT_ASSERT_MESSAGE("the directory must exist", fs::is_directory(dir->path()));
    CPPUNIT_ASSERT_MESSAGE("the directory must be under the parent",
                           dir->path().parent_path() == parent_);
    CPPUNIT_ASSERT_MESSAGE("the name must start with the prefix",
                           dir->path().filename().string().rfind("work-", 0) == 0);
    struct stat info {};
    CPPUNIT_ASSERT_EQUAL(0, ::stat(dir->path().c_str(), &info));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the directory must be 0700", 0700,
                                 static_cast<int>(info.st_mode & 07777));
  }

  void testCreatesMissingParent() {
    const fs::path nested = parent_ / "a" / "b";
    auto dir = ScopedTempDir::create(nested, "x-");
    CPPUNIT_ASSERT_MESSAGE("create under a missing parent failed: " + dir.status().toString(),
                           dir.ok());
    CPPUNIT_ASSERT_MESSAGE("the directory must exist", fs::is_directory(dir->path()));
  }

  void testRemovesDirectoryWithContentsOnDestruction() {
    fs::path path;
    {
      auto dir = ScopedTempDir::create(parent_, "work-");
      CPPUNIT_ASSERT_MESSAGE("create failed: " + dir.status().toString(), dir.ok());
      path = dir->path();
      fs::create_directories(path / "sub" / "deeper");
      std::ofstream(path / "file.bin") << "bytes";
      std::ofstream(path / "sub" / "deeper" / "nested.bin") << "more";
    }
    CPPUNIT_ASSERT_MESSAGE("the directory and its contents must be gone after destruction",
                           !fs::exists(path));
  }

  void testAfterMoveOnlyDestinationRemoves() {
    fs::path path;
    std::optional<ScopedTempDir> destination;
    {
      auto created = ScopedTempDir::create(parent_, "work-");
      CPPUNIT_ASSERT_MESSAGE("create failed: " + created.status().toString(), created.ok());
      path = created->path();
      std::ofstream(path / "file.bin") << "bytes";
      ScopedTempDir source = std::move(created).value();
      destination.emplace(std::move(source));
      CPPUNIT_ASSERT_MESSAGE("a moved-from directory must give up its path", source.path().empty());
    }
    CPPUNIT_ASSERT_MESSAGE("destroying the moved-from object must not remove the directory",
                           fs::exists(path / "file.bin"));
    CPPUNIT_ASSERT_MESSAGE("the destination must own the path", destination->path() == path);
    destination.reset();
    CPPUNIT_ASSERT_MESSAGE("destroying the destination must remove the directory",
                           !fs::exists(path));
  }

  void testTwoDirectoriesAreDistinct() {
    auto first = ScopedTempDir::create(parent_, "work-");
    auto second = ScopedTempDir::create(parent_, "work-");
    CPPUNIT_ASSERT_MESSAGE("create failed", first.ok() && second.ok());
    CPPUNIT_ASSERT_MESSAGE("two temp dirs must not share a path", first->path() != second->path());
  }

  void testReportsUncreatableParent() {
    const fs::path file = parent_ / "plain-file";
    std::ofstream(file) << "not a directory";
    auto dir = ScopedTempDir::create(file / "child", "work-");
    CPPUNIT_ASSERT_MESSAGE("a parent under a regular file must fail", !dir.ok());
    CPPUNIT_ASSERT_MESSAGE("the failure must be kInternal",
                           dir.status().code() == StatusCode::kInternal);
  }

 private:
  fs::path parent_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TempDirTest, "core");

}  // namespace
}  // namespace userimg::core
