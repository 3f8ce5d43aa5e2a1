#pragma once
// Whether a given Unix user may read, write or enter a path, worked out
// from the owner, group and mode bits of the path and of every directory
// above it, and the user's groups: what `userimgctl check` asks about the
// storage root and the socket for users other than the one running it
// (usually root). POSIX ACLs and capabilities are not considered; root
// (uid 0) may do everything.
//
//   auto user = ops::lookupUser("www-data");
//   ops::AccessVerdict v = ops::checkAccess("/var/lib/userimg/media", user.value(),
//                                           ops::kRead | ops::kSearch);
//   if (!v.allowed) std::cout << v.reason;   // "www-data cannot enter /var/lib/userimg ..."
//
// Thread-safe. Failures (no such user, a path that cannot be inspected)
// are reported, never thrown.

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace userimg::ops {

struct UnixUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;              // the primary group
  std::vector<gid_t> groups;  // every group, the primary one included
};

// The user's ids and groups (getpwnam_r, getgrouplist). kNotFound when
// there is no such user.
core::Result<UnixUser> lookupUser(const std::string& name);

// A group's id; nullopt when there is no such group.
std::optional<gid_t> lookupGroup(const std::string& name);

// The owner, group and mode of one path (stat(2), following symlinks).
struct PathInfo {
  uid_t uid = 0;
  gid_t gid = 0;
  mode_t mode = 0;  // st_mode: type and permission bits
};
// How paths are looked at; the default is stat(2). nullopt and errno set
// when the path cannot be looked at.
using StatFunction = std::function<std::optional<PathInfo>(const std::string& path)>;
StatFunction systemStat();

// Permission bits as in a mode's "other" triplet.
enum Access : unsigned { kSearch = 1, kWrite = 2, kRead = 4 };

// The bits of `need` that `user` lacks on a path of `info` (0: none).
unsigned missingAccess(const PathInfo& info, const UnixUser& user, unsigned need);

struct AccessVerdict {
  bool allowed = false;
  // When not allowed: which path stops the user and why, with a fix
  // ("www-data cannot enter /srv/x (root:root 0700): chmod o+x /srv/x").
  std::string reason;
};

// Whether `user` may reach `path` (search on every directory above it) and
// then has `need` on it. `path` is made absolute against the working
// directory; symlinks are followed by `stat`.
AccessVerdict checkAccess(const std::string& path, const UnixUser& user, unsigned need,
                          const StatFunction& stat = systemStat());

// "0750" style, and "user:group" (names when known, else numbers).
std::string modeText(mode_t mode);
std::string ownerText(const PathInfo& info);

}  // namespace userimg::ops
