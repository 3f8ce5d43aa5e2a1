// The Upload API (upload, destroy), Admin API (resources, ping) and
// delivery endpoints of the Cloudinary test server.

#include <Poco/JSON/Array.h>
#include <Poco/MD5Engine.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/NullStream.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>

#include "image_header.h"
#include "request_handler.h"
#include "server_support.h"

namespace userimg::cloudinary_server {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// Reads a urlencoded or multipart body (file part into `file`).
Fields readForm(HTTPServerRequest& request, FilePart& file) {
  Poco::Net::HTMLForm form;
  form.setFieldLimit(100);
  form.load(request, request.stream(), file);
  Fields fields;
  for (const auto& [name, value] : form) fields.emplace_back(name, value);
  return fields;
}

std::string trimSlashes(std::string text) {
  while (!text.empty() && text.front() == '/') text.erase(text.begin());
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

void RequestHandler::upload(HTTPServerRequest& request, HTTPServerResponse& response) {
  const auto& options = state_->options;
  FilePart file(options.maxUploadBytes);
  const Fields fields = readForm(request, file);
  {
    std::lock_guard lock(state_->mutex);
    state_->record({"POST", request.getURI(), fields, file.filename, file.total, false});
  }
  if (auto refusal = refuseSecret(request, fields, false)) {
    return send(response, error(refusal->first, refusal->second));
  }
  if (auto refusal = checkSigned(fields))
    return send(response, error(refusal->first, refusal->second));
  if (!file.seen || file.name != "file") {
    return send(response, error(400, "Missing required parameter - file"));
  }
  if (file.total > options.maxUploadBytes) {
    return send(response,
                error(400, "File size too large. Got " + std::to_string(file.total) +
                               ". Maximum is " + std::to_string(options.maxUploadBytes) + "."));
  }
  const auto header = readImageHeader(file.data);
  if (!header) return send(response, error(400, "Invalid image file"));

  std::string publicId = trimSlashes(field(fields, "public_id"));
  if (publicId.empty()) publicId = randomHex(20);
  const std::string folder = trimSlashes(field(fields, "folder"));
  if (!folder.empty()) publicId = folder + "/" + publicId;

  Asset asset;
  asset.publicId = publicId;
  asset.assetId = randomHex(32);
  asset.format = header->format;
  asset.width = header->width;
  asset.height = header->height;
  {
    std::lock_guard lock(state_->mutex);
    asset.createdAt = state_->now();
    asset.version = std::max(asset.createdAt, state_->lastVersion + 1);
    state_->lastVersion = asset.version;
  }
  const std::string version = std::to_string(asset.version);
  const std::string deliveryUrl = state_->baseUrl() + "/" + options.cloudName + "/image/upload/v" +
                                  version + "/" + publicId + "." + asset.format;
  Poco::MD5Engine md5;
  md5.update(file.data);

  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("asset_id", asset.assetId);
  json->set("public_id", publicId);
  json->set("version", static_cast<Poco::Int64>(asset.version));
  json->set("version_id", randomHex(32));
  json->set("signature",
            hexDigest("public_id=" + publicId + "&version=" + version + options.apiSecret, false));
  json->set("width", asset.width);
  json->set("height", asset.height);
  json->set("format", asset.format);
  json->set("resource_type", "image");
  json->set("created_at", iso8601(asset.createdAt));
  json->set("tags", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  json->set("bytes", static_cast<Poco::Int64>(file.data.size()));
  json->set("type", "upload");
  json->set("etag", Poco::DigestEngine::digestToHex(md5.digest()));
  json->set("placeholder", false);
  json->set("url", deliveryUrl);
  json->set("secure_url", deliveryUrl);
  json->set("folder", folder);
  json->set("original_filename", file.filename.substr(0, file.filename.rfind('.')));
  json->set("api_key", options.apiKey);
  asset.data = std::move(file.data);
  {
    std::lock_guard lock(state_->mutex);
    state_->assets[publicId] = std::move(asset);  // overwrite=true, as for signed uploads
  }
  send(response, {200, json});
}

void RequestHandler::destroy(HTTPServerRequest& request, HTTPServerResponse& response) {
  FilePart file(0);
  const Fields fields = readForm(request, file);
  {
    std::lock_guard lock(state_->mutex);
    state_->record({"POST", request.getURI(), fields, file.filename, file.total, false});
  }
  if (auto refusal = refuseSecret(request, fields, false)) {
    return send(response, error(refusal->first, refusal->second));
  }
  if (auto refusal = checkSigned(fields))
    return send(response, error(refusal->first, refusal->second));
  const std::string publicId = field(fields, "public_id");
  if (publicId.empty()) return send(response, error(400, "Missing required parameter - public_id"));
  bool found = false;
  {
    std::lock_guard lock(state_->mutex);
    found = state_->assets.erase(publicId) > 0;
    if (found) state_->destroyed.push_back(publicId);
  }
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("result", found ? "ok" : "not found");
  send(response, {200, json});
}

RequestHandler::Refusal RequestHandler::checkBasicAuth(const HTTPServerRequest& request) const {
  const auto& options = state_->options;
  if (request.getURI().find(options.apiSecret) != std::string::npos) {
    return std::pair{400, std::string("the API secret must never be sent in a URL")};
  }
  if (!request.hasCredentials()) return std::pair{401, std::string("Must supply api_key")};
  const Poco::Net::HTTPBasicCredentials credentials(request);
  if (credentials.getUsername() != options.apiKey) {
    return std::pair{401, "Unknown API key " + credentials.getUsername()};
  }
  if (credentials.getPassword() != options.apiSecret) {
    return std::pair{401, std::string("Invalid api_secret")};
  }
  return std::nullopt;
}

void RequestHandler::ping(HTTPServerRequest& request, HTTPServerResponse& response) {
  {
    std::lock_guard lock(state_->mutex);
    state_->record({"GET", request.getURI(), {}, "", 0, request.hasCredentials()});
  }
  if (auto refusal = checkBasicAuth(request)) {
    return send(response, error(refusal->first, refusal->second));
  }
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("status", "ok");
  send(response, {200, json});
}

void RequestHandler::list(HTTPServerRequest& request, const Poco::URI& uri,
                          HTTPServerResponse& response) {
  const auto& options = state_->options;
  Fields query;
  for (const auto& [name, value] : uri.getQueryParameters()) query.emplace_back(name, value);
  {
    std::lock_guard lock(state_->mutex);
    state_->record({"GET", request.getURI(), query, "", 0, request.hasCredentials()});
  }
  if (auto refusal = checkBasicAuth(request)) {
    return send(response, error(refusal->first, refusal->second));
  }
  int maxResults = 10;
  if (const std::string text = field(query, "max_results"); !text.empty()) {
    if (!Poco::NumberParser::tryParse(text, maxResults) || maxResults < 1 || maxResults > 500) {
      return send(response, error(400, "max_results should be between 1 and 500"));
    }
  }
  std::size_t offset = 0;
  if (const std::string cursor = field(query, "next_cursor"); !cursor.empty()) {
    unsigned value = 0;
    if (cursor.size() < 2 || cursor[0] != 'c' ||
        !Poco::NumberParser::tryParseUnsigned(cursor.substr(1), value)) {
      return send(response, error(400, "Invalid next_cursor"));
    }
    offset = value;
  }
  const std::string prefix = field(query, "prefix");
  Poco::JSON::Array::Ptr resources = new Poco::JSON::Array;
  std::string nextCursor;
  {
    std::lock_guard lock(state_->mutex);
    std::size_t index = 0;
    for (const auto& [publicId, asset] : state_->assets) {
      if (publicId.rfind(prefix, 0) != 0) continue;
      if (index++ < offset) continue;
      if (resources->size() == static_cast<std::size_t>(maxResults)) {
        nextCursor = "c" + std::to_string(offset + resources->size());
        break;
      }
      const std::string url = state_->baseUrl() + "/" + options.cloudName + "/image/upload/v" +
                              std::to_string(asset.version) + "/" + publicId + "." + asset.format;
      Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
      item->set("asset_id", asset.assetId);
      item->set("public_id", publicId);
      item->set("format", asset.format);
      item->set("version", static_cast<Poco::Int64>(asset.version));
      item->set("resource_type", "image");
      item->set("type", "upload");
      item->set("created_at", iso8601(asset.createdAt));
      item->set("bytes", static_cast<Poco::Int64>(asset.data.size()));
      item->set("width", asset.width);
      item->set("height", asset.height);
      item->set("url", url);
      item->set("secure_url", url);
      resources->add(item);
    }
  }
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("resources", resources);
  if (!nextCursor.empty()) json->set("next_cursor", nextCursor);
  send(response, {200, json});
}

void RequestHandler::deliver(const std::string& rest, HTTPServerResponse& response) {
  Poco::StringTokenizer parts(rest, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  const std::vector<std::string> segments(parts.begin(), parts.end());
  std::lock_guard lock(state_->mutex);
  // Transformations and a version may precede the public ID: try each suffix.
  for (std::size_t first = 0; first < segments.size(); ++first) {
    std::string candidate;
    for (std::size_t i = first; i < segments.size(); ++i) {
      candidate += (candidate.empty() ? "" : "/") + segments[i];
    }
    const auto dot = candidate.rfind('.');
    const auto slash = candidate.rfind('/');
    std::string extension;
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
      extension = candidate.substr(dot + 1);
      candidate.erase(dot);
    }
    const auto it = state_->assets.find(candidate);
    if (it == state_->assets.end()) continue;
    const Asset& asset = it->second;
    // As Cloudinary: the delivery URL's extension picks the format, the
    // asset converted on the fly (no other transformation is applied).
    std::string format = asset.format;
    std::string converted;
    if (!extension.empty() && extension != asset.format) {
      auto bytes = convertImage(asset.data, extension);
      if (!bytes) break;
      converted = std::move(*bytes);
      format = extension;
    }
    const std::string& data = converted.empty() ? asset.data : converted;
    response.setContentType("image/" + (format == "jpg" ? std::string("jpeg") : format));
    response.setContentLength(static_cast<std::streamsize>(data.size()));
    response.send().write(data.data(), static_cast<std::streamsize>(data.size()));
    return;
  }
  response.set("X-Cld-Error", "Resource not found");
  send(response, error(404, "Resource not found"));
}

}  // namespace userimg::cloudinary_server
