#pragma once
// ScratchDir: this process's own directory under the shared temp directory
// ([upload] temp_dir), where uploads are spooled and images processed.
// Several processes share that directory (mod_fcgid runs several, and
// userimgctl regenerate runs beside the server), so a process never removes
// another's files by name or age; it proves the owner dead instead:
//
//   <temp>/proc-AbC123.lock   flock(2)ed by the owner for as long as it lives
//   <temp>/proc-AbC123/       its spool files and work directories
//
// The kernel drops the lock when the owner dies, kill -9 included, so a lock
// that can be taken belongs to nobody. The lock file gets its final name
// only once locked (it is made as .proc-XXXXXX, locked, then renamed), so
// no live process's lock is ever seen unlocked; the directory is made after
// the rename and removed before the lock file at exit.
//
// sweepAbandonedScratch() removes what dead owners left: every proc-*
// directory and lock whose lock it can take (or whose lock is gone), plus
// stale entries of earlier releases that wrote directly into the temp
// directory (upload-*, work-*, .proc-*) older than `staleSeconds`.
// Application::create() runs it at start-up, `userimgctl gc` on demand.
//
// Not copyable; moving is not needed (held by unique_ptr). The directory's
// path is fixed for the object's life; any thread may use it.

#include <filesystem>
#include <memory>

#include "core/result.h"

namespace userimg::core {

class ScratchDir {
 public:
  // Claims a new scratch directory under `tempDir` (created if missing).
  // kInternal naming the path when it cannot be created or locked.
  static Result<std::unique_ptr<ScratchDir>> claim(const std::filesystem::path& tempDir);

  // Removes the directory with everything in it, then the lock.
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return dir_; }

 private:
  ScratchDir(std::filesystem::path dir, std::filesystem::path lock, int lockFd)
      : dir_(std::move(dir)), lock_(std::move(lock)), lockFd_(lockFd) {}

  std::filesystem::path dir_;
  std::filesystem::path lock_;
  int lockFd_;
};

// What a sweep removed.
struct ScratchSweep {
  int abandonedDirs = 0;  // proc-* directories of dead processes
  int staleEntries = 0;   // old upload-*, work-*, .proc-* entries
};

// Removes what dead processes left in `tempDir` (see above). Entries it
// cannot remove are skipped (the next sweep tries again); a missing
// `tempDir` is an empty sweep. Never touches a live process's files.
ScratchSweep sweepAbandonedScratch(const std::filesystem::path& tempDir,
                                   std::int64_t staleSeconds = 3600);

}  // namespace userimg::core
