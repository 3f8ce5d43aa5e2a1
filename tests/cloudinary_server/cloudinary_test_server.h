#pragma once
// CloudinaryTestServer: a strict stand-in for Cloudinary's Upload, Admin and
// delivery endpoints, listening on 127.0.0.1 only, for tests of the Cloudinary
// BlobStore and of the HTTP client. Used in-process by the unit tests and as
// the `cloudinary-test-server` executable by integration tests.
//
// Strict like Cloudinary: every signed call is checked (api_key known,
// timestamp present and at most an hour old, signature recomputed over the
// received parameters with SHA-1 or SHA-256 chosen by its length); missing
// parameters are 400, a bad signature or credentials 401, with Cloudinary's
// {"error": {"message": "..."}} body. A request that carries the API secret
// anywhere (a field, a header other than the Admin API's basic auth, the
// URL) is refused with 400: the secret must never be sent.
//
// Endpoints (cloud = Options::cloudName):
//   POST /v1_1/<cloud>/image/upload             multipart: file, public_id, folder, ...
//   POST /v1_1/<cloud>/image/destroy            {"result": "ok"} / {"result": "not found"}
//   GET  /v1_1/<cloud>/resources/image[/upload] basic auth; prefix, max_results, next_cursor
//   GET  /v1_1/<cloud>/ping                     basic auth; {"status": "ok"}
//   GET  /<cloud>/image/upload/[<transformation>/][v<version>/]<public_id>[.<format>]
//   POST /__control  {"mode": "ok"|"<status>"|"timeout"|"drop"|"malformed",
//                     "count": N, "match": "<path substring>", "delay_ms": M, "now": S}
//        the next N requests whose path contains `match` fail that way:
//        "500"/"429"/any status answers it with an error body; "timeout" waits
//        delay_ms (default 10 s) before answering; "drop" closes the connection
//        without an answer; "malformed" answers 200 with broken JSON. "now"
//        fixes the server's clock (seconds since the epoch; 0 = real time).
//   GET  /__state    {"resources": [...], "destroyed": [...], "requests": [...],
//                     "counts": {"upload": n, "destroy": n, "list": n, "ping": n, "deliver": n}}
//
// Thread-safe. start() throws Poco::Exception when it cannot listen.

#include <cstdint>
#include <memory>
#include <string>

#include <Poco/JSON/Object.h>

namespace userimg::cloudinary_server {

struct ServerState;

class CloudinaryTestServer {
 public:
  struct Options {
    std::string cloudName = "test-cloud";
    std::string apiKey = "123456789012345";
    std::string apiSecret = "test-api-secret-value";
    std::uint16_t port = 0;  // 0: an ephemeral port
    std::int64_t maxTimestampAgeSeconds = 3600;
    std::int64_t maxUploadBytes = 20 * 1024 * 1024;
  };

  explicit CloudinaryTestServer(Options options);
  ~CloudinaryTestServer();
  CloudinaryTestServer(const CloudinaryTestServer&) = delete;
  CloudinaryTestServer& operator=(const CloudinaryTestServer&) = delete;

  void start();
  // Stops listening, wakes waiting "timeout" handlers, aborts connections.
  void stop();

  std::uint16_t port() const;
  // "http://127.0.0.1:<port>"
  std::string baseUrl() const;
  const Options& options() const { return options_; }

  // The same as POST /__control.
  void failNext(const std::string& mode, int count, const std::string& match = "",
                int delayMs = 10000);
  // The same as "now" in POST /__control.
  void setNow(std::int64_t secondsSinceEpoch);
  // The same as GET /__state.
  Poco::JSON::Object::Ptr state() const;

 private:
  struct Running;
  Options options_;
  std::shared_ptr<ServerState> state_;
  std::unique_ptr<Running> running_;
};

}  // namespace userimg::cloudinary_server
