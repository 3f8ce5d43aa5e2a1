#pragma once
// ScopedTempDir: a private (0700) directory made with mkdtemp under a parent,
// removed with everything in it when the object goes away.

#include <filesystem>

#include "core/result.h"

namespace userimg::core {

class ScopedTempDir {
 public:
  // Creates "<parent>/<prefix>XXXXXX", creating `parent` first if needed.
  static Result<ScopedTempDir> create(const std::filesystem::path& parent,
                                      const std::string& prefix);

  ScopedTempDir(ScopedTempDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  ScopedTempDir& operator=(ScopedTempDir&&) = delete;
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  ~ScopedTempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit ScopedTempDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace userimg::core
