#pragma once
// Typed configuration: every setting of conf/userimg.ini, parsed and checked
// once at start-up by loadConfig() (config/loader.h). Each component receives
// only its own struct. Defaults here are the documented defaults.

#include <cstdint>
#include <set>
#include <string>

#include "config/cloudinary_config.h"
#include "config/http_config.h"
#include "config/images_config.h"
#include "config/public_config.h"

namespace userimg::config {

// [server]
struct ServerConfig {
  // Where to listen: "127.0.0.1:9000" (TCP), "/run/userimg.sock" (unix socket),
  // or "fd:0" (the socket a process manager passed as standard input). When
  // standard input is a listening socket it is used whatever this says.
  std::string listen = "127.0.0.1:9000";
  // Worker threads, each serving one FastCGI connection at a time.
  // 0 means 2 x the number of cores.
  int threads = 0;
  // listen(2) backlog.
  int backlog = 256;
  // Permissions of a unix socket, octal (the web server's user must write it).
  int socketMode = 0660;
  // When set, the unix socket is given this group (the web server's, e.g.
  // www-data; the process must be a member), so mode 0660 lets the web
  // server in and nobody else. "" (the default): the process's group.
  std::string socketGroup;
  // The URL path under which the web server mounts the API ("/~alice",
  // "/app"); removed from the front of every request path before routing.
  // "" (the default): the API is at the server's root. Normalised: a
  // leading '/', no trailing '/'.
  std::string mountPrefix;
};

// [upload]
struct UploadConfig {
  // Largest request body accepted, in bytes; above it the answer is 413.
  std::int64_t maxBytes = 10 * 1024 * 1024;
  // Where uploads are spooled while they are parsed and checked.
  // Empty means "<data dir>/tmp".
  std::string tempDir;
  // [upload] per_user_per_minute: uploads one user may start per fixed
  // minute of the clock, on all processes of one database together (counted
  // in its upload_windows table); beyond it 429 with Retry-After, nothing
  // stored. Refused and failed uploads count too. 0 turns the limit off.
  std::int64_t perUserPerMinute = 20;
};

// [jwt]
struct AuthConfig {
  // HMAC secret for HS256/HS384/HS512 tokens. Required.
  std::string secret;
  // Algorithms accepted in a token's header; "none" is never accepted.
  std::set<std::string> algorithms = {"HS256"};
  // Clock skew tolerated on exp and nbf, in seconds.
  int leewaySeconds = 30;
  // When set, tokens must carry this exact "iss".
  std::string issuer;
  // When set, tokens must list this "aud".
  std::string audience;
  // How many verified tokens to remember (auth/token_cache.h): a client
  // sending the same token again skips the signature check and the JSON
  // parse (exp and nbf are still checked). 0 turns the cache off.
  int tokenCacheEntries = 4096;
  // Create a user row the first time a valid token names an unknown user.
  bool autoProvision = true;
};

// [database]
struct DatabaseConfig {
  // "sqlite" (embedded, the default) or "mysql" (MySQL or MariaDB).
  std::string driver = "sqlite";
  // SQLite database file. Default "<data dir>/userimg.db".
  std::string sqlitePath;
  // MySQL/MariaDB connection.
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user = "userimg";
  std::string password;
  std::string name = "userimg";
  // When set, connect through this unix socket instead of host:port.
  std::string unixSocket;
  // Most sessions the pool keeps open (one per worker thread is enough).
  int poolMax = 32;
};

// [storage]
struct StorageConfig {
  // "local" (files under root, the default) or "cloudinary" (Cloudinary's
  // Upload API, configured by [cloudinary] and CLOUDINARY_URL).
  std::string backend = "local";
  // Root of the media tree. Default "<data dir>/media".
  std::string root;
  // URL prefix under which the web server serves root.
  std::string mediaPrefix = "/media/";
  // Folders under root for each kind.
  std::string profileDir = "resume/images";
  std::string coverDir = "resume/covers";
  // URL returned for a user who has no profile image.
  std::string defaultProfileUrl = "/static/userimg/default-profile.png";
};

// [deletions]: removing objects no record references any more.
struct DeletionsConfig {
  // First delay before a failed removal is retried, in seconds; each further
  // failure doubles it, up to an hour. Default 60.
  int retrySeconds = 60;
  // How often userimg-fcgi's background sweeper looks for due pending
  // deletions, in seconds. Default 30.
  int sweepIntervalSeconds = 30;
  // `userimgctl gc` only considers objects older than this, in seconds, so an
  // upload between its store and its commit is never taken for an orphan.
  // Default 3600.
  std::int64_t gcGraceSeconds = 3600;
};

// [log]
struct LogConfig {
  // "debug", "info", "warning" or "error".
  std::string level = "info";
  // userimg-fcgi's log lines (and everything else it writes to stderr) are
  // appended to this file, reopened on SIGHUP. "" (the default): stderr,
  // which systemd's journal, spawn-fcgi or mod_fcgid (Apache's error log)
  // captures.
  std::string file;
  // "text" (the default) or "json": one JSON object per line, for every
  // line (core/log_line.h).
  std::string format = "text";
  // One access line per request (observe/access_log.h). Default on.
  bool access = true;
  // The access lines carry the caller's user id (user_id). Default off.
  bool userIds = false;
  // Access lines are buffered (up to 4 KiB) and written at least this
  // often, in milliseconds: one write(2) per batch, not per request. 0:
  // each line is written at once. Default 100, at most 60000.
  int accessFlushMs = 100;
  // Take a request's id from its X-Request-Id header: only behind a proxy
  // that sets that header and drops the clients' own. Default off: the web
  // server's id (nginx REQUEST_ID, Apache UNIQUE_ID) or a new one
  // (observe/request_id.h).
  bool trustRequestId = false;
};

// [health]: the liveness and readiness endpoints (lib/health/).
struct HealthConfig {
  // Liveness: 200 {"status":"ok"} while the process serves requests.
  std::string healthzPath = "/healthz";
  // Readiness: 200, or 503 with the checks that failed.
  std::string readyzPath = "/readyz";
  // How long a readiness answer is reused, in milliseconds. Default 1000.
  int cacheMs = 1000;
  // The deletion queue is stuck when its oldest pending deletion is older
  // than this, in seconds; 0 turns the check off. Default 3600.
  std::int64_t stuckDeletionSeconds = 3600;
};

// [metrics]: Prometheus metrics (lib/metrics/).
struct MetricsConfig {
  // false: nothing is counted and `path` is not served. Default true.
  bool enabled = true;
  // Where the text exposition format is served.
  std::string path = "/metrics";
};

struct AppConfig {
  // [data] dir: the data directory (SQLite file, media, temp). Default "./var".
  std::string dataDir = "var";
  ServerConfig server;
  UploadConfig upload;
  AuthConfig auth;
  DatabaseConfig database;
  StorageConfig storage;
  // [cloudinary]; used when storage.backend is "cloudinary".
  CloudinaryConfig cloudinary;
  DeletionsConfig deletions;
  ImagesConfig images;
  LogConfig log;
  HealthConfig health;
  MetricsConfig metrics;
  HttpConfig http;            // [http]
  PublicConfig publicImages;  // [public]
  LookupConfig lookup;        // [lookup]
};

}  // namespace userimg::config
