#include "request_handler.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "server_support.h"

namespace userimg::cloudinary_server {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

// The counter a request for `path` adds to: "upload", "destroy", "list",
// "deliver" or "other".
std::string categoryOf(const std::string& path) {
  const auto endsWith = [&](const std::string& tail) {
    return path.size() >= tail.size() &&
           path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (path.rfind("/v1_1/", 0) == 0) {
    if (endsWith("/image/upload")) return "upload";
    if (endsWith("/image/destroy")) return "destroy";
    if (path.find("/resources/image") != std::string::npos) return "list";
    if (endsWith("/ping")) return "ping";
    return "other";
  }
  return path.find("/image/upload/") != std::string::npos ? "deliver" : "other";
}

}  // namespace

void RequestHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
  try {
    route(request, response);
  } catch (const std::exception& e) {
    if (!response.sent()) send(response, error(500, std::string("test server: ") + e.what()));
  }
}

void RequestHandler::route(HTTPServerRequest& request, HTTPServerResponse& response) {
  const Poco::URI uri(request.getURI());
  const std::string path = uri.getPath();
  const bool isGet = request.getMethod() == "GET";
  if (path == "/__control" && !isGet) return control(request, response);
  if (path == "/__state") {
    std::lock_guard lock(state_->mutex);
    return send(response, {200, state_->toJson()});
  }
  std::optional<Failure> failure;
  {
    std::lock_guard lock(state_->mutex);
    ++state_->counts[categoryOf(path)];  // injected failures count too
    failure = state_->takeFailure(path);
  }
  if (failure) return injectFailure(*failure, request, response);

  const std::string& cloud = state_->options.cloudName;
  if (path.rfind("/v1_1/", 0) == 0) {
    Poco::StringTokenizer parts(path.substr(6), "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    std::vector<std::string> segments(parts.begin(), parts.end());
    Poco::NullOutputStream discard;
    if (segments.empty() || segments[0] != cloud) {
      Poco::StreamCopier::copyStream(request.stream(), discard);
      return send(response,
                  error(401, "Invalid cloud_name " + (segments.empty() ? "" : segments[0])));
    }
    segments.erase(segments.begin());
    if (!isGet && segments == std::vector<std::string>{"image", "upload"}) {
      return upload(request, response);
    }
    if (!isGet && segments == std::vector<std::string>{"image", "destroy"}) {
      return destroy(request, response);
    }
    if (isGet && segments.size() >= 2 && segments[0] == "resources" && segments[1] == "image" &&
        (segments.size() == 2 || (segments.size() == 3 && segments[2] == "upload"))) {
      return list(request, uri, response);
    }
    if (isGet && segments == std::vector<std::string>{"ping"}) return ping(request, response);
    Poco::StreamCopier::copyStream(request.stream(), discard);
    return send(response, error(404, "Resource not found - " + path));
  }
  const std::string deliveryPrefix = "/" + cloud + "/image/upload/";
  if (isGet && path.rfind(deliveryPrefix, 0) == 0) {
    return deliver(path.substr(deliveryPrefix.size()), response);
  }
  send(response, error(404, "Resource not found - " + path));
}

void RequestHandler::control(HTTPServerRequest& request, HTTPServerResponse& response) {
  std::string body;
  Poco::StreamCopier::copyToString(request.stream(), body);
  Poco::JSON::Parser parser;
  const auto json = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  {
    std::lock_guard lock(state_->mutex);
    if (json->has("mode")) {
      state_->failure.mode = json->getValue<std::string>("mode");
      state_->failure.remaining = json->optValue<int>("count", 1);
      state_->failure.match = json->optValue<std::string>("match", "");
      state_->failure.delayMs = json->optValue<int>("delay_ms", 10000);
    }
    if (json->has("now")) state_->fixedNow = json->getValue<Poco::Int64>("now");
  }
  Poco::JSON::Object::Ptr ok = new Poco::JSON::Object;
  ok->set("ok", true);
  send(response, {200, ok});
}

void RequestHandler::injectFailure(const Failure& failure, HTTPServerRequest& request,
                                   HTTPServerResponse& response) {
  Poco::NullOutputStream discard;
  Poco::StreamCopier::copyStream(request.stream(), discard);  // the client has sent everything
  if (failure.mode == "drop") {
    response.setKeepAlive(false);
    dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
    return;
  }
  if (failure.mode == "timeout") {
    std::unique_lock lock(state_->mutex);
    state_->wake.wait_for(lock, std::chrono::milliseconds(failure.delayMs),
                          [this] { return state_->stopping; });
    lock.unlock();
    response.setKeepAlive(false);
    return send(response, error(504, "late answer"));
  }
  if (failure.mode == "malformed") {
    const std::string broken = R"({"public_id": "profile_images/broken", "secure_url": "http)";
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(broken.size()));
    response.send() << broken;
    return;
  }
  const int status = std::atoi(failure.mode.c_str());
  const std::string message = status == 429   ? "Rate Limit Exceeded"
                              : status >= 500 ? "General Error"
                                              : "Injected failure";
  send(response, error(status >= 100 && status <= 599 ? status : 500, message));
}

