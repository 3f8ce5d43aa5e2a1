#include "avatars/lookup_route.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <memory>
#include <set>
#include <vector>

#include "api/image_json.h"
#include "api/request_support.h"
#include "avatars/public_images.h"
#include "http/json_writer.h"
#include "observe/request_notes.h"

namespace userimg::avatars {
namespace {

using core::ImageKind;
using core::Status;
using http::Request;
using http::Response;

constexpr http::ErrorShape kShape = http::ErrorShape::kError;

struct Lookup {
  const api::ApiContext& api;
  db::UserRepository& users;
  LookupOptions options;
};

// The caller, or the answer that refuses it: 401 without a valid token,
// 403 for a valid one without the scope.
std::optional<Response> refusal(const Lookup& lookup, const Request& request) {
  const std::string header = request.header("authorization");
  if (header.empty()) return http::errorResponse(kShape, 401, "Not authenticated");
  const auth::JwtVerifier& verifier = lookup.options.lookupVerifier != nullptr
                                          ? *lookup.options.lookupVerifier
                                          : lookup.api.verifier;
  auto principal = verifier.authenticate(header);
  if (principal && auth::hasScope(principal.value(), kLookupScope)) return std::nullopt;
  // A user's ordinary token (signed with [jwt] secret) is known but not
  // allowed here, whichever secret lookup tokens use.
  const bool known = principal || lookup.api.verifier.authenticate(header).ok();
  observe::notes().outcome = known ? "forbidden" : "unauthenticated";
  if (!known) return http::errorResponse(kShape, principal.status());
  std::string message = "This token lacks the scope ";
  message += kLookupScope;
  return http::errorResponse(kShape, 403, message);
}

// The ids of a body {"ids": ["17", ...]}: kInvalidArgument (or
// kPayloadTooLarge) when it is anything else.
core::Result<std::vector<std::string>> readIds(const Request& request) {
  if (request.contentLength && *request.contentLength > std::int64_t{kMaxLookupBodyBytes}) {
    return Status::payloadTooLarge("Request body too large");
  }
  std::string body(kMaxLookupBodyBytes + 1, '\0');
  request.body->read(body.data(), static_cast<std::streamsize>(body.size()));
  body.resize(static_cast<std::size_t>(request.body->gcount()));
  if (body.size() > kMaxLookupBodyBytes) return Status::payloadTooLarge("Request body too large");
  const Status shape = Status::invalidArgument("The body must be {\"ids\": [\"<user id>\", ...]}");
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return shape;
  } catch (const std::exception&) {
    return shape;
  }
  if (!object || !object->has("ids") || !object->isArray("ids")) return shape;
  Poco::JSON::Array::Ptr ids = object->getArray("ids");
  if (ids->size() > kMaxLookupIds) {
    return Status::invalidArgument("At most " + std::to_string(kMaxLookupIds) + " ids per request");
  }
  std::vector<std::string> out;
  out.reserve(ids->size());
  for (std::size_t i = 0; i < ids->size(); ++i) {
    const Poco::Dynamic::Var id = ids->get(static_cast<unsigned>(i));
    if (!id.isString()) return shape;
    out.push_back(id.extract<std::string>());
  }
  return out;
}

void writeUser(http::JsonWriter& json, const db::UserRecord& user,
               const std::optional<std::string>& mountPrefix) {
  const auto urlOrNull = [&json](const char* key, const std::string& url) {
    if (url.empty()) {
      json.field(key, nullptr);
    } else {
      json.field(key, url);
    }
  };
  json.beginObject();
  urlOrNull("profile_image_url", user.profile ? user.profile->url : "");
  urlOrNull("cover_image_url", user.cover ? user.cover->url : "");
  for (const auto& [key, image] :
       {std::pair{"profile_image", &user.profile}, std::pair{"cover_image", &user.cover}}) {
    if (*image) {
      api::writeImage(json.key(key), **image);
    } else {
      json.key(key).value(nullptr);
    }
  }
  urlOrNull("public_avatar_url", publicUrlOf(mountPrefix, user, ImageKind::kProfile));
  urlOrNull("public_cover_url", publicUrlOf(mountPrefix, user, ImageKind::kCover));
  json.endObject();
}

Response postLookup(const Lookup& lookup, const Request& request) {
  if (std::optional<Response> refused = refusal(lookup, request)) return std::move(*refused);
  auto ids = readIds(request);
  if (!ids) return http::errorResponse(kShape, ids.status());

  http::JsonWriter json;
  json.beginObject().key("users").beginObject();
  // Each id once, in the order first asked; all of them in one read.
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  for (const std::string& id : ids.value()) {
    if (seen.insert(id).second) distinct.push_back(id);
  }
  auto users = lookup.users.findUsers(distinct);
  if (!users) return api::failure(kShape, users.status(), "Error looking up users");
  for (std::size_t i = 0; i < distinct.size(); ++i) {
    if (const std::optional<db::UserRecord>& user = users.value()[i]) {
      writeUser(json.key(distinct[i]), *user, lookup.options.publicMountPrefix);
    } else {
      json.key(distinct[i]).value(nullptr);  // unknown, or no id a user could have
    }
  }
  json.endObject().endObject();
  return Response::json(200, std::move(json).take());
}

}  // namespace

void addLookupRoute(http::Router& router, const api::ApiContext& api, db::UserRepository& users,
                    LookupOptions options) {
  router.setErrorShape("/api/", kShape);
  const auto lookup = std::make_shared<Lookup>(Lookup{api, users, std::move(options)});
  router.add("POST", kLookupPath, [lookup](const Request& r) { return postLookup(*lookup, r); });
}

}  // namespace userimg::avatars
