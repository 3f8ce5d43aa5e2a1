// userimgctl: the operator's tool.
//
//   userimgctl [--config FILE] migrate
//   userimgctl [--config FILE] token --user ID [--ttl SECONDS] [--email E] [--username U]
//                                    [--scope S]
//   userimgctl [--config FILE] user show ID
//   userimgctl [--config FILE] gc [--apply]
//   userimgctl [--config FILE] regenerate [--kind profile|cover] [--user ID] [--dry-run] [--force]
//   userimgctl [--config FILE] check [--service-user NAME] [--web-user NAME] [--no-socket]
//   userimgctl [--config FILE] cors-conf nginx|apache|htaccess
//   userimgctl [--config FILE] public-conf nginx
//
// Exit codes: 0 done, 1 failed (message on stderr), 2 bad usage.

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "app/application.h"
#include "auth/token_issuer.h"
#include "avatars/lookup_route.h"
#include "avatars/public_conf.h"
#include "config/loader.h"
#include "config_path.h"
#include "core/clock.h"
#include "core/scratch_dir.h"
#include "cors/web_server_conf.h"
#include "ctl_check.h"
#include "ctl_regenerate.h"
#include "db/database.h"
#include "db/migrator.h"
#include "db/sql_key_index.h"
#include "db/sql_user_repository.h"
#include "service/deletion_sweeper.h"
#include "service/garbage_collector.h"

using namespace userimg;

namespace {

constexpr const char* kUsage =
    "usage: userimgctl [--config FILE] COMMAND\n"
    "  migrate                          apply the database schema migrations\n"
    "  token --user ID [--ttl SECONDS] [--email E] [--username U]\n"
    "                                   print a signed token for user ID (ttl default 3600)\n"
    "  token --scope userimg:lookup [--user ID] [--ttl SECONDS]\n"
    "                                   a token for the batch lookup, signed with [lookup]\n"
    "                                   secret when set (user default userimg-lookup)\n"
    "  user show ID                     print a user's record as JSON\n"
    "  gc [--apply]                     retry the due pending deletions, then list stored\n"
    "                                   objects no record refers to (older than [deletions]\n"
    "                                   gc_grace_seconds); --apply removes them\n"
    "  cors-conf nginx|apache|htaccess  print the web server's copy of [http] cors_origins\n"
    "                                   (for its own error pages; README: CORS); htaccess:\n"
    "                                   the regular expression alone, for the shared-hosting\n"
    "                                   .htaccess (userimg-shared-hosting-setup)\n"
    "  public-conf nginx                print nginx's maps for the public images' static\n"
    "                                   links (/etc/nginx/conf.d/userimg-public.conf)\n";

int usage(const std::string& why) {
  std::cerr << "userimgctl: " << why << "\n" << kUsage << cli::kRegenerateUsage << cli::kCheckUsage;
  return 2;
}

int fail(const core::Status& status) {
  std::cerr << "userimgctl: " << status.message() << "\n";
  return 1;
}

// Parses "--name value" pairs; false on a stray argument or missing value.
bool parseOptions(const std::vector<std::string>& args, std::map<std::string, std::string>& out,
                  std::string& error) {
  for (std::size_t i = 0; i < args.size(); i += 2) {
    if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) {
      error = "unexpected argument '" + args[i] + "'";
      return false;
    }
    out[args[i].substr(2)] = args[i + 1];
  }
  return true;
}

core::Result<std::unique_ptr<db::Database>> openDatabase(const config::AppConfig& config) {
  return db::Database::open(config.database);
}

int migrate(const config::AppConfig& config) {
  auto database = openDatabase(config);
  if (!database) return fail(database.status());
  if (core::Status migrated = db::migrate(*database.value()); !migrated.isOk()) {
    return fail(migrated);
  }
  auto version = db::schemaVersion(*database.value());
  if (!version) return fail(version.status());
  std::cout << "database schema is at version " << version.value() << "\n";
  return 0;
}

