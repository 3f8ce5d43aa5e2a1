#pragma once
// HttpClient: the seam between userimg and HTTP services (Cloudinary). Like
// leveldb's Env, production uses the libcurl implementation
// (net/curl_http_client.h) and tests use a scripted fake
// (tests/fakes/fake_http_client.h), so callers are tested without a network.
//
// send() never throws. A response with any HTTP status (including 4xx and
// 5xx) is a successful send(); only transport failures (DNS, connect, TLS,
// timeout, dropped connection, oversized response) fail, with kUnavailable.
// Implementations are thread-safe.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace userimg::net {

enum class HttpMethod { kGet, kPost, kDelete };

// "GET", "POST", "DELETE".
const char* httpMethodName(HttpMethod method);

// A header or form field: name and value, in the order given.
using NameValue = std::pair<std::string, std::string>;

// A multipart/form-data body: text fields followed by one file part whose
// bytes are streamed from `path` while sending (never loaded in memory).
struct MultipartForm {
  struct FilePart {
    std::string name = "file";   // the form field name
    std::filesystem::path path;  // read while sending; must exist
    std::string filename;        // the filename sent ("upload.jpg")
    std::string contentType;     // "image/jpeg"; empty lets the client guess
  };
  std::vector<NameValue> fields;
  std::optional<FilePart> file;
};

// HTTP basic authentication, sent in the Authorization header only (never in
// the URL, so it cannot leak into logs that print URLs).
struct BasicAuth {
  std::string user;
  std::string password;
};

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;                    // absolute http(s) URL, query included
  std::vector<NameValue> headers;     // extra headers ("Content-Type", ...)
  std::string body;                   // sent as is when `form` is empty
  std::optional<MultipartForm> form;  // when set, the body is this form
  std::optional<BasicAuth> basicAuth;
  // Per-request overrides of the client's defaults; 0 keeps the default.
  // timeoutMs bounds the whole send(), retries and back-off included.
  int connectTimeoutMs = 0;
  int timeoutMs = 0;
  // The largest response body accepted (a larger one fails the send());
  // 0 keeps the client's default.
  std::size_t maxResponseBytes = 0;
  // Whether the request may be sent again after a transport error, a 429 or
  // a 5xx: true for GETs, deletes and anything whose repetition has the same
  // effect as one success (an upload under a fixed name).
  bool idempotent = false;
};

struct HttpResponse {
  int status = 0;
  std::vector<NameValue> headers;  // as received; names as sent by the server
  std::string body;

  // The first header named `name` (case-insensitive); empty when absent.
  std::string header(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient() = default;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  virtual ~HttpClient() = default;

  // Sends `request` and returns the final response. Fails with kUnavailable
  // on a transport failure (the message names the method, the URL without
  // its query, and the cause) and with kInvalidArgument on a malformed request
  // (bad URL, missing file).
  virtual core::Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace userimg::net
