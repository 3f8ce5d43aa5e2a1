#pragma once
// ApiHarness: both API surfaces on one http::Router, over the shared fakes
// (FakeUserRepository, MemoryBlobStore behind a FaultyBlobStore,
// FakeImageProcessor), a FixedClock and a real JwtVerifier/TokenIssuer pair.
// Requests are built in memory; multipart bodies are written by hand.
//
//   ApiHarness h;
//   auto response = h.send(h.post("/users/me/profile-image", h.tokenFor("alice"),
//                                  {ApiHarness::filePart("file", kPng)}));
//
// ApiHarness(3) limits each user to 3 uploads a minute (a FakeUploadCounter);
// the default is no limit.
// Owns a temp directory (spool, work dir) removed on destruction.
// Not thread-safe: one harness per test.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "api/api_context.h"
#include "api/user_images_api.h"
#include "api/users_me_api.h"
#include "auth/jwt_verifier.h"
#include "auth/token_issuer.h"
#include "fakes/fake_image_processor.h"
#include "fakes/fake_upload_counter.h"
#include "fakes/fake_user_repository.h"
#include "fakes/faulty_blob_store.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "http/router.h"
#include "service/image_service.h"

namespace userimg::api::testing {

inline constexpr const char* kSecret = "api-test-secret-0123456789abcdef";
inline constexpr const char* kDefaultProfileUrl = "/static/userimg/default-profile.png";
inline constexpr std::int64_t kMaxBodyBytes = 64 * 1024;
inline constexpr const char* kBoundary = "----userimg-test-boundary-7f3a";

// A request and the body stream it borrows.
struct OwnedRequest {
  http::Request request;
  std::unique_ptr<std::istringstream> body;
};

class ApiHarness {
 public:
  explicit ApiHarness(std::int64_t uploadsPerUserPerMinute = 0)
      : base_(makeBase()),
        store_(memory_),
        service_(users_, store_, processor_, clock_,
                 serviceOptions(base_, uploadsPerUserPerMinute, counter_)),
        verifier_(authConfig(), clock_),
        issuer_(authConfig(), clock_),
        context_{verifier_, service_, formLimits(), base_ / "spool", kDefaultProfileUrl} {
    addUserImagesRoutes(router_, context_);
    addUsersMeRoutes(router_, context_);
  }
  ApiHarness(const ApiHarness&) = delete;
  ApiHarness& operator=(const ApiHarness&) = delete;
  ~ApiHarness() {
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }

  // "Bearer <token>" for `userId`, valid for an hour.
  std::string tokenFor(const std::string& userId, const std::string& email = "",
                       const std::string& username = "", std::int64_t ttlSeconds = 3600) const {
    return "Bearer " + issuer_.issue({userId, ttlSeconds, email, username});
  }

  // One file part of a multipart body.
  static std::string filePart(const std::string& field, const std::string& content,
                              const std::string& fileName = "upload.png") {
    std::string part = "--";
    part += kBoundary;
    part += "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName +
            "\"\r\nContent-Type: image/png\r\n\r\n";
    part += content;
    part += "\r\n";
    return part;
  }
  static std::string fieldPart(const std::string& field, const std::string& value) {
    return std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + field +
           "\"\r\n\r\n" + value + "\r\n";
  }
  static std::string multipartBody(const std::vector<std::string>& parts) {
    std::string body;
    for (const std::string& part : parts) body += part;
    return body + "--" + kBoundary + "--\r\n";
  }

  // A request; `authorization` empty means no Authorization header.
  static OwnedRequest request(const std::string& method, const std::string& path,
                              const std::string& authorization, const std::string& body = "",
                              const std::string& contentType = "", const std::string& query = "") {
    OwnedRequest owned;
    owned.body = std::make_unique<std::istringstream>(body);
    owned.request.method = method;
    owned.request.path = path;
    owned.request.query = query;
    if (!authorization.empty()) owned.request.headers["authorization"] = authorization;
    if (!contentType.empty()) owned.request.headers["content-type"] = contentType;
    if (!body.empty()) owned.request.contentLength = static_cast<std::int64_t>(body.size());
    owned.request.body = owned.body.get();
    return owned;
  }

  // A multipart POST of `parts`.
  static OwnedRequest post(const std::string& path, const std::string& authorization,
                           const std::vector<std::string>& parts) {
    std::string contentType = "multipart/form-data; boundary=";
    contentType += kBoundary;
    return request("POST", path, authorization, multipartBody(parts), contentType);
  }

  http::Response send(const OwnedRequest& owned) const { return router_.dispatch(owned.request); }

  fakes::FixedClock& clock() { return clock_; }
  fakes::FakeUserRepository& users() { return users_; }
  fakes::MemoryBlobStore& memory() { return memory_; }
  const fakes::FakeImageProcessor& processor() const { return processor_; }
  fakes::FaultyBlobStore& store() { return store_; }
  fakes::FakeImageProcessor& processor() { return processor_; }
  ApiContext& context() { return context_; }
  const std::filesystem::path& base() const { return base_; }

 private:
  static std::filesystem::path makeBase() {
    std::string pattern = (std::filesystem::temp_directory_path() / "userimg-api-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return {};
    std::filesystem::create_directories(std::filesystem::path(pattern) / "work");
    return pattern;
  }
  static service::ServiceOptions serviceOptions(const std::filesystem::path& base,
                                                std::int64_t uploadsPerUserPerMinute,
                                                fakes::FakeUploadCounter& counter) {
    service::ServiceOptions options;
    options.workDir = base / "work";
    options.uploadsPerUserPerMinute = uploadsPerUserPerMinute;
    options.uploadCounter = &counter;
    return options;
  }
  static config::AuthConfig authConfig() {
    config::AuthConfig config;
    config.secret = kSecret;
    return config;
  }
  static multipart::FormLimits formLimits() {
    multipart::FormLimits limits;
    limits.maxBodyBytes = kMaxBodyBytes;
    return limits;
  }

  std::filesystem::path base_;
  fakes::FixedClock clock_;
  fakes::FakeUserRepository users_;
  fakes::MemoryBlobStore memory_;
  fakes::FaultyBlobStore store_;
  fakes::FakeImageProcessor processor_;
  fakes::FakeUploadCounter counter_;
  service::ImageService service_;
  auth::JwtVerifier verifier_;
  auth::TokenIssuer issuer_;
  ApiContext context_;
  http::Router router_;
};

// The response's header `name`, or "<absent>".
inline std::string headerOf(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

// The body as a JSON object (null Ptr when it is not one).
inline Poco::JSON::Object::Ptr jsonOf(const http::Response& response) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The keys of a JSON object, sorted and comma-joined: "detail,reason".
inline std::string keysOf(const Poco::JSON::Object::Ptr& object) {
  if (!object) return "<not a JSON object>";
  std::vector<std::string> names;
  object->getNames(names);
  std::sort(names.begin(), names.end());
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ",") + name;
  return joined;
}

// A string member, "<null>" for JSON null, "<absent>" when missing.
inline std::string stringAt(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key)) return "<absent>";
  if (object->isNull(key)) return "<null>";
  return object->getValue<std::string>(key);
}

}  // namespace userimg::api::testing