int token(const config::AppConfig& config, const std::vector<std::string>& args) {
  std::map<std::string, std::string> options;
  std::string error;
  if (!parseOptions(args, options, error)) return usage(error);
  for (const auto& [name, unused] : options) {
    if (name != "user" && name != "ttl" && name != "email" && name != "username" &&
        name != "scope") {
      return usage("unknown option --" + name);
    }
  }
  // A scoped token names its holder (the site's backend), not a user.
  if (options["user"].empty() && !options["scope"].empty()) options["user"] = "userimg-lookup";
  if (options["user"].empty()) return usage("token needs --user ID");
  auth::TokenClaims claims;
  claims.scope = options["scope"];
  claims.userId = options["user"];
  claims.email = options["email"];
  claims.username = options["username"];
  if (options.count("ttl") != 0) {
    Poco::Int64 ttl = 0;
    if (!Poco::NumberParser::tryParse64(options["ttl"], ttl) || ttl <= 0 || ttl > 31536000) {
      return usage("--ttl must be a number of seconds between 1 and 31536000");
    }
    claims.ttlSeconds = ttl;
  }
  core::SystemClock clock;
  config::AuthConfig signing = config.auth;
  auth::Principal scoped;
  scoped.scope = claims.scope;
  if (auth::hasScope(scoped, avatars::kLookupScope) && !config.lookup.secret.empty()) {
    signing.secret = config.lookup.secret;
  }
  std::cout << auth::TokenIssuer(signing, clock).issue(claims) << "\n";
  return 0;
}

Poco::JSON::Object imageJson(const db::ImageRecord& image) {
  Poco::JSON::Object out;
  out.set("storage_key", image.storageKey);
  out.set("url", image.url);
  out.set("content_type", image.contentType);
  out.set("bytes", image.bytes);
  if (image.width) out.set("width", *image.width);
  if (image.height) out.set("height", *image.height);
  out.set("created_at", image.createdAt);
  return out;
}

int showUser(const config::AppConfig& config, const std::string& id) {
  auto database = openDatabase(config);
  if (!database) return fail(database.status());
  if (core::Status schema = db::checkSchema(*database.value()); !schema.isOk()) return fail(schema);
  db::SqlUserRepository users(*database.value());
  auto user = users.findUser(id);
  if (!user) return fail(user.status());
  if (!user.value()) {
    std::cerr << "userimgctl: no user with id '" << id << "'\n";
    return 1;
  }
  const db::UserRecord& record = *user.value();
  Poco::JSON::Object out;
  out.set("id", record.id);
  out.set("email", record.email);
  out.set("username", record.username);
  out.set("created_at", record.createdAt);
  if (record.profile) out.set("profile_image", imageJson(*record.profile));
  if (record.cover) out.set("cover_image", imageJson(*record.cover));
  out.stringify(std::cout, 2);
  std::cout << "\n";
  return 0;
}

