#include "ops/unix_access.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace userimg::ops {
namespace {

using core::Result;
using core::Status;

std::string letters(unsigned bits) {
  std::string out;
  if (bits & kRead) out += 'r';
  if (bits & kWrite) out += 'w';
  if (bits & kSearch) out += 'x';
  return out;
}

std::string groupName(gid_t gid) {
  std::vector<char> buffer(16384);
  struct group entry {};
  struct group* found = nullptr;
  if (::getgrgid_r(gid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->gr_name;
  }
  return std::to_string(gid);
}

std::string userName(uid_t uid) {
  std::vector<char> buffer(16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return std::to_string(uid);
}

bool inGroup(const UnixUser& user, gid_t gid) {
  return std::find(user.groups.begin(), user.groups.end(), gid) != user.groups.end();
}

// A command that gives `user` the `missing` bits on `path`.
std::string fixFor(const std::string& path, const PathInfo& info, const UnixUser& user,
                   unsigned missing, bool target) {
  const std::string bits = letters(missing);
  if (user.uid == info.uid) return "chmod u+" + bits + " " + path;
  if (inGroup(user, info.gid)) return "chmod g+" + bits + " " + path;
  if (!target) return "chmod o+" + bits + " " + path;
  if (missing & kWrite) return "chown " + user.name + " " + path;
  return "chgrp " + groupName(user.gid) + " " + path + " && chmod g+" + letters(missing | kSearch) +
         " " + path;
}

std::string describe(const std::string& path, const PathInfo& info) {
  return path + " (" + ownerText(info) + " " + modeText(info.mode) + ")";
}

}  // namespace

Result<UnixUser> lookupUser(const std::string& name) {
  std::vector<char> buffer(16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  if (::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr) {
    return Status::notFound("no user named '" + name + "'");
  }
  UnixUser user;
  user.name = name;
  user.uid = found->pw_uid;
  user.gid = found->pw_gid;
  int count = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  while (::getgrouplist(name.c_str(), user.gid, groups.data(), &count) < 0) {
    groups.resize(static_cast<std::size_t>(count) + 64);
    count = static_cast<int>(groups.size());
  }
  groups.resize(static_cast<std::size_t>(count));
  user.groups = std::move(groups);
  return user;
}

std::optional<gid_t> lookupGroup(const std::string& name) {
  std::vector<char> buffer(16384);
  struct group entry {};
  struct group* found = nullptr;
  if (::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr) {
    return std::nullopt;
  }
  return found->gr_gid;
}

StatFunction systemStat() {
  return [](const std::string& path) -> std::optional<PathInfo> {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return PathInfo{st.st_uid, st.st_gid, st.st_mode};
  };
}

unsigned missingAccess(const PathInfo& info, const UnixUser& user, unsigned need) {
  if (user.uid == 0) return 0;
  unsigned granted = 0;
  if (user.uid == info.uid) {
    granted = (info.mode >> 6) & 7;
  } else if (inGroup(user, info.gid)) {
    granted = (info.mode >> 3) & 7;
  } else {
    granted = info.mode & 7;
  }
  return need & ~granted;
}

AccessVerdict checkAccess(const std::string& path, const UnixUser& user, unsigned need,
                          const StatFunction& stat) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target = fs::absolute(path, ec);
  if (ec) target = path;
  target = target.lexically_normal();
  // "/srv/media/" names the directory "/srv/media".
  if (!target.has_filename() && target != target.root_path()) target = target.parent_path();
  std::vector<fs::path> chain;
  for (fs::path p = target;; p = p.parent_path()) {
    chain.push_back(p);
    if (p == p.root_path() || p.empty()) break;
  }
  std::reverse(chain.begin(), chain.end());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string at = chain[i].string();
    const bool isTarget = i + 1 == chain.size();
    errno = 0;
    const std::optional<PathInfo> info = stat(at);
    if (!info) {
      const int error = errno;
      if (error == ENOENT || error == ENOTDIR) return {false, at + " does not exist"};
      return {false, "cannot inspect " + at + ": " + std::strerror(error) +
                         " (run userimgctl check as root)"};
    }
    const unsigned wanted = isTarget ? need : kSearch;
    if (const unsigned missing = missingAccess(*info, user, wanted); missing != 0) {
      const std::string verb =
          isTarget ? "has no " + letters(missing) + " permission on " : "cannot enter ";
      return {false, user.name + " " + verb + describe(at, *info) + ": " +
                         fixFor(at, *info, user, missing, isTarget)};
    }
  }
  return {true, ""};
}

std::string modeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::string ownerText(const PathInfo& info) {
  return userName(info.uid) + ":" + groupName(info.gid);
}

}  // namespace userimg::ops
