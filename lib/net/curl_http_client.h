#pragma once
// CurlHttpClient: the libcurl implementation of HttpClient, and the only code
// in userimg that touches libcurl.
//
// Each thread reuses one CURL easy handle across requests (reset between
// them), so connections are kept alive and TLS sessions resumed per thread.
// curl_global_init runs once, on first construction. Signals are never used
// (CURLOPT_NOSIGNAL), so timeouts are safe in a multi-threaded server.
//
// Idempotent requests are repeated after a transport error, a 429/420 or a
// 5xx, up to RetryPolicy::maxAttempts, with exponential back-off; the whole
// send() (every attempt and pause) stays within the request's timeout.
// Multipart file parts are streamed from disk (curl_mime_filedata).
//
// Thread-safe: any number of threads may call send() concurrently.

#include <cstddef>
#include <string>

#include "net/http_client.h"
#include "net/retry_policy.h"

namespace userimg::net {

struct CurlHttpClientOptions {
  // Longest wait for a TCP/TLS connection, per attempt. Default 5 s.
  int connectTimeoutMs = 5000;
  // Longest a whole send() may take, retries included. Default 30 s.
  int timeoutMs = 30000;
  RetryPolicy retry;
  // Responses larger than this fail (kUnavailable). Default 8 MiB.
  std::size_t maxResponseBytes = 8 * 1024 * 1024;
  // The User-Agent header.
  std::string userAgent = "userimg/0.1";
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlHttpClientOptions options = {});

  core::Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  CurlHttpClientOptions options_;
};

}  // namespace userimg::net
