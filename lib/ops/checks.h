#pragma once
// The checks of `userimgctl check` (fcgi-app/ctl_check.cpp prints them):
// each looks at one part of a deployment and says OK, or what is wrong and
// how to fix it. Plain functions over the config structs, so each failure
// is unit-testable; none throws or changes anything (but for what
// db::Database::open does to a missing SQLite file).
//
// Thread-safe. No result ever quotes a secret (the database password, the
// JWT secret): messages come from db:: and the loader, which never do.

#include <string>
#include <vector>

#include "config/config.h"
#include "ops/unix_access.h"

namespace userimg::ops {

struct CheckResult {
  bool ok = false;
  std::string what;  // "database mysql userimg@127.0.0.1:3306"
  std::string fix;   // when failed: what is wrong and how to fix it
};

// Connects to the database and checks its schema version (db::checkSchema).
CheckResult checkDatabase(const config::DatabaseConfig& database);

// The local storage root: it exists, `serviceUser` may write it and enter
// it (search on every directory above it too), and `webUser` may read and
// enter it (the web server serves the media tree from disk).
std::vector<CheckResult> checkStorageRoot(const std::string& root, const std::string& serviceUser,
                                          const std::string& webUser,
                                          const StatFunction& stat = systemStat());

// The unix socket of [server] listen, when it is a path: it exists and is a
// socket, its group is socket_group (when set), its mode is socket_mode,
// nobody but its owner and group may write it, and `webUser` may connect
// to it (write on it, search on the directories above). An empty vector
// when listen is not a socket path (TCP, fd:0).
std::vector<CheckResult> checkSocket(const config::ServerConfig& server, const std::string& webUser,
                                     const StatFunction& stat = systemStat());

}  // namespace userimg::ops
