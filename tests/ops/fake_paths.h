#pragma once
// A filesystem of owners and modes for ops:: checks (an ops::StatFunction
// over a map): paths not in it do not exist (ENOENT).

#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <string>

#include "ops/unix_access.h"

namespace userimg::ops::testing {

class FakePaths {
 public:
  FakePaths& dir(const std::string& path, uid_t uid, gid_t gid, mode_t mode) {
    paths_[path] = PathInfo{uid, gid, static_cast<mode_t>(S_IFDIR | mode)};
    return *this;
  }
  FakePaths& socket(const std::string& path, uid_t uid, gid_t gid, mode_t mode) {
    paths_[path] = PathInfo{uid, gid, static_cast<mode_t>(S_IFSOCK | mode)};
    return *this;
  }
  FakePaths& file(const std::string& path, uid_t uid, gid_t gid, mode_t mode) {
    paths_[path] = PathInfo{uid, gid, static_cast<mode_t>(S_IFREG | mode)};
    return *this;
  }
  StatFunction stat() const {
    return [paths = paths_](const std::string& path) -> std::optional<PathInfo> {
      auto it = paths.find(path);
      if (it == paths.end()) {
        errno = ENOENT;
        return std::nullopt;
      }
      return it->second;
    };
  }

 private:
  std::map<std::string, PathInfo> paths_;
};

}  // namespace userimg::ops::testing
