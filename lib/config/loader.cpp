#include "config/loader.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <utility>
#include <vector>

#include "config/setting_reader.h"
#include "core/log.h"
#include "cors/origin.h"
#include "storage/cloudinary/config_check.h"

namespace userimg::config {
namespace {

using core::Result;
using core::Status;
using detail::SettingReader;
using Poco::AutoPtr;

// Every setting the loader knows, for the environment overrides.
struct Setting {
  const char* section;
  const char* key;
};
// clang-format off
constexpr Setting kSettings[] = {
    {"data", "dir"},           {"server", "listen"},          {"server", "threads"},
    {"server", "backlog"},     {"server", "socket_mode"},     {"server", "socket_group"},
    {"server", "mount_prefix"},
    {"upload", "max_bytes"},   {"upload", "per_user_per_minute"},
    {"upload", "temp_dir"},    {"jwt", "secret"},             {"jwt", "algorithms"},
    {"jwt", "leeway"},         {"jwt", "issuer"},             {"jwt", "audience"},
    {"jwt", "token_cache"},
    {"users", "auto_provision"}, {"database", "driver"},      {"database", "sqlite_path"},
    {"database", "host"},      {"database", "port"},          {"database", "user"},
    {"database", "password"},  {"database", "name"},          {"database", "unix_socket"},
    {"database", "pool_max"},  {"storage", "backend"},        {"storage", "root"},
    {"storage", "media_prefix"}, {"storage", "profile_dir"},  {"storage", "cover_dir"},
    {"storage", "default_profile_url"}, {"log", "level"},   {"log", "file"},
    {"log", "format"},         {"log", "access"},             {"log", "user_ids"},
    {"log", "trust_request_id"}, {"log", "access_flush_ms"},
    {"images", "max_width"},   {"images", "max_height"},      {"images", "max_megapixels"},
    {"images", "max_frames"},  {"images", "profile_max_side"}, {"images", "cover_max_width"},
    {"images", "jpeg_quality"}, {"images", "keep_jpeg"}, {"images", "profile_variants"}, {"images", "cover_variants"},
    {"images", "concurrency"}, {"images", "queue"}, {"images", "vips_threads"},    {"images", "animated"},
    {"images", "animated_variants"}, {"images", "placeholders"},
    {"images", "sibling_formats"}, {"images", "sibling_main"}, {"images", "webp_quality"},
    {"images", "webp_effort"},  {"images", "avif_quality"},
    {"cloudinary", "url"},     {"cloudinary", "cloud_name"},  {"cloudinary", "api_key"},
    {"cloudinary", "api_secret"}, {"cloudinary", "upload_prefix"},
    {"cloudinary", "delivery_prefix"}, {"cloudinary", "profile_folder"},
    {"cloudinary", "cover_folder"}, {"cloudinary", "signature_algorithm"},
    {"cloudinary", "connect_timeout_ms"}, {"cloudinary", "timeout_ms"},
    {"cloudinary", "max_attempts"},
    {"deletions", "retry_seconds"}, {"deletions", "sweep_interval_seconds"},
    {"deletions", "gc_grace_seconds"},
    {"health", "healthz_path"}, {"health", "readyz_path"}, {"health", "cache_ms"},
    {"health", "stuck_deletion_seconds"}, {"metrics", "enabled"}, {"metrics", "path"},
    {"http", "cors_origins"},
    {"public", "enabled"},     {"public", "max_age"},         {"public", "cache_ms"},
    {"lookup", "secret"},
};
// clang-format on

// Cloudinary's own variable: the whole [cloudinary] credentials in one URL.
constexpr const char* kCloudinaryUrlVariable = "CLOUDINARY_URL";

// [images] sibling_formats: webp and/or avif, each once; "" is none.
std::vector<SiblingFormat> readSiblingFormats(SettingReader& in,
                                              const std::vector<SiblingFormat>& fallback) {
  const std::string name = "images.sibling_formats";
  if (!in.has(name)) return fallback;
  std::vector<SiblingFormat> out;
  for (const std::string& item : in.items(name)) {
    const std::string format = Poco::toLower(item);
    SiblingFormat parsed = SiblingFormat::kWebp;
    if (format == "avif") {
      parsed = SiblingFormat::kAvif;
    } else if (format != "webp") {
      in.fail(name, "'" + item + "' is not a sibling format (webp, avif)");
      continue;
    }
    if (std::find(out.begin(), out.end(), parsed) != out.end()) {
      in.fail(name, "'" + item + "' is listed twice");
      continue;
    }
    out.push_back(parsed);
  }
  return out;
}

// "/~alice/" -> "/~alice", "app" -> "/app", "/" and "" -> "".
std::string normaliseMountPrefix(std::string prefix) {
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (!prefix.empty() && prefix.front() != '/') prefix.insert(prefix.begin(), '/');
  return prefix;
}

std::string joinPath(const std::string& dir, const std::string& leaf) {
  return (std::filesystem::path(dir) / leaf).string();
}

// [cloudinary], in increasing precedence: the defaults, the separate
// settings (an empty one keeps the default), the `url` setting, then the
// CLOUDINARY_URL variable; a URL sets the credentials and, when its query
// names them, upload_prefix and signature_algorithm. URL errors are only
// reported when Cloudinary is the backend (`used`). No message ever holds the
// secret: parseCloudinaryUrl never echoes the URL and secrets are read with
// SettingReader::secret().
CloudinaryConfig readCloudinary(SettingReader& in, const EnvLookup& env, bool used) {
  CloudinaryConfig c;
  const auto setting = [&in](const char* key, std::string& field) {
    if (std::string value = in.text(std::string("cloudinary.") + key, ""); !value.empty()) {
      field = std::move(value);
    }
  };
  setting("cloud_name", c.cloudName);
  setting("api_key", c.apiKey);
  if (std::string secret = in.secret("cloudinary.api_secret"); !secret.empty()) {
    c.apiSecret = std::move(secret);
  }
  setting("upload_prefix", c.uploadPrefix);
  setting("delivery_prefix", c.deliveryPrefix);
  setting("profile_folder", c.profileFolder);
  setting("cover_folder", c.coverFolder);
  setting("signature_algorithm", c.signatureAlgorithm);
  c.signatureAlgorithm = Poco::toLower(c.signatureAlgorithm);
  c.connectTimeoutMs =
      static_cast<int>(in.integer("cloudinary.connect_timeout_ms", c.connectTimeoutMs, 1, 600000));
  c.timeoutMs = static_cast<int>(in.integer("cloudinary.timeout_ms", c.timeoutMs, 1, 3600000));
  c.maxAttempts = static_cast<int>(in.integer("cloudinary.max_attempts", c.maxAttempts, 1, 10));

  // parseCloudinaryUrl's messages start with "CLOUDINARY_URL: ".
  const auto applyUrl = [&](const std::string& url, bool fromFile) {
    auto parsed = parseCloudinaryUrl(url, c);
    if (parsed) {
      c = std::move(parsed.value());
    } else if (used && fromFile) {
      in.fail("cloudinary.url", parsed.status().message());
    } else if (used) {
      in.failNamed(parsed.status().message());
    }
  };
  if (const std::string url = in.secret("cloudinary.url"); !url.empty()) applyUrl(url, true);
  if (auto url = env(kCloudinaryUrlVariable); url && !url->empty()) applyUrl(*url, false);
  return c;
}

// [health] and [metrics]: each path absolute, plain and distinct.
void readObservability(SettingReader& in, AppConfig& c) {
  HealthConfig& h = c.health;
  h.healthzPath = in.text("health.healthz_path", h.healthzPath);
  h.readyzPath = in.text("health.readyz_path", h.readyzPath);
  h.cacheMs = static_cast<int>(in.integer("health.cache_ms", h.cacheMs, 0, 60000));
  h.stuckDeletionSeconds =
      in.integer("health.stuck_deletion_seconds", h.stuckDeletionSeconds, 0, 10LL * 365 * 86400);
  c.metrics.enabled = in.boolean("metrics.enabled", c.metrics.enabled);
  c.metrics.path = in.text("metrics.path", c.metrics.path);
  const std::pair<const char*, const std::string*> paths[] = {
      {"health.healthz_path", &h.healthzPath},
      {"health.readyz_path", &h.readyzPath},
      {"metrics.path", &c.metrics.path}};
  for (const auto& [name, path] : paths) {
    if (path->size() < 2 || path->front() != '/' ||
        path->find_first_of("?#% ") != std::string::npos) {
      in.fail(name, "'" + *path + "' must be a plain absolute URL path");
    }
  }
  if (h.healthzPath == h.readyzPath || h.healthzPath == c.metrics.path ||
      h.readyzPath == c.metrics.path) {
    in.fail("health.healthz_path", "the health and metrics paths must differ");
  }
}

}  // namespace

EnvLookup processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string envVariableFor(const std::string& section, const std::string& key) {
  return Poco::toUpper("USERIMG_" + section + "_" + key);
}

Result<AppConfig> loadConfig(const std::string& iniPath, const EnvLookup& env, bool requireSecret) {
  AutoPtr<Poco::Util::LayeredConfiguration> layers(new Poco::Util::LayeredConfiguration);
  AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
  for (const Setting& setting : kSettings) {
    if (auto value = env(envVariableFor(setting.section, setting.key))) {
      overrides->setString(std::string(setting.section) + "." + setting.key, *value);
    }
  }
  layers->add(overrides, 0);
  if (!iniPath.empty()) {
    if (!std::filesystem::exists(iniPath)) {
      return Status::invalidArgument("configuration file not found: " + iniPath);
    }
    try {
      AutoPtr<Poco::Util::IniFileConfiguration> ini(new Poco::Util::IniFileConfiguration(iniPath));
      layers->add(ini, 10);
    } catch (const Poco::Exception& e) {
      return Status::invalidArgument("cannot read " + iniPath + ": " + e.displayText());
    }
  }

  SettingReader in(*layers);
  AppConfig c;
  c.dataDir = in.text("data.dir", c.dataDir);

  c.server.listen = in.text("server.listen", c.server.listen);
  c.server.threads = static_cast<int>(in.integer("server.threads", c.server.threads, 0, 1024));
  c.server.backlog = static_cast<int>(in.integer("server.backlog", c.server.backlog, 1, 65535));
  c.server.socketMode =
      static_cast<int>(in.integer("server.socket_mode", c.server.socketMode, 0, 0777, 8));
  c.server.socketGroup = in.text("server.socket_group", "");
  c.server.mountPrefix = normaliseMountPrefix(in.text("server.mount_prefix", ""));
  if (c.server.mountPrefix.find_first_of("?#%") != std::string::npos) {
    in.fail("server.mount_prefix", "'" + c.server.mountPrefix + "' must be a plain URL path");
  }

  c.upload.maxBytes =
      in.integer("upload.max_bytes", c.upload.maxBytes, 1024, std::int64_t{1} << 32);
  c.upload.tempDir = in.text("upload.temp_dir", joinPath(c.dataDir, "tmp"));
  c.upload.perUserPerMinute =
      in.integer("upload.per_user_per_minute", c.upload.perUserPerMinute, 0, 1'000'000);

  c.auth.secret = in.text("jwt.secret", "");
  const std::string algorithms = in.text("jwt.algorithms", "HS256");
  c.auth.algorithms.clear();
  Poco::StringTokenizer names(
      algorithms, ", ", Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
  for (const std::string& name : names) {
    if (name != "HS256" && name != "HS384" && name != "HS512") {
      in.fail("jwt.algorithms", "'" + name + "' is not one of HS256, HS384, HS512");
    }
    c.auth.algorithms.insert(name);
  }
  if (c.auth.algorithms.empty()) in.fail("jwt.algorithms", "at least one algorithm is needed");
  c.auth.leewaySeconds = static_cast<int>(in.integer("jwt.leeway", c.auth.leewaySeconds, 0, 3600));
  c.auth.issuer = in.text("jwt.issuer", "");
  c.auth.audience = in.text("jwt.audience", "");
  c.auth.tokenCacheEntries =
      static_cast<int>(in.integer("jwt.token_cache", c.auth.tokenCacheEntries, 0, 1'000'000));
  c.auth.autoProvision = in.boolean("users.auto_provision", c.auth.autoProvision);
  if (requireSecret && c.auth.secret.empty()) {
    in.fail("jwt.secret", "is required (set it in the file or in USERIMG_JWT_SECRET)");
  } else if (requireSecret && c.auth.secret.size() < 16) {
    in.fail("jwt.secret", "must be at least 16 characters");
  }

  c.database.driver = Poco::toLower(in.text("database.driver", c.database.driver));
  if (c.database.driver != "sqlite" && c.database.driver != "mysql") {
    in.fail("database.driver", "'" + c.database.driver + "' is not sqlite or mysql");
  }
  c.database.sqlitePath = in.text("database.sqlite_path", joinPath(c.dataDir, "userimg.db"));
  c.database.host = in.text("database.host", c.database.host);
  c.database.port = static_cast<int>(in.integer("database.port", c.database.port, 1, 65535));
  c.database.user = in.text("database.user", c.database.user);
  c.database.password = in.text("database.password", "");
  c.database.name = in.text("database.name", c.database.name);
  c.database.unixSocket = in.text("database.unix_socket", "");
  c.database.poolMax =
      static_cast<int>(in.integer("database.pool_max", c.database.poolMax, 1, 1024));

  c.storage.backend = Poco::toLower(in.text("storage.backend", c.storage.backend));
  if (c.storage.backend != "local" && c.storage.backend != "cloudinary") {
    in.fail("storage.backend",
            "'" + c.storage.backend + "' is not a known backend (local, cloudinary)");
  }
  c.storage.root = in.text("storage.root", joinPath(c.dataDir, "media"));
  c.storage.mediaPrefix = in.text("storage.media_prefix", c.storage.mediaPrefix);
  if (c.storage.mediaPrefix.empty() || c.storage.mediaPrefix.back() != '/') {
    c.storage.mediaPrefix += '/';
  }
  c.storage.profileDir = in.text("storage.profile_dir", c.storage.profileDir);
  c.storage.coverDir = in.text("storage.cover_dir", c.storage.coverDir);
  for (const std::string* dir : {&c.storage.profileDir, &c.storage.coverDir}) {
    if (dir->empty() || dir->front() == '/' || dir->find("..") != std::string::npos) {
      in.fail("storage.profile_dir/cover_dir", "'" + *dir + "' must be a relative path");
    }
  }
  c.storage.defaultProfileUrl = in.text("storage.default_profile_url", c.storage.defaultProfileUrl);

  const bool cloudinary = c.storage.backend == "cloudinary";
  c.cloudinary = readCloudinary(in, env, cloudinary);
  if (cloudinary && in.error().empty()) {
    // Its messages name the setting, never a value.
    if (Status valid = storage::cloudinary::validateCloudinaryConfig(c.cloudinary); !valid.isOk()) {
      in.failNamed(valid.message() +
                   " (set it in [cloudinary] or in CLOUDINARY_URL=cloudinary://KEY:SECRET@CLOUD)");
    }
  }

  DeletionsConfig& del = c.deletions;
  del.retrySeconds =
      static_cast<int>(in.integer("deletions.retry_seconds", del.retrySeconds, 1, 86400));
  del.sweepIntervalSeconds = static_cast<int>(
      in.integer("deletions.sweep_interval_seconds", del.sweepIntervalSeconds, 1, 86400));
  del.gcGraceSeconds =
      in.integer("deletions.gc_grace_seconds", del.gcGraceSeconds, 0, 10LL * 365 * 86400);

  ImagesConfig& im = c.images;
  auto imageInt = [&in](const char* key, int fallback, int min, int max) {
    return static_cast<int>(in.integer(std::string("images.") + key, fallback, min, max));
  };
  im.maxWidth = imageInt("max_width", im.maxWidth, 1, 100000);
  im.maxHeight = imageInt("max_height", im.maxHeight, 1, 100000);
  im.maxMegapixels = imageInt("max_megapixels", im.maxMegapixels, 1, 1000);
  im.maxFrames = imageInt("max_frames", im.maxFrames, 1, 10000);
  im.profileMaxSide = imageInt("profile_max_side", im.profileMaxSide, 16, 20000);
  im.coverMaxWidth = imageInt("cover_max_width", im.coverMaxWidth, 16, 20000);
  im.jpegQuality = imageInt("jpeg_quality", im.jpegQuality, 1, 100);
  im.keepJpeg = in.boolean("images.keep_jpeg", im.keepJpeg);
  im.profileVariants = in.sizes("images.profile_variants", im.profileVariants, 8, 4096);
  im.coverVariants = in.sizes("images.cover_variants", im.coverVariants, 8, 8192);
  im.animated = in.boolean("images.animated", im.animated);
  im.animatedVariants = in.boolean("images.animated_variants", im.animatedVariants);
  im.placeholders = in.boolean("images.placeholders", im.placeholders);
  im.siblingFormats = readSiblingFormats(in, im.siblingFormats);
  im.siblingMain = in.boolean("images.sibling_main", im.siblingMain);
  im.webpQuality = imageInt("webp_quality", im.webpQuality, 1, 100);
  im.webpEffort = imageInt("webp_effort", im.webpEffort, 0, 6);
  im.avifQuality = imageInt("avif_quality", im.avifQuality, 1, 100);
  im.concurrency = imageInt("concurrency", im.concurrency, 0, 1024);
  im.queue = imageInt("queue", im.queue, 0, 100000);
  im.vipsThreads = imageInt("vips_threads", im.vipsThreads, 1, 64);

  c.log.level = Poco::toLower(in.text("log.level", c.log.level));
  c.log.file = in.text("log.file", "");
  core::log::Level level;
  if (!core::log::parseLevel(c.log.level, level)) {
    in.fail("log.level", "'" + c.log.level + "' is not debug, info, warning or error");
  }
  c.log.format = Poco::toLower(in.text("log.format", c.log.format));
  core::log::Format format;
  if (!core::log::parseFormat(c.log.format, format)) {
    in.fail("log.format", "'" + c.log.format + "' is not text or json");
  }
  c.log.access = in.boolean("log.access", c.log.access);
  c.log.userIds = in.boolean("log.user_ids", c.log.userIds);
  c.log.accessFlushMs =
      static_cast<int>(in.integer("log.access_flush_ms", c.log.accessFlushMs, 0, 60000));
  c.log.trustRequestId = in.boolean("log.trust_request_id", c.log.trustRequestId);

  readObservability(in, c);
  c.http.corsOrigins = in.items("http.cors_origins");
  for (const std::string& origin : c.http.corsOrigins) {
    if (std::string why = cors::checkOrigin(origin); !why.empty())
      in.fail("http.cors_origins", why);
  }
  readPublicImages(in, c.publicImages, c.lookup);

  if (!in.error().empty()) return Status::invalidArgument(in.error());
  return c;
}

}  // namespace userimg::config