std::optional<std::pair<int, std::string>> RequestHandler::refuseSecret(
    const HTTPServerRequest& request, const Fields& fields, bool basicAuthAllowed) const {
  const std::string& secret = state_->options.apiSecret;
  const std::string refusal = "the API secret must never be sent";
  if (request.getURI().find(secret) != std::string::npos) return std::make_pair(400, refusal);
  for (const auto& [name, value] : request) {
    if (value.find(secret) != std::string::npos) return std::make_pair(400, refusal);
    if (!basicAuthAllowed && Poco::icompare(name, "Authorization") == 0) {
      return std::make_pair(400, "unexpected Authorization header on a signed call");
    }
  }
  for (const auto& [name, value] : fields) {
    if (name == "api_secret" || value.find(secret) != std::string::npos) {
      return std::make_pair(400, refusal);
    }
  }
  return std::nullopt;
}

std::optional<std::pair<int, std::string>> RequestHandler::checkSigned(const Fields& fields) const {
  const auto& options = state_->options;
  const std::string apiKey = field(fields, "api_key");
  if (apiKey.empty()) return std::make_pair(401, std::string("Must supply api_key"));
  if (apiKey != options.apiKey) return std::make_pair(401, "Unknown API key " + apiKey);
  const std::string timestamp = field(fields, "timestamp");
  if (timestamp.empty()) {
    return std::make_pair(400, std::string("Missing required parameter - timestamp"));
  }
  if (!std::all_of(timestamp.begin(), timestamp.end(),
                   [](unsigned char c) { return std::isdigit(c) != 0; }) ||
      timestamp.size() > 12) {
    return std::make_pair(400, "Invalid timestamp " + timestamp);
  }
  const std::int64_t reported = std::stoll(timestamp);
  std::int64_t now = 0;
  {
    std::lock_guard lock(state_->mutex);
    now = state_->now();
  }
  if (now - reported > options.maxTimestampAgeSeconds) {
    return std::make_pair(400, "Stale request - reported time is " + iso8601(reported) +
                                   " which is more than 1 hour ago");
  }
  const std::string signature = field(fields, "signature");
  if (signature.empty()) {
    return std::make_pair(400, std::string("Missing required parameter - signature"));
  }
  Fields signedFields;
  for (const auto& [name, value] : fields) {
    if (name == "file" || name == "api_key" || name == "resource_type" || name == "cloud_name" ||
        name == "signature" || value.empty()) {
      continue;
    }
    signedFields.emplace_back(name, value);
  }
  std::sort(signedFields.begin(), signedFields.end());
  std::string toSign;
  for (const auto& [name, value] : signedFields) {
    toSign += (toSign.empty() ? "" : "&") + name + "=" + value;
  }
  const bool sha256 = signature.size() == 64;
  if ((signature.size() != 40 && !sha256) ||
      hexDigest(toSign + options.apiSecret, sha256) != signature) {
    return std::make_pair(
        401, "Invalid Signature " + signature + ". String to sign - '" + toSign + "'.");
  }
  return std::nullopt;
}

}  // namespace userimg::cloudinary_server
