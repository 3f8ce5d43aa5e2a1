// libFuzzer target: the configuration loader (lib/config/), an INI file
// (Poco's IniFileConfiguration, ${section.key} expansion) and USERIMG_*
// environment overrides. The input's last bytes choose which variables are
// set; their values come first (each up to a "\\" + any byte separator),
// the file's text is the rest, written to a scratch file and loaded.
//
// Contracts checked besides "no crash, no leak, no sanitizer report":
// - a refusal is kInvalidArgument with a message (the loader's one way to
//   say no: "refuses to start on a bad value");
// - an accepted configuration holds only values in the documented ranges
//   (a sample across the sections: server, upload, jwt, database, images,
//   health and metrics paths).

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "config/loader.h"
#include "fuzz_check.h"

namespace {

using userimg::config::AppConfig;

const char* const kVariables[] = {"USERIMG_JWT_SECRET",       "USERIMG_JWT_ALGORITHMS",
                                  "USERIMG_SERVER_THREADS",   "USERIMG_UPLOAD_MAX_BYTES",
                                  "USERIMG_DATABASE_DRIVER",  "USERIMG_SERVER_MOUNT_PREFIX",
                                  "USERIMG_IMAGES_MAX_WIDTH", "USERIMG_HTTP_CORS_ORIGINS",
                                  "USERIMG_STORAGE_BACKEND",  "CLOUDINARY_URL"};

bool within(std::int64_t value, std::int64_t min, std::int64_t max) {
  return value >= min && value <= max;
}

bool plainPath(const std::string& path) {
  return path.size() >= 2 && path.front() == '/' && path.find_first_of("?#% ") == std::string::npos;
}

void checkConfig(const AppConfig& c) {
  FUZZ_CHECK(within(c.server.threads, 0, 1024), "server.threads");
  FUZZ_CHECK(within(c.server.backlog, 1, 65535), "server.backlog");
  FUZZ_CHECK(within(c.server.socketMode, 0, 0777), "server.socket_mode");
  FUZZ_CHECK(c.server.mountPrefix.find_first_of("?#%") == std::string::npos,
             "server.mount_prefix is plain");
  FUZZ_CHECK(within(c.upload.maxBytes, 1024, std::int64_t{1} << 32), "upload.max_bytes");
  FUZZ_CHECK(c.auth.secret.size() >= 16, "jwt.secret");
  FUZZ_CHECK(!c.auth.algorithms.empty(), "jwt.algorithms");
  for (const std::string& name : c.auth.algorithms) {
    FUZZ_CHECK(name == "HS256" || name == "HS384" || name == "HS512", "jwt.algorithms");
  }
  FUZZ_CHECK(within(c.auth.leewaySeconds, 0, 3600), "jwt.leeway");
  FUZZ_CHECK(within(c.auth.tokenCacheEntries, 0, 1'000'000), "jwt.token_cache");
  FUZZ_CHECK(c.database.driver == "sqlite" || c.database.driver == "mysql", "database.driver");
  FUZZ_CHECK(within(c.database.port, 1, 65535), "database.port");
  FUZZ_CHECK(within(c.database.poolMax, 1, 1024), "database.pool_max");
  const auto& im = c.images;
  FUZZ_CHECK(within(im.maxWidth, 1, 100000) && within(im.maxHeight, 1, 100000),
             "images.max_width/height");
  FUZZ_CHECK(within(im.maxMegapixels, 1, 1000) && within(im.maxFrames, 1, 10000),
             "images.max_megapixels/frames");
  FUZZ_CHECK(within(im.jpegQuality, 1, 100), "images.jpeg_quality");
  for (int side : im.profileVariants) FUZZ_CHECK(within(side, 8, 4096), "profile_variants");
  for (int width : im.coverVariants) FUZZ_CHECK(within(width, 8, 8192), "cover_variants");
  FUZZ_CHECK(plainPath(c.health.healthzPath) && plainPath(c.health.readyzPath) &&
                 plainPath(c.metrics.path),
             "health and metrics paths are plain");
  FUZZ_CHECK(c.health.healthzPath != c.health.readyzPath &&
                 c.health.healthzPath != c.metrics.path && c.health.readyzPath != c.metrics.path,
             "health and metrics paths differ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const auto chosen = in.ConsumeIntegral<std::uint16_t>();
  std::map<std::string, std::string> variables;
  for (std::size_t i = 0; i < std::size(kVariables); ++i) {
    if ((chosen & (1u << i)) != 0) variables[kVariables[i]] = in.ConsumeRandomLengthString(256);
  }
  const auto env = [&variables](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
  const std::string file = (userimg::fuzz::scratchDirectory() / "userimg.ini").string();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << in.ConsumeRemainingBytesAsString();
  }

  const auto config = userimg::config::loadConfig(file, env);
  if (config) {
    checkConfig(*config);
  } else {
    FUZZ_CHECK(config.status().code() == userimg::core::StatusCode::kInvalidArgument,
               "a bad configuration is kInvalidArgument");
    FUZZ_CHECK(!config.status().message().empty(), "a refusal names the setting");
  }
  return 0;
}
