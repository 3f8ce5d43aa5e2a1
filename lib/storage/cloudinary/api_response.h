#pragma once
// Reading Cloudinary's answers: one place that turns an HTTP outcome into a
// parsed JSON object or the Status the store reports, and that keeps the API
// secret out of every message. Internal to storage/cloudinary/.

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_client.h"

namespace userimg::storage::cloudinary {

// `sent` is the outcome of HttpClient::send() for the call named `what`
// ("upload", "destroy", "list resources"). Returns the JSON object of a 2xx
// answer. Fails with kUnavailable on a transport failure, a 420/429/5xx or an
// unreadable 2xx body, and kStorageFailed with Cloudinary's error message on
// any other status. Every message has `secret` replaced by "[redacted]".
core::Result<Poco::JSON::Object::Ptr> readApiResponse(const core::Result<net::HttpResponse>& sent,
                                                      std::string_view what,
                                                      std::string_view secret);

// The operation label of the call named `what` in the metrics ("list
// resources" -> "list"; the others as they are).
std::string_view metricsOperation(std::string_view what);

// `text` with every occurrence of `secret` (when not empty) replaced.
std::string redact(std::string text, std::string_view secret);

// application/x-www-form-urlencoded escaping of one name or value.
std::string formEncode(std::string_view text);

}  // namespace userimg::storage::cloudinary
