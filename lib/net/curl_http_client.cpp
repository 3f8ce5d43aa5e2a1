#include "net/curl_http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "metrics/events.h"

namespace userimg::net {
namespace {

using core::Result;
using core::Status;
using Clock = std::chrono::steady_clock;

// One easy handle per thread, kept for the thread's life: reusing it keeps
// its connection cache (keep-alive) and TLS session cache.
struct ThreadHandle {
  CURL* handle = nullptr;
  ~ThreadHandle() {
    if (handle != nullptr) curl_easy_cleanup(handle);
  }
};

CURL* threadHandle() {
  thread_local ThreadHandle local;
  if (local.handle == nullptr) {
    local.handle = curl_easy_init();
  } else {
    curl_easy_reset(local.handle);  // keeps live connections and session IDs
  }
  return local.handle;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};

// What one attempt produced: a response, or a curl error.
struct Attempt {
  CURLcode code = CURLE_OK;
  std::string error;  // curl's error buffer when code != CURLE_OK
  bool tooLarge = false;
  HttpResponse response;
};

struct Sink {
  Attempt* attempt;
  std::size_t maxBytes;
};

size_t writeBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * count;
  std::string& body = sink->attempt->response.body;
  if (body.size() + bytes > sink->maxBytes) {
    sink->attempt->tooLarge = true;
    return 0;  // makes curl fail with CURLE_WRITE_ERROR
  }
  body.append(data, bytes);
  return bytes;
}

size_t writeHeader(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  auto& headers = sink->attempt->response.headers;
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();  // a new response (after 100 Continue): forget the old one's
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return bytes;
}

// Curl errors that another attempt cannot fix.
bool isPermanent(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_WRITE_ERROR:
    case CURLE_READ_ERROR:
    case CURLE_FILE_COULDNT_READ_FILE:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_LOGIN_DENIED:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return true;
    default:
      return false;
  }
}

// The URL without its query, for messages.
std::string describe(const HttpRequest& request) {
  const std::string url = request.url.substr(0, request.url.find('?'));
  return std::string(httpMethodName(request.method)) + " " + url;
}

Attempt perform(const HttpRequest& request, const CurlHttpClientOptions& options,
                long connectTimeoutMs, long timeoutMs) {
  Attempt attempt;
  CURL* curl = threadHandle();
  if (curl == nullptr) {
    attempt.code = CURLE_FAILED_INIT;
    attempt.error = "cannot create a curl handle";
    return attempt;
  }
  char errorBuffer[CURL_ERROR_SIZE] = {0};
  const std::size_t maxResponseBytes =
      request.maxResponseBytes > 0 ? request.maxResponseBytes : options.maxResponseBytes;
  Sink sink{&attempt, maxResponseBytes};

  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeoutMs);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options.userAgent.c_str());
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, writeHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);

  // "Expect:" turns off 100-continue: it costs a round trip (or a 1 s wait).
  curl_slist* rawHeaders = curl_slist_append(nullptr, "Expect:");
  for (const auto& [name, value] : request.headers) {
    rawHeaders = curl_slist_append(rawHeaders, (name + ": " + value).c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(rawHeaders);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

  if (request.basicAuth) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(curl, CURLOPT_USERNAME, request.basicAuth->user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, request.basicAuth->password.c_str());
  }

  std::unique_ptr<curl_mime, MimeDeleter> mime;
  if (request.form) {
    mime.reset(curl_mime_init(curl));
    for (const auto& [name, value] : request.form->fields) {
      curl_mimepart* part = curl_mime_addpart(mime.get());
      curl_mime_name(part, name.c_str());
      curl_mime_data(part, value.data(), value.size());
    }
    if (const auto& file = request.form->file) {
      curl_mimepart* part = curl_mime_addpart(mime.get());
      curl_mime_name(part, file->name.c_str());
      curl_mime_filedata(part, file->path.c_str());  // streamed while sending
      if (!file->filename.empty()) curl_mime_filename(part, file->filename.c_str());
      if (!file->contentType.empty()) curl_mime_type(part, file->contentType.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime.get());
  } else if (request.method != HttpMethod::kGet) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  }
  if (request.method == HttpMethod::kGet) {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == HttpMethod::kDelete) {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
  }

  attempt.code = curl_easy_perform(curl);
  if (attempt.code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    attempt.response.status = static_cast<int>(status);
  } else {
    attempt.error = errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(attempt.code);
    if (attempt.tooLarge) {
      attempt.error = "response larger than " + std::to_string(maxResponseBytes) + " bytes";
    }
  }
  // The handle outlives this call: drop pointers into our locals.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, nullptr);
  return attempt;
}

long remainingMs(Clock::time_point deadline) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
}

}  // namespace

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
  try {
    if (request.url.rfind("http://", 0) != 0 && request.url.rfind("https://", 0) != 0) {
      return Status::invalidArgument("not an http(s) URL: " + describe(request));
    }
    if (request.form && request.form->file) {
      std::error_code error;
      if (!std::filesystem::is_regular_file(request.form->file->path, error)) {
        return Status::invalidArgument("cannot read " + request.form->file->path.string());
      }
    }
    const int timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : options_.timeoutMs;
    const int connectMs =
        request.connectTimeoutMs > 0 ? request.connectTimeoutMs : options_.connectTimeoutMs;
    const int maxAttempts = request.idempotent ? std::max(1, options_.retry.maxAttempts) : 1;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);

    Attempt last;
    int attempt = 1;
    for (;; ++attempt) {
      const long budget = std::max(1L, remainingMs(deadline));
      last = perform(request, options_, std::min<long>(connectMs, budget), budget);
      const bool retryable =
          last.code == CURLE_OK ? isRetryableStatus(last.response.status) : !isPermanent(last.code);
      if (!retryable || attempt >= maxAttempts) break;
      // Honour a short Retry-After (in seconds); otherwise back off exponentially.
      long pause = options_.retry.backoffBeforeAttemptMs(attempt + 1);
      const std::string retryAfter = last.response.header("Retry-After");
      if (!retryAfter.empty() &&
          std::all_of(retryAfter.begin(), retryAfter.end(),
                      [](unsigned char c) { return std::isdigit(c) != 0; }) &&
          retryAfter.size() < 4) {
        pause = std::max(pause, std::stol(retryAfter) * 1000L);
      }
      if (pause >= remainingMs(deadline)) break;  // no time left for another attempt
      std::this_thread::sleep_for(std::chrono::milliseconds(pause));
      metrics::cloudinaryRetry();
    }
    if (last.code != CURLE_OK) {
      return Status::unavailable(
          describe(request) + " failed" +
          (attempt > 1 ? " after " + std::to_string(attempt) + " attempts" : std::string()) + ": " +
          last.error);
    }
    return std::move(last.response);
  } catch (const std::exception& e) {
    return Status::internal(describe(request) + " failed: " + e.what());
  }
}

}  // namespace userimg::net
