#include "ops/checks.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "db/database.h"
#include "db/migrator.h"

namespace userimg::ops {
namespace {

CheckResult passed(std::string what) {
  return {true, std::move(what), ""};
}

CheckResult failed(std::string what, std::string fix) {
  return {false, std::move(what), std::move(fix)};
}

std::string databaseName(const config::DatabaseConfig& database) {
  if (database.driver == "sqlite") return "database sqlite " + database.sqlitePath;
  const std::string where = database.unixSocket.empty()
                                ? database.host + ":" + std::to_string(database.port)
                                : database.unixSocket;
  return "database " + database.driver + " " + database.user + "@" + where + "/" + database.name;
}

}  // namespace

CheckResult checkDatabase(const config::DatabaseConfig& database) {
  const std::string what = databaseName(database);
  // Opening a missing SQLite file would create it, owned by whoever runs
  // the check (root): the service could not write it.
  std::error_code ec;
  if (database.driver == "sqlite" && !std::filesystem::exists(database.sqlitePath, ec)) {
    return failed(what, "the file does not exist: run `userimgctl migrate` as the service user");
  }
  auto opened = db::Database::open(database);
  if (!opened) {
    return failed(what, opened.status().message() +
                            " (is the server running? check the [database] settings)");
  }
  if (core::Status schema = db::checkSchema(*opened.value()); !schema.isOk()) {
    return failed(what, schema.message());
  }
  return passed(what + " at schema version " + std::to_string(db::latestSchemaVersion()));
}

std::vector<CheckResult> checkStorageRoot(const std::string& root, const std::string& serviceUser,
                                          const std::string& webUser, const StatFunction& stat) {
  std::vector<CheckResult> out;
  const struct {
    const std::string& user;
    unsigned need;
    const char* verb;
  } wants[] = {{serviceUser, kWrite | kSearch, "writable"}, {webUser, kRead | kSearch, "readable"}};
  for (const auto& want : wants) {
    const std::string what = "storage root " + root + " " + want.verb + " by " + want.user;
    auto user = lookupUser(want.user);
    if (!user) {
      out.push_back(failed(
          what,
          user.status().message() + ": create it, or name another with --service-user/--web-user"));
      continue;
    }
    const AccessVerdict verdict = checkAccess(root, user.value(), want.need, stat);
    if (!verdict.allowed) {
      out.push_back(failed(what, verdict.reason));
    } else if (const auto info = stat(root); info && !S_ISDIR(info->mode)) {
      out.push_back(failed(what, root + " is not a directory"));
    } else {
      out.push_back(passed(what));
    }
  }
  return out;
}

std::vector<CheckResult> checkSocket(const config::ServerConfig& server, const std::string& webUser,
                                     const StatFunction& stat) {
  std::vector<CheckResult> out;
  const std::string& path = server.listen;
  if (path.find('/') == std::string::npos) return out;  // TCP or fd:0
  const std::string group = server.socketGroup.empty() ? "the service's group" : server.socketGroup;
  const std::string what =
      "socket " + path + " (group " + group + ", mode " + modeText(server.socketMode) + ")";
  errno = 0;
  const std::optional<PathInfo> info = stat(path);
  if (!info && errno != ENOENT) {
    out.push_back(failed(what, std::string("cannot inspect it: ") + std::strerror(errno) +
                                   " (run userimgctl check as root)"));
    return out;
  }
  if (!info) {
    out.push_back(failed(what,
                         "it does not exist: start the service (systemctl start userimg), "
                         "or make [server] listen the path it listens on"));
    return out;
  }
  if (!S_ISSOCK(info->mode)) {
    out.push_back(failed(what, path + " is not a socket: remove it and restart the service"));
    return out;
  }
  std::string wrong;
  if (!server.socketGroup.empty()) {
    const std::optional<gid_t> gid = lookupGroup(server.socketGroup);
    if (!gid) {
      wrong = "there is no group '" + server.socketGroup + "' ([server] socket_group)";
    } else if (*gid != info->gid) {
      wrong = "its owner is " + ownerText(*info) + ", not group " + server.socketGroup;
    }
  }
  if (wrong.empty() && (info->mode & 0777) != static_cast<mode_t>(server.socketMode & 0777)) {
    wrong = "its mode is " + modeText(info->mode) + ", not [server] socket_mode " +
            modeText(server.socketMode);
  }
  if (wrong.empty() && (info->mode & S_IWOTH) != 0) {
    wrong = "its mode " + modeText(info->mode) + " lets any local user connect";
  }
  if (!wrong.empty()) {
    out.push_back(failed(what, wrong + ": restart the service (it sets the group and mode when it "
                                       "creates the socket), with socket_mode 0660 and "
                                       "socket_group the web server's group"));
  } else {
    out.push_back(passed(what));
  }
  const std::string reach = "socket " + path + " reachable by " + webUser;
  auto user = lookupUser(webUser);
  if (!user) {
    out.push_back(
        failed(reach, user.status().message() + ": name the web server's user with --web-user"));
    return out;
  }
  const AccessVerdict verdict = checkAccess(path, user.value(), kWrite, stat);
  out.push_back(verdict.allowed ? passed(reach) : failed(reach, verdict.reason));
  return out;
}

}  // namespace userimg::ops
