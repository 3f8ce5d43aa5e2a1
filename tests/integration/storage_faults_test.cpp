// The fault matrix's storage faults (issue 12), each ending with the
// invariant checker (invariants.h):
//  suite "storage_faults", on stacks whose media tree and temp directory
//  are each a small tmpfs (stack.sh --tmpfs; integration.sqlite-storage,
//  integration.mysql-storage; root only):
//   - the media tree full (ENOSPC), the temp directory full, the media
//     tree read-only: uploads on both surfaces answer the spec's 500
//     "Error uploading image" (a delete on a read-only tree 500 "Error
//     deleting ..."), nothing partial is left in the media tree or the
//     temp directory, the previous image stays the user's and is served;
//     once the storage is back, uploads work again;
//  suite "sqlite_locked" (integration.sqlite-storage): another process
//   holding SQLite's write lock beyond busy_timeout: uploads and deletes
//   answer a JSON 503 with Retry-After and change nothing; reads go on;
//   once the lock is released, writes work again.
//
//   USERIMG_IT_SQLITE_DB  the stack's SQLite database (sqlite_locked)

#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "integration/gc_support.h"
#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBallast = "userimg-it-ballast";

// Fails unless `dir` is a tmpfs mount point (stack.sh --tmpfs): never fill
// or remount the machine's own disk.
void requireTmpfs(const fs::path& dir) {
  const fs::path real = fs::canonical(dir);
  std::ifstream mounts("/proc/mounts");
  std::string device, point, type, rest;
  while (mounts >> device >> point >> type && std::getline(mounts, rest)) {
    if (point == real.string() && type == "tmpfs") return;
  }
  CPPUNIT_FAIL(real.string() + " is not a tmpfs mount: start the stack with stack.sh --tmpfs");
}

// The file system at `dir` filled up with one file until writes fail with
// ENOSPC; the file is removed again on destruction.
class FullFileSystem {
 public:
  explicit FullFileSystem(const fs::path& dir) : file_(dir / kBallast) {
    requireTmpfs(dir);
    const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) CPPUNIT_FAIL("cannot create " + file_.string() + ": " + std::strerror(errno));
    std::vector<char> chunk(64 * 1024, 'x');
    std::size_t size = chunk.size();
    int error = 0;
    while (size > 0) {
      const ssize_t wrote = ::write(fd, chunk.data(), size);
      if (wrote < 0) {
        error = errno;
        size /= 2;  // the last pages, down to a single byte
      }
    }
    ::close(fd);
    if (error != ENOSPC) {
      CPPUNIT_FAIL("filling " + dir.string() + " ended with " + std::strerror(error));
    }
  }
  ~FullFileSystem() {
    std::error_code ignored;
    fs::remove(file_, ignored);
  }
  FullFileSystem(const FullFileSystem&) = delete;
  FullFileSystem& operator=(const FullFileSystem&) = delete;

 private:
  fs::path file_;
};

void remount(const fs::path& dir, const char* how) {
  std::string command = "mount -o remount,";
  command += how;
  command += " '";
  command += dir.string();
  command += "'";
  if (std::system(command.c_str()) != 0) CPPUNIT_FAIL("'" + command + "' failed");
}

// The tmpfs at `dir` read-only until destruction.
class ReadOnlyMount {
 public:
  explicit ReadOnlyMount(fs::path dir) : dir_(std::move(dir)) {
    requireTmpfs(dir_);
    remount(dir_, "ro");
  }
  ~ReadOnlyMount() { remount(dir_, "rw"); }
  ReadOnlyMount(const ReadOnlyMount&) = delete;
  ReadOnlyMount& operator=(const ReadOnlyMount&) = delete;

 private:
  fs::path dir_;
};

// Everything in the temp directory but the ballast, the live processes'
// own proc-* directories and their locks: what requests left inside them.
std::set<std::string> tempLeftovers() {
  std::set<std::string> left;
  const fs::path temp = stackTempDir();
  for (const auto& entry : fs::recursive_directory_iterator(temp)) {
    const fs::path relative = fs::relative(entry.path(), temp);
    const std::string name = relative.string();
    if (name == kBallast) continue;
    if (relative.parent_path().empty() && name.rfind("proc-", 0) == 0) continue;
    left.insert(name);
  }
  return left;
}

Reply uploadA(const std::string& token) {
  return postMultipart("/api/resume/user-images/", token,
                       {pngPart("profile_image"), pngPart("cover_image")});
}

Reply uploadB(const std::string& token) {
  return postMultipart("/users/me/profile-image", token,
                       {{"file", "p.png", "image/png", pngImage(90, 60)}});
}

// A user with a profile and a cover image, and what they are.
struct Seeded {
  std::string token;
  CurrentImages images;
  std::vector<std::string> urls;
};

