#include "integration/it_support.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <cppunit/extensions/HelperMacros.h>
#include <vips/vips.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "auth/token_issuer.h"
#include "config/config.h"
#include "core/clock.h"

namespace userimg::it {
namespace {

std::string requireEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    CPPUNIT_FAIL(std::string("environment variable ") + name +
                 " is not set: run these tests through ctest (tests/integration)");
  }
  return value;
}

std::string base64Url(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder << bytes;
  encoder.close();
  return out.str();
}

// Encodes a width x height image with a colour gradient in the format named by
// `suffix` (".png", ".jpg", ".gif", ".webp").
std::string encodeImage(int width, int height, const char* suffix) {
  VipsImage* xy = nullptr;
  VipsImage* scaled = nullptr;
  VipsImage* extra = nullptr;
  VipsImage* rgb = nullptr;
  void* buffer = nullptr;
  size_t length = 0;
  std::string error;
  // Two bands (x, y) scaled into 0..255, plus a constant third band: RGB.
  if (vips_xyz(&xy, width, height, nullptr) != 0 ||
      vips_linear1(xy, &scaled, 200.0 / std::max(width, height), 20.0, "uchar", TRUE, nullptr) !=
          0 ||
      vips_black(&extra, width, height, nullptr) != 0 ||
      vips_bandjoin2(scaled, extra, &rgb, nullptr) != 0 ||
      vips_image_write_to_buffer(rgb, suffix, &buffer, &length, nullptr) != 0) {
    error = vips_error_buffer();
    vips_error_clear();
  }
  std::string bytes = buffer != nullptr ? std::string(static_cast<char*>(buffer), length) : "";
  g_free(buffer);
  for (VipsImage* image : {xy, scaled, extra, rgb}) {
    if (image != nullptr) g_object_unref(image);
  }
  if (bytes.empty()) CPPUNIT_FAIL(std::string("libvips could not make a ") + suffix + ": " + error);
  return bytes;
}

std::string lower(std::string text) {
  return Poco::toLower(text);
}

}  // namespace

const Target& Target::get() {
  static const Target target = [] {
    Target t;
    Poco::URI base(requireEnv("USERIMG_IT_BASE_URL"));
    t.host = base.getHost();
    t.port = base.getPort();
    t.secret = requireEnv("USERIMG_IT_SECRET");
    t.mediaRoot = requireEnv("USERIMG_IT_MEDIA_ROOT");
    t.maxBytes = std::stoll(requireEnv("USERIMG_IT_MAX_BYTES"));
    if (const char* prefix = std::getenv("USERIMG_IT_PATH_PREFIX")) t.pathPrefix = prefix;
    while (!t.pathPrefix.empty() && t.pathPrefix.back() == '/') t.pathPrefix.pop_back();
    if (const char* control = std::getenv("USERIMG_IT_APP_CONTROL")) t.appControl = control;
    if (const char* only = std::getenv("USERIMG_IT_API_ONLY_HOST")) t.apiOnlyHost = *only == '1';
    return t;
  }();
  return target;
}

std::string Target::mounted(const std::string& path) const {
  if (pathPrefix.empty() || path.rfind(pathPrefix + "/", 0) == 0) return path;
  return pathPrefix + path;
}

std::string defaultProfileUrl() {
  return Target::get().mounted("/static/userimg/default-profile.png");
}
std::string profileUrlPrefix() {
  return Target::get().mounted("/media/resume/images/");
}
std::string coverUrlPrefix() {
  return Target::get().mounted("/media/resume/covers/");
}

int appProcesses() {
  const std::string& control = Target::get().appControl;
  if (control.empty()) CPPUNIT_FAIL("this stack has no app control (USERIMG_IT_APP_CONTROL)");
  FILE* pipe = ::popen((control + " processes").c_str(), "r");
  if (pipe == nullptr) CPPUNIT_FAIL("cannot run " + control);
  char line[64] = {};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  const int status = ::pclose(pipe);
  if (!read || status != 0) CPPUNIT_FAIL("'" + control + " processes' failed");
  return std::atoi(line);
}

bool hasAppControl() {
  return !Target::get().appControl.empty();
}

void controlApp(const std::string& action) {
  const std::string& control = Target::get().appControl;
  if (control.empty()) CPPUNIT_FAIL("this stack has no app control (USERIMG_IT_APP_CONTROL)");
  const std::string command = control + " " + action;
  const int status = std::system(command.c_str());
  if (status != 0) CPPUNIT_FAIL("'" + command + "' failed (status " + std::to_string(status) + ")");
}

std::string Reply::header(const std::string& lowerName) const {
  auto it = headers.find(lowerName);
  return it == headers.end() ? std::string() : it->second;
}

