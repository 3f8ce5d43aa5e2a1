#include "storage/cloudinary/api_response.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cctype>

#include "metrics/events.h"
#include "net/retry_policy.h"

namespace userimg::storage::cloudinary {
namespace {

using core::Result;
using core::Status;

constexpr std::size_t kMaxMessage = 300;

// Cloudinary's {"error": {"message": "..."}}, or a short excerpt of the body.
std::string errorMessage(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(body);
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (object) {
      if (const auto error = object->getObject("error")) {
        const std::string message = error->optValue<std::string>("message", "");
        if (!message.empty()) return message.substr(0, kMaxMessage);
      }
    }
  } catch (const std::exception&) {
    // Not JSON (an HTML error page from a proxy, say): fall through.
  }
  std::string excerpt = body.substr(0, 120);
  for (char& c : excerpt) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return excerpt.empty() ? "no details" : excerpt;
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[redacted]");
    at += 10;
  }
  return text;
}

namespace {

Result<Poco::JSON::Object::Ptr> readAnswer(const Result<net::HttpResponse>& sent,
                                           std::string_view what, std::string_view secret) {
  const std::string call = "Cloudinary " + std::string(what);
  if (!sent) {
    const Status failure = sent.status();
    const std::string message = redact(call + ": " + failure.message(), secret);
    return failure.code() == core::StatusCode::kUnavailable ? Status::unavailable(message)
                                                            : Status::storageFailed(message);
  }
  const net::HttpResponse& response = sent.value();
  const std::string status = "HTTP " + std::to_string(response.status);
  if (response.status < 200 || response.status > 299) {
    const std::string message = errorMessage(response.body);
    if (net::isRetryableStatus(response.status)) {
      return Status::unavailable(redact(call + " failed (" + status + "): " + message, secret));
    }
    return Status::storageFailed(redact(call + " refused (" + status + "): " + message, secret));
  }
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(response.body);
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (object) return object;
  } catch (const std::exception&) {
    // reported below
  }
  return Status::unavailable(call + ": unreadable response (" + status + ", " +
                             std::to_string(response.body.size()) + " bytes)");
}

// The metrics' name of a call and of how it ended (metrics/events.h).
std::string_view outcomeOf(const Result<net::HttpResponse>& sent,
                           const Result<Poco::JSON::Object::Ptr>& read) {
  if (read) return "ok";
  if (!sent || net::isRetryableStatus(sent->status)) return "unavailable";
  if (sent->status >= 200 && sent->status <= 299) return "bad_answer";
  return "client_error";
}

}  // namespace

std::string_view metricsOperation(std::string_view what) {
  return what == "list resources" ? std::string_view("list") : what;
}

Result<Poco::JSON::Object::Ptr> readApiResponse(const Result<net::HttpResponse>& sent,
                                                std::string_view what, std::string_view secret) {
  auto read = readAnswer(sent, what, secret);
  metrics::cloudinaryCall(metricsOperation(what), outcomeOf(sent, read));
  return read;
}

std::string formEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
  return out;
}

}  // namespace userimg::storage::cloudinary