Seeded seed(const std::string& prefix) {
  Seeded user{mintToken(uniqueUserId(prefix)), {}, {}};
  Reply up = uploadA(user.token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
  user.images = currentImages(user.token);
  user.urls = mediaUrlsOf(user.token);
  return user;
}

// After a failed write: the user's images are what they were and served,
// nothing was added to the media tree, nothing left in the temp directory.
void assertUnchanged(const Seeded& user, const std::set<std::string>& filesBefore) {
  const CurrentImages now = currentImages(user.token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("profile after the fault", user.images.profile, now.profile);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("cover after the fault", user.images.cover, now.cover);
  for (const std::string& url : user.urls) assertMediaServed(url);
  const auto extra = added(filesBefore, mediaFiles());
  std::set<std::string> partial;
  for (const std::string& file : extra) {
    if (file.find(kBallast) == std::string::npos) partial.insert(file);
  }
  CPPUNIT_ASSERT_EQUAL_MESSAGE("left in the media tree: " + join(partial), std::size_t{0},
                               partial.size());
  const auto left = tempLeftovers();
  CPPUNIT_ASSERT_EQUAL_MESSAGE("left in the temp directory: " + join(left), std::size_t{0},
                               left.size());
}

void assertUploadsFail500(const Seeded& user) {
  assertJsonError(uploadA(user.token), 500, "error", "Error uploading image");
  assertJsonError(uploadB(user.token), 500, "detail", "Error uploading image");
}

void assertUploadsWorkAgain(const Seeded& user) {
  Reply a = uploadA(user.token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("once storage is back: " + a.describe(), 200, a.status);
  Reply b = uploadB(user.token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("once storage is back: " + b.describe(), 200, b.status);
  checkInvariants({user.token});
}

class StorageFaultsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StorageFaultsTest);
  CPPUNIT_TEST(testMediaTreeFullIs500AndKeepsThePreviousImage);
  CPPUNIT_TEST(testTempDirectoryFullIs500AndLeavesNothing);
  CPPUNIT_TEST(testReadOnlyMediaTreeIs500OnUploadAndDelete);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMediaTreeFullIs500AndKeepsThePreviousImage() {
    const Seeded user = seed("sf-full");
    const auto before = mediaFiles();
    {
      FullFileSystem full(Target::get().mediaRoot);
      assertUploadsFail500(user);
      assertUnchanged(user, before);
    }
    assertUploadsWorkAgain(user);
  }

  void testTempDirectoryFullIs500AndLeavesNothing() {
    const Seeded user = seed("sf-temp");
    const auto before = mediaFiles();
    {
      FullFileSystem full(stackTempDir());
      assertUploadsFail500(user);
      assertUnchanged(user, before);
    }
    assertUploadsWorkAgain(user);
  }

  void testReadOnlyMediaTreeIs500OnUploadAndDelete() {
    const Seeded user = seed("sf-ro");
    const auto before = mediaFiles();
    {
      ReadOnlyMount readOnly(Target::get().mediaRoot);
      assertUploadsFail500(user);
      assertJsonError(del("/api/resume/user-images/?type=profile_image", user.token), 500, "error");
      assertJsonError(del("/users/me/profile-image", user.token), 500, "detail");
      assertUnchanged(user, before);
    }
    assertUploadsWorkAgain(user);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StorageFaultsTest, "storage_faults");

// Another process's write transaction on the stack's SQLite database.
class SqliteWriteLock {
 public:
  SqliteWriteLock() {
    const std::string path = requireEnv("USERIMG_IT_SQLITE_DB");
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      CPPUNIT_FAIL("cannot open " + path);
    }
    exec("BEGIN EXCLUSIVE");
  }
  ~SqliteWriteLock() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  SqliteWriteLock(const SqliteWriteLock&) = delete;
  SqliteWriteLock& operator=(const SqliteWriteLock&) = delete;

 private:
  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      CPPUNIT_FAIL(std::string(sql) + ": " + message);
    }
  }

  sqlite3* db_ = nullptr;
};

void assertBusy(const Reply& reply, const std::string& key) {
  assertJsonError(reply, 503, key);
  CPPUNIT_ASSERT_MESSAGE("a 503 without Retry-After: " + reply.describe(),
                         !reply.header("retry-after").empty());
}

class SqliteLockedTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SqliteLockedTest);
  CPPUNIT_TEST(testWritesBeyondBusyTimeoutAre503AndChangeNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testWritesBeyondBusyTimeoutAre503AndChangeNothing() {
    const Seeded user = seed("sl-locked");
    const auto before = mediaFiles();
    {
      SqliteWriteLock lock;
      assertBusy(uploadA(user.token), "error");
      assertBusy(uploadB(user.token), "detail");
      assertBusy(del("/api/resume/user-images/?type=cover_image", user.token), "error");
      assertBusy(del("/users/me/profile-image", user.token), "detail");
      // Readers are not writers (WAL): GETs go on.
      Reply read = get("/users/me", user.token);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("a read under the write lock: " + read.describe(), 200,
                                   read.status);
      assertUnchanged(user, before);
    }
    assertUploadsWorkAgain(user);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SqliteLockedTest, "sqlite_locked");

}  // namespace
}  // namespace userimg::it
