#include "http/error_mapping.h"

#include "http/json_writer.h"

namespace userimg::http {

using core::StatusCode;

int httpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kInvalidImage:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kRateLimited:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kStorageFailed:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response errorResponse(ErrorShape shape, int httpStatus, const std::string& message) {
  JsonWriter body;
  body.beginObject().field(shape == ErrorShape::kError ? "error" : "detail", message).endObject();
  Response response = Response::json(httpStatus, std::move(body).take());
  if (httpStatus == 401) response.setHeader("WWW-Authenticate", "Bearer");
  return response;
}

Response errorResponse(ErrorShape shape, const core::Status& status) {
  Response response = errorResponse(shape, httpStatusFor(status.code()), status.message());
  if (status.retryAfterSeconds() > 0) {
    response.setHeader("Retry-After", std::to_string(status.retryAfterSeconds()));
  }
  return response;
}

}  // namespace userimg::http