std::string Reply::describe() const {
  std::string shown = body.size() > 400 ? body.substr(0, 400) + "..." : body;
  return method + " " + path + " -> " + std::to_string(status) + " " + shown;
}

Poco::JSON::Object::Ptr Reply::json() const {
  const std::string type = header("content-type");
  if (type.find("application/json") == std::string::npos) {
    CPPUNIT_FAIL("expected a JSON body (Content-Type application/json, got '" + type +
                 "'): " + describe());
  }
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    if (!object) CPPUNIT_FAIL("JSON body is not an object: " + describe());
    return object;
  } catch (const Poco::Exception& e) {
    CPPUNIT_FAIL("body is not valid JSON (" + e.displayText() + "): " + describe());
  }
  return {};
}

std::string Reply::jsonString(const std::string& key) const {
  auto object = json();
  if (!object->has(key) || object->isNull(key)) {
    CPPUNIT_FAIL("JSON body has no \"" + key + "\": " + describe());
  }
  auto value = object->get(key);
  if (!value.isString()) CPPUNIT_FAIL("\"" + key + "\" is not a string: " + describe());
  return value.extract<std::string>();
}

Reply send(const RequestSpec& spec) {
  const Target& target = Target::get();
  Reply reply;
  reply.method = spec.method;
  reply.path = spec.path;
  try {
    Poco::Net::HTTPClientSession session(target.host, static_cast<Poco::UInt16>(target.port));
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request(spec.method, target.mounted(spec.path),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(false);
    if (!spec.authorization.empty()) request.set("Authorization", spec.authorization);
    if (!spec.contentType.empty()) request.setContentType(spec.contentType);
    for (const auto& [name, value] : spec.extraHeaders) request.set(name, value);
    // Methods that may carry a body always say how long it is (0 too), so
    // the server never waits for one.
    const bool hasBody = !spec.body.empty() || spec.method == "POST" || spec.method == "PUT" ||
                         spec.method == "PATCH";
    if (spec.chunked) {
      request.setChunkedTransferEncoding(true);
    } else if (hasBody) {
      request.setContentLength(static_cast<std::streamsize>(spec.body.size()));
    }
    std::ostream& out = session.sendRequest(request);
    try {
      if (spec.chunked) {
        // Several chunks, as a streaming client would send them.
        constexpr std::size_t kChunk = 16 * 1024;
        for (std::size_t at = 0; at < spec.body.size(); at += kChunk) {
          out.write(spec.body.data() + at,
                    static_cast<std::streamsize>(std::min(kChunk, spec.body.size() - at)));
          out.flush();
        }
      } else {
        out.write(spec.body.data(), static_cast<std::streamsize>(spec.body.size()));
      }
    } catch (const Poco::Exception&) {
      // The server may answer (413) and stop reading before the body ends;
      // its answer is still there to read.
    }
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    reply.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) {
      auto& slot = reply.headers[lower(name)];
      slot = slot.empty() ? value : slot + ", " + value;
    }
    try {
      Poco::StreamCopier::copyToString(in, reply.body);
    } catch (const Poco::Exception&) {
      // A connection closed right after a complete answer: keep what came.
    }
  } catch (const Poco::Exception& e) {
    CPPUNIT_FAIL(spec.method + " " + spec.path + " failed at the HTTP level: " + e.displayText());
  }
  return reply;
}

std::string bearer(const std::string& token) {
  return "Bearer " + token;
}

Reply get(const std::string& path, const std::string& token) {
  return send({.method = "GET", .path = path, .authorization = token.empty() ? "" : bearer(token)});
}

Reply del(const std::string& path, const std::string& token) {
  return send(
      {.method = "DELETE", .path = path, .authorization = token.empty() ? "" : bearer(token)});
}

Reply postMultipart(const std::string& path, const std::string& token,
                    const std::vector<Part>& parts, bool chunked) {
  Multipart form = buildMultipart(parts);
  return send({.method = "POST",
               .path = path,
               .authorization = token.empty() ? "" : bearer(token),
               .contentType = form.contentType,
               .body = std::move(form.body),
               .chunked = chunked});
}

const std::vector<ApiRoute>& apiRoutes() {
  static const std::vector<ApiRoute> all = {
      {"GET", "/api/resume/user-images/", "error", ""},
      {"POST", "/api/resume/user-images/", "error", "profile_image"},
      {"DELETE", "/api/resume/user-images/?type=profile_image", "error", ""},
      {"DELETE", "/api/resume/user-images/?type=cover_image", "error", ""},
      {"GET", "/users/me", "detail", ""},
      {"POST", "/users/me/profile-image", "detail", "file"},
      {"DELETE", "/users/me/profile-image", "detail", ""},
      {"POST", "/users/me/cover-image", "detail", "file"},
      {"DELETE", "/users/me/cover-image", "detail", ""},
  };
  return all;
}

