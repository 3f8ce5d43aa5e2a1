#include "service/image_service.h"

#include <algorithm>

#include "core/failpoint.h"
#include "core/log.h"
#include "core/temp_dir.h"
#include "metrics/events.h"
#include "observe/request_notes.h"

namespace userimg::service {

using core::Result;
using core::Status;

namespace {

constexpr std::int64_t kRateWindowSeconds = 60;

Status noImage(core::ImageKind kind) {
  return Status::notFound(kind == core::ImageKind::kProfile ? "User has no profile image"
                                                            : "User has no cover image");
}

}  // namespace

ImageService::ImageService(db::UserRepository& users, storage::BlobStore& store,
                           const image::ImageProcessor& processor, const core::Clock& clock,
                           ServiceOptions options)
    : users_(users),
      store_(store),
      processor_(processor),
      clock_(clock),
      options_(std::move(options)),
      objects_(users, store, clock,
               {options_.deletionRetrySeconds, options_.deletionLeaseSeconds}) {}

Result<db::UserRecord> ImageService::currentUser(const auth::Principal& principal) {
  db::UserIdentity identity{principal.userId, principal.email, principal.username};
  auto user = users_.ensureUser(identity, options_.autoProvision, clock_.nowSeconds());
  if (!user && user.status().code() == core::StatusCode::kNotFound) {
    return Status::unauthenticated("Unknown user");
  }
  return user;
}

Result<std::vector<db::ImageRecord>> ImageService::replaceImages(const auth::Principal& principal,
                                                                 std::span<const Upload> uploads) {
  auto user = currentUser(principal);
  if (!user) return user.status();
  if (Status admitted = admitUpload(user->id); !admitted.isOk()) return admitted;

  auto work = core::ScopedTempDir::create(options_.workDir, "work-");
  if (!work) return work.status();

  // Every upload is checked before anything is stored.
  std::vector<image::ProcessedImage> processed;
  processed.reserve(uploads.size());
  for (const Upload& upload : uploads) {
    auto image = processor_.process(upload.kind, upload.file, work->path(), upload.options);
    if (!image) return image.status();
    processed.push_back(std::move(image.value()));
    USERIMG_FAILPOINT("upload.processed");  // outputs in the work directory
  }

  // Every object is stored before any record changes: a failed put leaves
  // all of the user's images as they were.
  std::vector<db::ImageRecord> records;
  records.reserve(uploads.size());
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    auto record = storeObject(user->id, uploads[i].kind, processed[i]);
    if (!record) {
      for (const db::ImageRecord& stored : records) objects_.discard(stored);
      return record.status();
    }
    records.push_back(std::move(record.value()));
  }
  USERIMG_FAILPOINT("upload.stored");  // new objects stored, nothing committed
  std::vector<db::ImageChange> changes;
  changes.reserve(records.size());
  for (std::size_t i = 0; i < uploads.size(); ++i) changes.push_back({uploads[i].kind, records[i]});
  auto replaced = users_.replaceImages(user->id, changes, clock_.nowSeconds());
  if (!replaced) {
    core::log::error("recording new images for user " + user->id +
                     " failed: " + replaced.status().toString());
    // The records still point at the previous images: take the new objects back.
    for (const db::ImageRecord& stored : records) objects_.discard(stored);
    return replaced.status();
  }
  USERIMG_FAILPOINT("upload.committed");  // the old objects not yet removed
  if (options_.published != nullptr) options_.published->refresh(user->id, user->publicKey);
  // One Replacement per change, in order.
  for (std::size_t i = 0; i < replaced->size(); ++i) {
    metrics::imageStored(uploads[i].kind);
    if ((*replaced)[i].previous) metrics::imageReplaced(uploads[i].kind);
    objects_.removeReplaced((*replaced)[i]);
  }
  return records;
}

Status ImageService::admitUpload(const std::string& userId) {
  if (options_.uploadsPerUserPerMinute <= 0 || options_.uploadCounter == nullptr) {
    return Status::ok();
  }
  const std::int64_t nowSeconds = clock_.nowSeconds();
  auto window = options_.uploadCounter->countUpload(userId, nowSeconds, kRateWindowSeconds);
  if (!window) return window.status();
  if (window->uploads <= options_.uploadsPerUserPerMinute) return Status::ok();
  observe::notes().outcome = "rate_limited";
  const std::int64_t wait = std::max<std::int64_t>(1, window->endsAt - nowSeconds);
  return Status::rateLimited(
      "Too many uploads: at most " + std::to_string(options_.uploadsPerUserPerMinute) +
          " a minute; try again in " + std::to_string(wait) + (wait == 1 ? " second" : " seconds"),
      wait);
}

Result<db::ImageRecord> ImageService::storeObject(const std::string& userId, core::ImageKind kind,
                                                  const image::ProcessedImage& image) {
  storage::PutRequest put{kind, image.file, image.extension, image.contentType, ""};
  auto stored = store_.put(put);
  if (!stored) {
    core::log::error("storing a " + std::string(core::imageKindName(kind)) + " image for user " +
                     userId + " failed: " + stored.status().toString());
    return asStorageFailure(stored.status());
  }
  observe::notes().storedBytes += stored->bytes;
  db::ImageRecord record;
  record.storageKey = stored->key;
  record.url = stored->url;
  record.contentType = image.contentType;
  record.bytes = image.bytes;
  record.width = image.width ? image.width : stored->width;
  record.height = image.height ? image.height : stored->height;
  record.createdAt = clock_.nowSeconds();
  record.placeholder = placeholderRecordOf(image);
  if (image.squareSource) {
    const image::CropRect& from = *image.squareSource;
    record.squareSource = db::AreaRecord{from.x, from.y, from.width, from.height};
  }
  auto variants = objects_.storeVariants(userId, kind, record.storageKey, image, 0);
  if (!variants) {
    objects_.discard(record);
    return variants.status();
  }
  record.variants = std::move(variants.value());
  return record;
}

Status ImageService::deleteImage(const auth::Principal& principal, core::ImageKind kind) {
  auto user = currentUser(principal);
  if (!user) return user.status();
  const auto& image = kind == core::ImageKind::kProfile ? user->profile : user->cover;
  if (!image) return noImage(kind);
  // The record first, its objects queued: a database failure (503) then
  // removes nothing, and no record is ever left naming a removed object.
  auto cleared = users_.clearImage(user->id, kind, image->storageKey,
                                   clock_.nowSeconds() + options_.deletionLeaseSeconds);
  if (!cleared) return cleared.status();
  // nullopt: a concurrent delete cleared it first, or a concurrent upload
  // replaced it and now owns the record. Either way this delete did not
  // take it away: the answer of a delete that finds no image.
  if (!cleared.value()) return noImage(kind);
  // Removed or restored, the published copies follow the record (until
  // then the ones of the removed objects dangle, which the web server
  // answers as no copy).
  const Status removed = objects_.removeCleared(user->id, kind, **cleared);
  if (options_.published != nullptr) options_.published->refresh(user->id, user->publicKey);
  if (!removed.isOk()) return removed;
  metrics::imageDeleted(kind);
  return Status::ok();
}

}  // namespace userimg::service
