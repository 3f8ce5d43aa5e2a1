#include "core/status.h"

namespace userimg::core {

std::string_view statusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kInvalidImage:
      return "invalid image";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kPayloadTooLarge:
      return "payload too large";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kRateLimited:
      return "rate limited";
    case StatusCode::kStorageFailed:
      return "storage failed";
    case StatusCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Status::toString() const {
  if (isOk()) return "ok";
  std::string out(statusCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

}  // namespace userimg::core