// gc: one DeletionSweeper pass, the temp files of processes that died
// (core/scratch_dir.h), then the orphans, one line each:
//   orphan profile profile_images/3f2a... (modified 2024-05-01T12:00:00Z)
//   removed profile profile_images/3f2a...          (--apply)
// and a summary line. Exit 0 unless something failed.
int gc(const config::AppConfig& config, const std::vector<std::string>& args) {
  bool apply = false;
  for (const std::string& arg : args) {
    if (arg != "--apply") return usage("gc takes only --apply, not '" + arg + "'");
    apply = true;
  }
  auto database = openDatabase(config);
  if (!database) return fail(database.status());
  if (core::Status schema = db::checkSchema(*database.value()); !schema.isOk()) return fail(schema);
  core::SystemClock clock;
  auto store = app::makeBlobStore(config, clock);
  if (!store) return fail(store.status());
  db::SqlUserRepository users(*database.value());
  db::SqlKeyIndex keys(*database.value());

  service::SweeperOptions sweeping;
  sweeping.retrySeconds = config.deletions.retrySeconds;
  service::DeletionSweeper sweeper(users, *store.value(), sweeping);
  const service::SweepReport swept = sweeper.sweepOnce(clock.nowSeconds());
  std::cout << "pending deletions: " << swept.removed << " removed, " << swept.deferred
            << " deferred"
            << (swept.status.isOk() ? "" : " (stopped: " + swept.status.message() + ")") << "\n";

  const core::ScratchSweep temp = core::sweepAbandonedScratch(config.upload.tempDir);
  std::cout << "temp: " << temp.abandonedDirs << " directories of processes that died and "
            << temp.staleEntries << " stale files removed from " << config.upload.tempDir << "\n";

  service::GarbageCollector collector(*store.value(), keys,
                                      {.graceSeconds = config.deletions.gcGraceSeconds});
  auto orphans = collector.findOrphans(clock.nowSeconds());
  if (!orphans) return fail(orphans.status());
  int removed = 0;
  int kept = 0;
  int failed = 0;
  for (const service::Orphan& orphan : orphans.value()) {
    const std::string kind(core::imageKindName(orphan.kind));
    const std::string modified =
        orphan.modifiedAt > 0
            ? " (modified " +
                  Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(orphan.modifiedAt),
                                                  Poco::DateTimeFormat::ISO8601_FORMAT) +
                  ")"
            : "";
    if (!apply) {
      std::cout << "orphan " << kind << " " << orphan.key << modified << "\n";
      continue;
    }
    auto result = collector.removeOrphan(orphan);
    if (!result) {
      ++failed;
      std::cout << "failed " << kind << " " << orphan.key << ": " << result.status().message()
                << "\n";
    } else if (result.value()) {
      ++removed;
      std::cout << "removed " << kind << " " << orphan.key << modified << "\n";
    } else {
      ++kept;
      std::cout << "kept " << kind << " " << orphan.key << " (referenced now)\n";
    }
  }
  const std::size_t found = orphans->size();
  if (!apply) {
    std::cout << "gc: " << found << " orphaned object" << (found == 1 ? "" : "s") << " found"
              << (found > 0 ? "; run 'userimgctl gc --apply' to remove them" : "") << "\n";
  } else {
    std::cout << "gc: " << found << " orphaned object" << (found == 1 ? "" : "s") << " found, "
              << removed << " removed, " << kept << " kept, " << failed << " failed\n";
  }
  return failed == 0 && swept.status.isOk() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  const std::string configPath = cli::takeConfigPath(argc, argv, error);
  if (!error.empty()) return usage(error);
  if (argc < 2) return usage("a command is needed");
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage << cli::kRegenerateUsage << cli::kCheckUsage;
    return 0;
  }
  // check reports a configuration that does not load as one of its checks.
  if (command == "check") return cli::check(configPath, args);

  const bool needsSecret = command == "token";
  auto config = config::loadConfig(configPath, config::processEnvironment(), needsSecret);
  if (!config) return fail(config.status());

  if (command == "migrate") {
    if (!args.empty()) return usage("migrate takes no arguments");
    return migrate(config.value());
  }
  if (command == "token") return token(config.value(), args);
  if (command == "user") {
    if (args.size() != 2 || args[0] != "show") return usage("expected: user show ID");
    return showUser(config.value(), args[1]);
  }
  if (command == "gc") return gc(config.value(), args);
  if (command == "cors-conf") {
    if (args.size() != 1 || (args[0] != "nginx" && args[0] != "apache" && args[0] != "htaccess")) {
      return usage("expected: cors-conf nginx|apache|htaccess");
    }
    const std::string source = configPath.empty() ? "the defaults" : configPath;
    const std::vector<std::string>& origins = config.value().http.corsOrigins;
    if (args[0] == "nginx") {
      std::cout << cors::nginxCorsConf(origins, source);
    } else if (args[0] == "apache") {
      std::cout << cors::apacheCorsConf(origins, source);
    } else {
      // A .htaccess cannot Include a file: the setup writes this into it.
      std::cout << cors::originsRegex(origins) << "\n";
    }
    return 0;
  }
  if (command == "public-conf") {
    if (args.size() != 1 || args[0] != "nginx") return usage("expected: public-conf nginx");
    std::cout << avatars::nginxPublicConf(config.value(),
                                          configPath.empty() ? "the defaults" : configPath);
    return 0;
  }
  if (command == "regenerate") return cli::regenerate(config.value(), args);
  return usage("unknown command '" + command + "'");
}
