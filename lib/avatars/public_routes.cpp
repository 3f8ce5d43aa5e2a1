#include "avatars/public_routes.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "api/request_support.h"
#include "avatars/size_choice.h"
#include "http/json_writer.h"

namespace userimg::avatars {
namespace {

using core::ImageKind;
using http::Request;
using http::Response;

constexpr http::ErrorShape kShape = http::ErrorShape::kDetail;
constexpr std::string_view kAvatarsPrefix = "/avatars/";
constexpr std::string_view kCoversPrefix = "/covers/";

struct Routes {
  api::ApiContext& api;
  PublicImages& images;
  PublicRoutesOptions options;
  std::string cacheControl;  // "public, max-age=<options.maxAge>"
};

// A strong ETag for what the answer points at: FNV-1a (64 bits) of it,
// the same in every process of the same build. A replaced or deleted
// image changes the target, and so the tag.
std::string etagFor(std::string_view target) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : target) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag(18, '"');
  for (std::size_t i = 16; i > 0; --i, hash >>= 4) tag[i] = kHex[hash & 0xF];
  return tag;
}

// True when If-None-Match lists `etag` (or is "*"); weak tags compare by
// their opaque part (RFC 9110 13.1.2: weak comparison).
bool matches(const std::string& ifNoneMatch, const std::string& etag) {
  std::string_view list = ifNoneMatch;
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view tag = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

// Marks `response` as the public, cacheable state of the URL, named `etag`.
void makePublic(Response& response, const Routes& routes, std::string etag) {
  response.setHeader("Cache-Control", routes.cacheControl);
  response.setHeader("ETag", std::move(etag));
}

// The answer for a URL whose current state is "go to `target`" (or, with
// `target` empty, "no image": a JSON 404).
Response answerFor(const Routes& routes, const Request& request, std::string target) {
  std::string etag = etagFor(target.empty() ? std::string_view("none") : target);
  Response response;
  if (matches(request.header("if-none-match"), etag)) {
    response.status = 304;
  } else if (target.empty()) {
    response = http::errorResponse(kShape, 404, "No image");
  } else {
    response.status = 302;
    // Its three headers, and the two Application::handle may add.
    response.headers.reserve(5);
    response.setHeader("Location", std::move(target));
  }
  makePublic(response, routes, std::move(etag));
  return response;
}

Response getPublic(const Routes& routes, const Request& request, ImageKind kind) {
  const bool avatar = kind == ImageKind::kProfile;
  const std::string_view prefix = avatar ? kAvatarsPrefix : kCoversPrefix;
  auto wanted = parseRequestedSize(request.queryParam(avatar ? "s" : "w"), avatar ? "s" : "w");
  if (!wanted) return http::errorResponse(kShape, wanted.status());

  const std::string_view key = std::string_view(request.path).substr(prefix.size());
  auto user = routes.images.userWithKey(key);
  if (!user) return api::failure(kShape, user.status(), "Error loading the image");
  const std::optional<db::ImageRecord>* image = nullptr;
  if (user.value() != nullptr) image = avatar ? &user.value()->profile : &user.value()->cover;

  std::string target;
  if (image != nullptr && image->has_value()) {
    if (routes.options.links != nullptr) routes.options.links->syncIfStale(*user.value(), kind);
    target = chooseUrl(**image, kind, wanted.value());
  } else if (avatar && request.queryParam("d") != std::optional<std::string>("404")) {
    target = routes.options.defaultProfileUrl;
  }
  return answerFor(routes, request, std::move(target));
}

Response postPublicKey(const Routes& routes, const Request& request) {
  auto principal = api::authenticate(routes.api, request);
  if (!principal) return api::notAuthenticated(request, principal.status());
  // Provisions the caller on first sight, like GET /users/me.
  auto user = routes.api.images.currentUser(principal.value());
  if (!user) return api::failure(kShape, user.status(), "Error loading user");
  auto key = routes.options.links == nullptr ? routes.images.rotateKey(user->id)
                                             : routes.options.links->rotateKey(user->id, [&] {
                                                 return routes.images.rotateKey(user->id);
                                               });
  if (!key) return api::failure(kShape, key.status(), "Error rotating the public key");
  http::JsonWriter json;
  json.beginObject()
      .field("public_key", key.value())
      .field("public_avatar_url", publicAvatarUrl(routes.options.mountPrefix, key.value()))
      .field("public_cover_url", publicCoverUrl(routes.options.mountPrefix, key.value()))
      .endObject();
  return Response::json(200, std::move(json).take());
}

}  // namespace

void addPublicImageRoutes(http::Router& router, api::ApiContext& api, PublicImages& images,
                          const PublicRoutesOptions& options) {
  // Owned by the handlers (shared: std::function copies them).
  const auto routes = std::make_shared<Routes>(
      Routes{api, images, options, "public, max-age=" + std::to_string(options.maxAge)});
  router.addPrefix("GET", std::string(kAvatarsPrefix), [routes](const Request& r) {
    return getPublic(*routes, r, ImageKind::kProfile);
  });
  router.addPrefix("GET", std::string(kCoversPrefix),
                   [routes](const Request& r) { return getPublic(*routes, r, ImageKind::kCover); });
  router.add("POST", "/users/me/public-key",
             [routes](const Request& r) { return postPublicKey(*routes, r); });
}

}  // namespace userimg::avatars
