#include "core/scratch_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace userimg::core {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "proc-";
constexpr std::string_view kLockSuffix = ".lock";

bool startsWith(const std::string& name, std::string_view prefix) {
  return name.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& name, std::string_view suffix) {
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status failure(const std::string& what, const fs::path& path) {
  return Status::internal("cannot " + what + " " + path.string() + ": " + std::strerror(errno));
}

// Whether the owner of lock file `lock` is gone: the file is missing, or
// this process can take its lock (and then holds it until it is unlinked).
bool ownerIsGone(const fs::path& lock, int& heldFd) {
  heldFd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (heldFd < 0) return errno == ENOENT;
  if (::flock(heldFd, LOCK_EX | LOCK_NB) == 0) return true;
  ::close(heldFd);
  heldFd = -1;
  return false;
}

bool olderThan(const fs::path& path, std::int64_t seconds) {
  std::error_code ec;
  const auto written = fs::last_write_time(path, ec);
  if (ec) return false;
  const auto age = fs::file_time_type::clock::now() - written;
  return age > std::chrono::seconds(seconds);
}

}  // namespace

Result<std::unique_ptr<ScratchDir>> ScratchDir::claim(const fs::path& tempDir) {
  std::error_code ec;
  fs::create_directories(tempDir, ec);
  if (ec) return Status::internal("cannot create " + tempDir.string() + ": " + ec.message());

  // A name left by a dead process (its directory not swept yet) is simply
  // skipped: another random name is drawn.
  for (int attempt = 0;; ++attempt) {
    // Locked under a name no sweep considers, then renamed: a proc-*.lock
    // is locked from the moment it exists.
    std::string pending = (tempDir / ".proc-XXXXXX").string();
    const int fd = ::mkostemp(pending.data(), O_CLOEXEC);
    if (fd < 0) return failure("create a lock file in", tempDir);
    const std::string stem = std::string(kPrefix) + pending.substr(pending.size() - 6);
    const fs::path lock = tempDir / (stem + std::string(kLockSuffix));
    const fs::path dir = tempDir / stem;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::rename(pending.c_str(), lock.c_str()) != 0) {
      Status failed = failure("lock", lock);
      ::unlink(pending.c_str());
      ::close(fd);
      return failed;
    }
    if (::mkdir(dir.c_str(), 0700) == 0) {
      return std::unique_ptr<ScratchDir>(new ScratchDir(dir, lock, fd));
    }
    Status failed = failure("create", dir);
    const bool taken = errno == EEXIST;
    ::unlink(lock.c_str());
    ::close(fd);
    if (!taken || attempt == 3) return failed;
  }
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
  ::unlink(lock_.c_str());
  ::close(lockFd_);
}

ScratchSweep sweepAbandonedScratch(const fs::path& tempDir, std::int64_t staleSeconds) {
  ScratchSweep swept;
  std::error_code ec;
  fs::directory_iterator it(tempDir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path path = it->path();
    const std::string name = path.filename().string();
    std::error_code kind;
    const bool isDir = it->is_directory(kind) && !it->is_symlink(kind);
    if (startsWith(name, kPrefix) && isDir) {
      int held = -1;
      if (!ownerIsGone(tempDir / (name + std::string(kLockSuffix)), held)) continue;
      std::error_code removed;
      fs::remove_all(path, removed);
      if (!removed) ++swept.abandonedDirs;
      if (held >= 0) {
        ::unlink((tempDir / (name + std::string(kLockSuffix))).c_str());
        ::close(held);
      }
    } else if (startsWith(name, kPrefix) && endsWith(name, kLockSuffix)) {
      // A lock without its directory: its owner died between the two, or
      // this loop removed the directory above and the lock comes later.
      int held = -1;
      if (ownerIsGone(path, held) && held >= 0) {
        ::unlink(path.c_str());
        ::close(held);
      }
    } else if ((startsWith(name, "upload-") || startsWith(name, "work-") ||
                startsWith(name, ".proc-")) &&
               olderThan(path, staleSeconds)) {
      std::error_code removed;
      if (fs::remove_all(path, removed) > 0 && !removed) ++swept.staleEntries;
    }
  }
  return swept;
}

}  // namespace userimg::core
