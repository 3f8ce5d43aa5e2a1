#include "ctl_check.h"

#include <iostream>

#include "app/application.h"
#include "config/loader.h"
#include "core/clock.h"
#include "ops/checks.h"

namespace userimg::cli {

const char* const kCheckUsage =
    "  check [--service-user NAME] [--web-user NAME] [--no-socket]\n"
    "                                   check the configuration, the database and its\n"
    "                                   schema, the storage root's permissions (for the\n"
    "                                   service user, default userimg, and the web\n"
    "                                   server's, default www-data) or the Cloudinary\n"
    "                                   credentials, and the socket;\n"
    "                                   --no-socket: the service is not started yet\n";

namespace {

int usage(const std::string& why) {
  std::cerr << "userimgctl: " << why << "\n" << kCheckUsage;
  return 2;
}

// Cloudinary storage: the credentials work (the Admin API's ping, the
// probe /readyz runs too).
ops::CheckResult checkCloudinary(const config::AppConfig& config) {
  const std::string what = "Cloudinary credentials (Admin API ping)";
  const std::string fix =
      "check CLOUDINARY_URL (cloudinary://API_KEY:API_SECRET@CLOUD_NAME) and that the service "
      "is reachable from this machine";
  core::SystemClock clock;
  auto store = app::makeBlobStore(config, clock);
  if (!store) return {false, what, store.status().message() + "; " + fix};
  const core::Status probed = store.value()->probe();
  if (!probed.isOk()) return {false, what, probed.message() + "; " + fix};
  return {true, what, ""};
}

// Prints the result; false when it failed.
bool report(const ops::CheckResult& result) {
  if (result.ok) {
    std::cout << "OK  " << result.what << "\n";
  } else {
    std::cout << "FAIL " << result.what << ": " << result.fix << "\n";
  }
  return result.ok;
}

}  // namespace

int check(const std::string& configPath, const std::vector<std::string>& args) {
  std::string serviceUser = "userimg";
  std::string webUser = "www-data";
  bool socket = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--no-socket") {
      socket = false;
    } else if ((arg == "--service-user" || arg == "--web-user") && i + 1 < args.size()) {
      (arg == "--service-user" ? serviceUser : webUser) = args[++i];
    } else {
      return usage("check: unexpected argument '" + arg + "'");
    }
  }

  const std::string source = configPath.empty() ? "(defaults and environment)" : configPath;
  auto config = config::loadConfig(configPath, config::processEnvironment());
  if (!report(
          {config.ok(), "configuration " + source, config.ok() ? "" : config.status().message()})) {
    return 1;
  }
  bool ok = report(ops::checkDatabase(config->database));
  if (config->storage.backend == "local") {
    for (const auto& result : ops::checkStorageRoot(config->storage.root, serviceUser, webUser)) {
      ok = report(result) && ok;
    }
  } else if (config->storage.backend == "cloudinary") {
    ok = report(checkCloudinary(config.value())) && ok;
  }
  if (socket) {
    for (const auto& result : ops::checkSocket(config->server, webUser)) ok = report(result) && ok;
  }
  return ok ? 0 : 1;
}

}  // namespace userimg::cli
