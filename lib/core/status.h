#pragma once
// Status: the outcome of an operation that crosses a module boundary.
//
// Modules do not throw across their boundaries: an adapter that calls Poco,
// libcurl, libfcgi or libvips catches what they throw and returns a Status.
// The HTTP layer maps a StatusCode to an HTTP status in exactly one place
// (lib/http/error_mapping.h). A Status is a small value type, cheap to copy
// and safe to share between threads once built.

#include <cstdint>
#include <string>
#include <string_view>

namespace userimg::core {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // malformed request: missing field, bad parameter (400)
  kInvalidImage,     // the uploaded bytes are not an acceptable image (400)
  kUnauthenticated,  // missing or invalid credentials (401)
  kNotFound,         // the thing asked for does not exist (404)
  kPayloadTooLarge,  // the request body or a part exceeds the limit (413)
  kUnavailable,      // a backend (database, storage) is down or timed out (503)
  kRateLimited,    // the caller used up a rate limit; retryAfterSeconds() says when to retry (429)
  kStorageFailed,  // the blob store refused or failed an operation (500)
  kInternal,       // a bug or an unexpected failure (500)
};

// The name of a code, for logs ("kNotFound" -> "not found").
std::string_view statusCodeName(StatusCode code);

class Status {
 public:
  // An OK status.
  Status() = default;

  static Status ok() { return Status(); }
  static Status invalidArgument(std::string message) {
    return {StatusCode::kInvalidArgument, std::move(message)};
  }
  static Status invalidImage(std::string message) {
    return {StatusCode::kInvalidImage, std::move(message)};
  }
  static Status unauthenticated(std::string message) {
    return {StatusCode::kUnauthenticated, std::move(message)};
  }
  static Status notFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status payloadTooLarge(std::string message) {
    return {StatusCode::kPayloadTooLarge, std::move(message)};
  }
  static Status unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  // `retryAfterSeconds` (at least 1): whole seconds until the limit lets the
  // caller try again; the answer carries it as Retry-After.
  static Status rateLimited(std::string message, std::int64_t retryAfterSeconds) {
    Status status(StatusCode::kRateLimited, std::move(message));
    status.retryAfterSeconds_ = retryAfterSeconds < 1 ? 1 : retryAfterSeconds;
    return status;
  }
  static Status storageFailed(std::string message) {
    return {StatusCode::kStorageFailed, std::move(message)};
  }
  static Status internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool isOk() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // A message a person can act on. Never contains secrets.
  const std::string& message() const { return message_; }
  // Seconds before a retry may succeed: set for kRateLimited, 0 otherwise.
  std::int64_t retryAfterSeconds() const { return retryAfterSeconds_; }
  // "not found: no such user" (for logs).
  std::string toString() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::int64_t retryAfterSeconds_ = 0;
};

}  // namespace userimg::core
