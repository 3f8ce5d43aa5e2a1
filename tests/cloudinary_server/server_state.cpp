#include "server_state.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timestamp.h>

#include <chrono>

namespace userimg::cloudinary_server {

std::int64_t ServerState::now() const {
  if (fixedNow != 0) return fixedNow;
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<Failure> ServerState::takeFailure(const std::string& path) {
  if (failure.remaining <= 0 || failure.mode == "ok") return std::nullopt;
  if (!failure.match.empty() && path.find(failure.match) == std::string::npos) return std::nullopt;
  --failure.remaining;
  return failure;
}

void ServerState::record(RecordedRequest request) {
  requests.push_back(std::move(request));
  while (requests.size() > 100) requests.pop_front();
}

std::string ServerState::baseUrl() const {
  return "http://127.0.0.1:" + std::to_string(port);
}

Poco::JSON::Object::Ptr ServerState::toJson() const {
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr resources = new Poco::JSON::Array;
  for (const auto& [publicId, asset] : assets) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("public_id", publicId);
    item->set("format", asset.format);
    item->set("bytes", static_cast<Poco::Int64>(asset.data.size()));
    item->set("width", asset.width);
    item->set("height", asset.height);
    item->set("version", static_cast<Poco::Int64>(asset.version));
    item->set("created_at",
              Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(asset.createdAt),
                                              "%Y-%m-%dT%H:%M:%SZ"));
    resources->add(item);
  }
  root->set("resources", resources);
  Poco::JSON::Array::Ptr destroyedIds = new Poco::JSON::Array;
  for (const auto& id : destroyed) destroyedIds->add(id);
  root->set("destroyed", destroyedIds);
  Poco::JSON::Array::Ptr received = new Poco::JSON::Array;
  for (const auto& request : requests) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("method", request.method);
    item->set("path", request.path);
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
    for (const auto& [name, value] : request.fields) fields->set(name, value);
    item->set("fields", fields);
    item->set("file_name", request.fileName);
    item->set("file_bytes", static_cast<Poco::Int64>(request.fileBytes));
    item->set("basic_auth", request.basicAuth);
    received->add(item);
  }
  root->set("requests", received);
  Poco::JSON::Object::Ptr countsJson = new Poco::JSON::Object;
  for (const char* name : {"upload", "destroy", "list", "ping", "deliver"}) {
    const auto it = counts.find(name);
    countsJson->set(name, it == counts.end() ? 0 : it->second);
  }
  root->set("counts", countsJson);
  return root;
}

}  // namespace userimg::cloudinary_server
