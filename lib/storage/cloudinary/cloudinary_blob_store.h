#pragma once
// CloudinaryBlobStore: BlobStore on Cloudinary's Upload and Admin APIs.
//
//   auto store = makeCloudinaryBlobStore(config.cloudinary, clock);
//   if (!store) return store.status();          // refused configuration
//   auto stored = store.value()->put(request);  // key "profile_images/<uuid>"
//
// Keys are Cloudinary public IDs: "<folder>/<uuid>", the folder chosen by the
// image's kind. put() signs an upload with a fresh UUID as public_id; remove()
// signs a destroy ("not found" counts as removed); url() and variantUrl() only
// build delivery URLs. Every call is bounded by the configured timeout; the
// HttpClient retries transport errors, 429/420 and 5xx.
//
// Errors: Cloudinary refusing a call (a 4xx) is kStorageFailed with
// Cloudinary's message; a network error, a timeout, a 429 or a 5xx that
// persisted through the retries, or an unreadable answer, is kUnavailable.
// No message ever contains the API secret, and the secret is never sent
// except as the Admin API's basic-auth password (listResources()).
//
// Thread-safe: the store holds no mutable state of its own.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/cloudinary_config.h"
#include "core/clock.h"
#include "net/http_client.h"
#include "storage/blob_store.h"
#include "storage/cloudinary/config_check.h"
#include "storage/cloudinary/signature.h"

namespace userimg::storage::cloudinary {

// An asset as the Admin API lists it.
struct Resource {
  std::string publicId;        // the store's key
  std::int64_t createdAt = 0;  // seconds since the Unix epoch
};

class CloudinaryBlobStore final : public BlobStore {
 public:
  // Makes a new public ID (without folder). Must be unique and thread-safe.
  using IdGenerator = std::function<std::string()>;

  // `config` should have passed validateCloudinaryConfig() (config_check.h).
  // `http` is owned.
  // `clock` (for request timestamps) is borrowed and must outlive the store.
  // `newId` defaults to random UUIDs (Poco::UUIDGenerator).
  CloudinaryBlobStore(config::CloudinaryConfig config, std::unique_ptr<net::HttpClient> http,
                      const core::Clock& clock, IdGenerator newId = {});

  core::Result<StoredObject> put(const PutRequest& request) override;
  core::Status remove(std::string_view key) override;
  // GETs url(key) (the stored original, through the CDN) into `path`,
  // within the configured timeouts; a 404 is kNotFound, another non-200
  // kStorageFailed, a body over `maxBytes` or a transport failure
  // kUnavailable.
  core::Status fetch(std::string_view key, const std::filesystem::path& path,
                     std::int64_t maxBytes) override;
  // {deliveryPrefix}/{cloud}/image/upload/{key}
  std::string url(std::string_view key) const override;

  // The URL of a derived image: `transformation` ("c_fill,g_auto,w_128,h_128")
  // is inserted after /upload/. An empty transformation gives url(key).
  std::string variantUrl(std::string_view key, std::string_view transformation) const;
  // Variants are delivery transformations: a square is c_fill,g_auto (the
  // subject kept in frame), after c_crop to the uploader's crop when there
  // is one; a width c_limit.
  std::optional<std::string> variantUrl(std::string_view key,
                                        const VariantSpec& spec) const override;
  // GET {uploadPrefix}/v1_1/{cloud}/ping with basic auth (the Admin API's
  // ping): OK on {"status": "ok"}; as readApiResponse() fails otherwise.
  core::Status probe() override;
  // listResources() of kind's folder.
  core::Result<std::vector<ListedObject>> list(core::ImageKind kind,
                                               std::int64_t olderThan) override;

  // The assets whose public ID starts with `prefix` ("profile_images/") and
  // that were created before `olderThan` (seconds since the epoch), following
  // the Admin API's next_cursor to the end. For garbage collection of assets
  // whose database row was never written. Uses HTTP basic auth (the Admin
  // API's only scheme). Fails like put().
  core::Result<std::vector<Resource>> listResources(std::string_view prefix,
                                                    std::int64_t olderThan);

  // The folder of `kind` ("profile_images" / "cover_images").
  const std::string& folderFor(core::ImageKind kind) const;

 private:
  std::string apiUrl(std::string_view action) const;

  config::CloudinaryConfig config_;
  std::unique_ptr<net::HttpClient> http_;
  const core::Clock& clock_;
  IdGenerator newId_;
  SignatureAlgorithm algorithm_;
};

// Validates `config` and builds a store on a CurlHttpClient configured from
// it (timeouts, attempts). `clock` must outlive the store.
core::Result<std::unique_ptr<CloudinaryBlobStore>> makeCloudinaryBlobStore(
    const config::CloudinaryConfig& config, const core::Clock& clock);

}  // namespace userimg::storage::cloudinary