Reply callRoute(const ApiRoute& route, const std::string& authorization) {
  RequestSpec spec{.method = route.method, .path = route.path, .authorization = authorization};
  if (!route.field.empty()) {
    Multipart form = buildMultipart({pngPart(route.field)});
    spec.contentType = form.contentType;
    spec.body = std::move(form.body);
  }
  return send(spec);
}

Multipart buildMultipart(const std::vector<Part>& parts) {
  const std::string boundary = "----userimg-it-" + uniqueUserId("b");
  std::string body;
  for (const Part& part : parts) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty()) body += "; filename=\"" + part.filename + "\"";
    body += "\r\n";
    if (!part.contentType.empty()) body += "Content-Type: " + part.contentType + "\r\n";
    body += "\r\n";
    body += part.data;
    body += "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

std::string uniqueUserId(const std::string& prefix) {
  static std::mutex mutex;
  static std::mt19937_64 random(
      std::random_device{}() ^
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::lock_guard<std::mutex> lock(mutex);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random()));
  return prefix + "-" + hex;
}

std::string mintTokenWithSecret(const std::string& secret, const std::string& userId,
                                std::int64_t ttlSeconds) {
  static const core::SystemClock clock;
  config::AuthConfig config;
  config.secret = secret;
  config.algorithms = {"HS256"};
  auth::TokenIssuer issuer(config, clock);
  return issuer.issue({.userId = userId, .ttlSeconds = ttlSeconds});
}

std::string mintToken(const std::string& userId, std::int64_t ttlSeconds, const std::string& email,
                      const std::string& username) {
  static const core::SystemClock clock;
  config::AuthConfig config;
  config.secret = Target::get().secret;
  config.algorithms = {"HS256"};
  auth::TokenIssuer issuer(config, clock);
  return issuer.issue(
      {.userId = userId, .ttlSeconds = ttlSeconds, .email = email, .username = username});
}

std::string unsignedToken(const std::string& userId) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string header = R"({"alg":"none","typ":"JWT"})";
  const std::string payload = R"({"sub":")" + userId + R"(","iat":)" + std::to_string(now) +
                              R"(,"exp":)" + std::to_string(now + 3600) + "}";
  return base64Url(header) + "." + base64Url(payload) + ".";
}

std::string pngImage(int width, int height) {
  return encodeImage(width, height, ".png");
}
std::string jpegImage(int width, int height) {
  return encodeImage(width, height, ".jpg");
}
std::string gifImage(int width, int height) {
  return encodeImage(width, height, ".gif");
}
std::string webpImage(int width, int height) {
  return encodeImage(width, height, ".webp");
}

Part pngPart(const std::string& field) {
  return {field, "photo.png", "image/png", pngImage()};
}
Part jpegPart(const std::string& field) {
  return {field, "photo.jpg", "image/jpeg", jpegImage()};
}

std::set<std::string> added(const std::set<std::string>& before,
                            const std::set<std::string>& after) {
  std::set<std::string> result;
  for (const auto& item : after) {
    if (before.count(item) == 0) result.insert(item);
  }
  return result;
}

std::string join(const std::set<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "(none)" : text;
}

bool eventually(const std::function<bool()>& condition, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

CurrentImages currentImages(const std::string& token) {
  Reply reply = get("/api/resume/user-images/", token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("GET user-images: " + reply.describe(), 200, reply.status);
  auto body = reply.json();
  auto images = body->getObject("images");
  if (!images) CPPUNIT_FAIL("no \"images\" object: " + reply.describe());
  if (!images->has("profile_image") || !images->has("cover_image")) {
    CPPUNIT_FAIL("\"images\" lacks profile_image or cover_image: " + reply.describe());
  }
  CurrentImages current;
  if (images->isNull("profile_image")) {
    CPPUNIT_FAIL("profile_image is null (expected a URL or the default): " + reply.describe());
  }
  current.profile = images->getValue<std::string>("profile_image");
  if (!images->isNull("cover_image")) current.cover = images->getValue<std::string>("cover_image");
  return current;
}

void assertJsonError(const Reply& reply, int status, const std::string& key,
                     const std::string& message) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE("status of " + reply.describe(), status, reply.status);
  const std::string text = reply.jsonString(key);
  CPPUNIT_ASSERT_MESSAGE("empty \"" + key + "\" in " + reply.describe(), !text.empty());
  if (!message.empty()) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE("message of " + reply.describe(), message, text);
  }
}

Reply uploadProfilePng(const std::string& token, const std::string& png, bool surfaceA) {
  if (surfaceA) {
    return postMultipart("/api/resume/user-images/", token,
                         {{"profile_image", "p.png", "image/png", png}});
  }
  return postMultipart("/users/me/profile-image", token, {{"file", "p.png", "image/png", png}});
}

}  // namespace userimg::it
