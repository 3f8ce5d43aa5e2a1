#pragma once
// Internal to lib/image: the files one process() call writes in its work
// directory, removed again unless the call succeeds.
// Not thread-safe: one per call.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace userimg::image::detail {

class WorkFiles {
 public:
  // `dir` must exist; it is borrowed for the lifetime of this object.
  explicit WorkFiles(const std::filesystem::path& dir);
  WorkFiles(const WorkFiles&) = delete;
  WorkFiles& operator=(const WorkFiles&) = delete;
  // Removes every file written, unless keep() was called.
  ~WorkFiles();

  // Writes `size` bytes to a new file "img-<random><suffix>.<extension>" in
  // the directory (never an existing file, never through a symlink).
  // kInternal when it cannot be written (and nothing is left of it).
  core::Result<std::filesystem::path> write(const void* data, std::size_t size,
                                            std::string_view suffix, std::string_view extension);

  // The files stay: the caller owns them now.
  void keep() { written_.clear(); }

 private:
  const std::filesystem::path& dir_;
  std::string stem_;  // "img-<16 random hex digits>", shared by one call's files
  std::vector<std::filesystem::path> written_;
};

}  // namespace userimg::image::detail
