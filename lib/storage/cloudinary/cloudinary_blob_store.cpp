#include "storage/cloudinary/cloudinary_blob_store.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "metrics/events.h"
#include "net/curl_http_client.h"
#include "net/retry_policy.h"
#include "storage/cloudinary/api_response.h"

namespace userimg::storage::cloudinary {
namespace {

using core::Result;
using core::Status;

// Admin API pages: the largest page it serves, and a bound on the walk.
constexpr int kPageSize = 500;
constexpr int kMaxPages = 1000;

std::string randomUuid() {
  return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::optional<int> optionalInt(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  try {
    return object.getValue<int>(name);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

CloudinaryBlobStore::CloudinaryBlobStore(config::CloudinaryConfig config,
                                         std::unique_ptr<net::HttpClient> http,
                                         const core::Clock& clock, IdGenerator newId)
    : config_(std::move(config)),
      http_(std::move(http)),
      clock_(clock),
      newId_(newId ? std::move(newId) : IdGenerator(randomUuid)),
      algorithm_(signatureAlgorithmFromName(config_.signatureAlgorithm)
                     .value_or(SignatureAlgorithm::kSha1)) {}

const std::string& CloudinaryBlobStore::folderFor(core::ImageKind kind) const {
  return kind == core::ImageKind::kCover ? config_.coverFolder : config_.profileFolder;
}

std::string CloudinaryBlobStore::apiUrl(std::string_view action) const {
  return config_.uploadPrefix + "/v1_1/" + config_.cloudName + "/" + std::string(action);
}

Result<StoredObject> CloudinaryBlobStore::put(const PutRequest& request) {
  try {
    std::error_code error;
    const auto size = std::filesystem::file_size(request.source, error);
    if (error) return Status::storageFailed("cannot read the image to upload: " + error.message());

    const std::string& folder = folderFor(request.kind);
    Params params = {{"folder", folder},
                     {"public_id", newId_()},
                     {"timestamp", std::to_string(clock_.nowSeconds())}};
    const std::string signature = signParams(params, config_.apiSecret, algorithm_);

    net::MultipartForm form;
    form.fields = params;
    form.fields.emplace_back("api_key", config_.apiKey);
    form.fields.emplace_back("signature", signature);
    form.file = net::MultipartForm::FilePart{
        "file", request.source,
        "upload" + (request.extension.empty() ? "" : "." + request.extension), request.contentType};

    net::HttpRequest upload;
    upload.method = net::HttpMethod::kPost;
    upload.url = apiUrl("image/upload");
    upload.form = std::move(form);
    // A fixed public_id makes the upload idempotent: if a lost answer hid a
    // success, the next attempt overwrites the same asset instead of leaving
    // an orphan under another name.
    upload.idempotent = true;

    auto answer = readApiResponse(http_->send(upload), "upload", config_.apiSecret);
    if (!answer) return answer.status();
    const Poco::JSON::Object& json = *answer.value();
    StoredObject stored;
    stored.key = json.optValue<std::string>("public_id", "");
    stored.url = json.optValue<std::string>("secure_url", "");
    if (stored.url.empty()) stored.url = json.optValue<std::string>("url", "");
    if (stored.key.empty() || stored.url.empty()) {
      return Status::unavailable("Cloudinary upload: the answer has no public_id or URL");
    }
    stored.bytes = json.optValue<Poco::Int64>("bytes", static_cast<Poco::Int64>(size));
    stored.width = optionalInt(json, "width");
    stored.height = optionalInt(json, "height");
    return stored;
  } catch (const std::exception& e) {
    return Status::internal(
        redact(std::string("Cloudinary upload: ") + e.what(), config_.apiSecret));
  }
}

core::Status CloudinaryBlobStore::remove(std::string_view key) {
  try {
    if (key.empty()) return Status::invalidArgument("Cloudinary destroy: empty key");
    Params params = {{"invalidate", "true"},
                     {"public_id", std::string(key)},
                     {"timestamp", std::to_string(clock_.nowSeconds())}};
    const std::string signature = signParams(params, config_.apiSecret, algorithm_);
    params.emplace_back("api_key", config_.apiKey);
    params.emplace_back("signature", signature);

    net::HttpRequest destroy;
    destroy.method = net::HttpMethod::kPost;
    destroy.url = apiUrl("image/destroy");
    destroy.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    for (const auto& [name, value] : params) {
      if (!destroy.body.empty()) destroy.body += '&';
      destroy.body += formEncode(name) + "=" + formEncode(value);
    }
    destroy.idempotent = true;

    auto answer = readApiResponse(http_->send(destroy), "destroy", config_.apiSecret);
    if (!answer) return answer.status();
    const std::string result = answer.value()->optValue<std::string>("result", "");
    if (result == "ok" || result == "not found") return Status::ok();
    return Status::storageFailed(
        redact("Cloudinary destroy answered \"" + result.substr(0, 100) + "\"", config_.apiSecret));
  } catch (const std::exception& e) {
    return Status::internal(
        redact(std::string("Cloudinary destroy: ") + e.what(), config_.apiSecret));
  }
}

core::Status CloudinaryBlobStore::fetch(std::string_view key, const std::filesystem::path& path,
                                        std::int64_t maxBytes) {
  try {
    if (key.empty()) return Status::invalidArgument("Cloudinary fetch: empty key");
    net::HttpRequest get;
    get.method = net::HttpMethod::kGet;
    get.url = url(key);  // the original, no transformation
    get.idempotent = true;
    get.maxResponseBytes = static_cast<std::size_t>(std::max<std::int64_t>(1, maxBytes));
    auto answer = http_->send(get);
    metrics::cloudinaryCall("fetch", !answer || net::isRetryableStatus(answer->status)
                                         ? "unavailable"
                                     : answer->status == 200 ? "ok"
                                                             : "client_error");
    if (!answer) {
      return Status::unavailable(
          redact("Cloudinary fetch of " + std::string(key) + ": " + answer.status().message(),
                 config_.apiSecret));
    }
    if (answer->status == 404)
      return Status::notFound("Cloudinary has no asset " + std::string(key));
    if (answer->status != 200) {
      return Status::storageFailed("Cloudinary fetch of " + std::string(key) + " answered HTTP " +
                                   std::to_string(answer->status));
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(answer->body.data(), static_cast<std::streamsize>(answer->body.size()));
    if (!out.flush()) {
      out.close();
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      return Status::storageFailed("cannot write " + path.string());
    }
    return Status::ok();
  } catch (const std::exception& e) {
    return Status::internal(
        redact(std::string("Cloudinary fetch: ") + e.what(), config_.apiSecret));
  }
}

std::string CloudinaryBlobStore::url(std::string_view key) const {
  return config_.deliveryPrefix + "/" + config_.cloudName + "/image/upload/" + std::string(key);
}

std::string CloudinaryBlobStore::variantUrl(std::string_view key,
                                            std::string_view transformation) const {
  if (transformation.empty()) return url(key);
  return config_.deliveryPrefix + "/" + config_.cloudName + "/image/upload/" +
         std::string(transformation) + "/" + std::string(key);
}

core::Status CloudinaryBlobStore::probe() {
  try {
    net::HttpRequest ping;
    ping.method = net::HttpMethod::kGet;
    ping.url = apiUrl("ping");
    ping.basicAuth = net::BasicAuth{config_.apiKey, config_.apiSecret};
    ping.idempotent = true;
    auto answer = readApiResponse(http_->send(ping), "ping", config_.apiSecret);
    if (!answer) return answer.status();
    const std::string status = answer.value()->optValue<std::string>("status", "");
    if (status == "ok") return Status::ok();
    return Status::unavailable(redact(
        "Cloudinary ping answered status \"" + status.substr(0, 100) + "\"", config_.apiSecret));
  } catch (const std::exception& e) {
    return Status::internal(redact(std::string("Cloudinary ping: ") + e.what(), config_.apiSecret));
  }
}

Result<std::vector<Resource>> CloudinaryBlobStore::listResources(std::string_view prefix,
                                                                 std::int64_t olderThan) {
  try {
    std::vector<Resource> found;
    std::string cursor;
    for (int page = 0; page < kMaxPages; ++page) {
      net::HttpRequest list;
      list.method = net::HttpMethod::kGet;
      list.url = apiUrl("resources/image/upload") + "?prefix=" + formEncode(prefix) +
                 "&max_results=" + std::to_string(kPageSize);
      if (!cursor.empty()) list.url += "&next_cursor=" + formEncode(cursor);
      list.basicAuth = net::BasicAuth{config_.apiKey, config_.apiSecret};
      list.idempotent = true;

      auto answer = readApiResponse(http_->send(list), "list resources", config_.apiSecret);
      if (!answer) return answer.status();
      const auto resources = answer.value()->getArray("resources");
      if (!resources) return Status::unavailable("Cloudinary list resources: no resources array");
      for (std::size_t i = 0; i < resources->size(); ++i) {
        const auto resource = resources->getObject(static_cast<unsigned int>(i));
        if (!resource) continue;
        Resource item;
        item.publicId = resource->optValue<std::string>("public_id", "");
        Poco::DateTime created;
        int zone = 0;
        // An asset whose age cannot be read is never reported as old.
        if (item.publicId.empty() ||
            !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT,
                                            resource->optValue<std::string>("created_at", ""),
                                            created, zone)) {
          continue;
        }
        item.createdAt = created.timestamp().epochTime() - zone;
        if (item.createdAt < olderThan) found.push_back(std::move(item));
      }
      cursor = answer.value()->optValue<std::string>("next_cursor", "");
      if (cursor.empty()) return found;
    }
    return Status::unavailable("Cloudinary list resources: more than " + std::to_string(kMaxPages) +
                               " pages");
  } catch (const std::exception& e) {
    return Status::internal(
        redact(std::string("Cloudinary list resources: ") + e.what(), config_.apiSecret));
  }
}

Result<std::unique_ptr<CloudinaryBlobStore>> makeCloudinaryBlobStore(
    const config::CloudinaryConfig& config, const core::Clock& clock) {
  if (Status valid = validateCloudinaryConfig(config); !valid.isOk()) return valid;
  config::CloudinaryConfig normalized = config;
  while (!normalized.uploadPrefix.empty() && normalized.uploadPrefix.back() == '/') {
    normalized.uploadPrefix.pop_back();
  }
  while (!normalized.deliveryPrefix.empty() && normalized.deliveryPrefix.back() == '/') {
    normalized.deliveryPrefix.pop_back();
  }
  net::CurlHttpClientOptions options;
  options.connectTimeoutMs = config.connectTimeoutMs;
  options.timeoutMs = config.timeoutMs;
  options.retry.maxAttempts = config.maxAttempts;
  return std::make_unique<CloudinaryBlobStore>(
      std::move(normalized), std::make_unique<net::CurlHttpClient>(options), clock);
}

std::optional<std::string> CloudinaryBlobStore::variantUrl(std::string_view key,
                                                           const VariantSpec& spec) const {
  std::string transformation;
  if (spec.width > 0) {
    transformation = spec.height > 0 ? "c_fill,g_auto,w_" + std::to_string(spec.width) + ",h_" +
                                           std::to_string(spec.height)
                                     : "c_limit,w_" + std::to_string(spec.width);
  }
  // The uploader's crop first (a chained transformation), then the square
  // within it.
  if (spec.from && spec.height > 0) {
    const VariantSpec::Area& a = *spec.from;
    transformation = "c_crop,x_" + std::to_string(a.x) + ",y_" + std::to_string(a.y) + ",w_" +
                     std::to_string(a.width) + ",h_" + std::to_string(a.height) + "/" +
                     transformation;
  }
  // Another format is asked for by the extension: Cloudinary converts on
  // delivery (the public ID has none).
  std::string out = variantUrl(key, transformation);
  if (!spec.format.empty()) out += "." + spec.format;
  return out;
}

core::Result<std::vector<ListedObject>> CloudinaryBlobStore::list(core::ImageKind kind,
                                                                  std::int64_t olderThan) {
  auto resources = listResources(folderFor(kind) + "/", olderThan);
  if (!resources) return resources.status();
  std::vector<ListedObject> found;
  found.reserve(resources->size());
  for (const Resource& resource : resources.value()) {
    found.push_back({resource.publicId, resource.createdAt});
  }
  return found;
}

}  // namespace userimg::storage::cloudinary
