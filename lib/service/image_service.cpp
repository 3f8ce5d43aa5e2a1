#include "service/image_service.h"

#include "core/log.h"
#include "core/temp_dir.h"

namespace userimg::service {
namespace {

// The blob store failing (refused, timed out, unreachable) is a storage
// failure, whatever its cause: the surfaces answer it with their spec's 500
// message. kUnavailable (503) stays the database's.
core::Status asStorageFailure(const core::Status& status) {
  return status.code() == core::StatusCode::kUnavailable
             ? core::Status::storageFailed(status.message())
             : status;
}

}  // namespace

using core::Result;
using core::Status;

ImageService::ImageService(db::UserRepository& users, storage::BlobStore& store,
                           const image::ImageProcessor& processor, const core::Clock& clock,
                           ServiceOptions options)
    : users_(users),
      store_(store),
      processor_(processor),
      clock_(clock),
      options_(std::move(options)) {}

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

  auto work = core::ScopedTempDir::create(options_.workDir, "work-");
  if (!work) return work.status();

  // Every upload is checked before anything is stored.
  std::vector<image::ProcessedImage> processed;
  processed.reserve(uploads.size());
  for (const Upload& upload : uploads) {
    auto image = processor_.process(upload.kind, upload.file, work->path(), upload.options);
    if (!image) return image.status();
    processed.push_back(std::move(image.value()));
  }

  // Every object is stored before any record changes: a failed put leaves
  // all of the user's images as they were.
  std::vector<db::ImageRecord> records;
  records.reserve(uploads.size());
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    auto record = storeObject(user->id, uploads[i].kind, processed[i]);
    if (!record) {
      for (const db::ImageRecord& stored : records) discard(stored);
      return record.status();
    }
    records.push_back(std::move(record.value()));
  }
  std::vector<db::ImageChange> changes;
  changes.reserve(records.size());
  for (std::size_t i = 0; i < uploads.size(); ++i) changes.push_back({uploads[i].kind, records[i]});
  auto replaced = users_.replaceImages(user->id, changes, clock_.nowSeconds());
  if (!replaced) {
    core::log::error("recording new images for user " + user->id +
                     " failed: " + replaced.status().toString());
    // The records still point at the previous images: take the new objects back.
    for (const db::ImageRecord& stored : records) discard(stored);
    return replaced.status();
  }
  for (const db::Replacement& replacement : replaced.value()) removeReplaced(replacement);
  return records;
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
  db::ImageRecord record;
  record.storageKey = stored->key;
  record.url = stored->url;
  record.contentType = image.contentType;
  record.bytes = image.bytes;
  record.width = image.width ? image.width : stored->width;
  record.height = image.height ? image.height : stored->height;
  record.createdAt = clock_.nowSeconds();
  if (image.placeholder) {
    record.placeholder =
        db::PlaceholderRecord{image.placeholder->blurhash, image.placeholder->color};
  }

  for (const image::ProcessedVariant& variant : image.variants) {
    // "128" is a 128x128 square, "640w" a width, "full" the whole image in
    // another format (image/image_processor.h).
    const bool whole = variant.name == "full";
    const bool square = !whole && (variant.name.empty() || variant.name.back() != 'w');
    // A sibling in another format than the image's is named by its extension.
    const std::string format = variant.contentType == image.contentType ? "" : variant.extension;
    storage::VariantSpec spec{
        variant.name, whole ? 0 : variant.width, square ? variant.height : 0, {}, format};
    if (square && image.squareSource) {
      const image::CropRect& from = *image.squareSource;
      spec.from = storage::VariantSpec::Area{from.x, from.y, from.width, from.height};
    }
    db::VariantRecord out{variant.name, "", "", variant.width, variant.height, format};
    if (auto derived = store_.variantUrl(record.storageKey, spec)) {
      out.url = *derived;
    } else {
      storage::PutRequest copy{
          kind, variant.file, variant.extension, variant.contentType,
          storage::variantKey(record.storageKey, variant.name, 0, variant.extension)};
      auto storedVariant = store_.put(copy);
      if (!storedVariant) {
        core::log::error("storing variant " + variant.name + " for user " + userId +
                         " failed: " + storedVariant.status().toString());
        discard(record);
        return asStorageFailure(storedVariant.status());
      }
      out.key = storedVariant->key;
      out.url = storedVariant->url;
    }
    record.variants.push_back(std::move(out));
  }
  return record;
}

void ImageService::discard(const db::ImageRecord& record) {
  for (const std::string& key : keysOf(record)) {
    if (Status removed = store_.remove(key); !removed.isOk()) {
      core::log::error("could not remove unreferenced object " + key + ": " + removed.toString());
    }
  }
}

std::vector<std::string> ImageService::keysOf(const db::ImageRecord& record) {
  // Variants first: the image's own key goes last, so a partial removal
  // never leaves variants behind an image that is gone.
  std::vector<std::string> keys;
  for (const db::VariantRecord& variant : record.variants) {
    if (!variant.key.empty()) keys.push_back(variant.key);
  }
  keys.push_back(record.storageKey);
  return keys;
}

void ImageService::removeReplaced(const db::Replacement& replacement) {
  std::vector<db::PendingDeletion> deletions = replacement.variantDeletions;
  if (replacement.deletion) deletions.push_back(*replacement.deletion);
  for (const db::PendingDeletion& deletion : deletions) {
    // A sweeper (of this process or another) may have seen it due first:
    // then it is that sweeper's to remove.
    auto claimed = users_.claimPendingDeletion(deletion.id, deletion.notBefore,
                                               clock_.nowSeconds() + options_.deletionLeaseSeconds);
    if (!claimed || !claimed.value()) {
      if (!claimed) {
        core::log::warning("claiming the deletion of " + deletion.storageKey +
                           " failed; the sweeper will remove it: " + claimed.status().toString());
      }
      continue;
    }
    Status removed = store_.remove(deletion.storageKey);
    Status recorded = removed.isOk()
                          ? users_.completePendingDeletion(deletion.id)
                          : users_.deferPendingDeletion(
                                deletion.id, clock_.nowSeconds() + options_.deletionRetrySeconds);
    if (!removed.isOk()) {
      core::log::warning("removing replaced object " + deletion.storageKey +
                         " failed; queued for retry: " + removed.toString());
    }
    if (!recorded.isOk()) {
      core::log::warning("updating pending deletion of " + deletion.storageKey +
                         " failed: " + recorded.toString());
    }
  }
}

Status ImageService::deleteImage(const auth::Principal& principal, core::ImageKind kind) {
  auto user = currentUser(principal);
  if (!user) return user.status();
  const auto& image = kind == core::ImageKind::kProfile ? user->profile : user->cover;
  if (!image) {
    return Status::notFound(kind == core::ImageKind::kProfile ? "User has no profile image"
                                                              : "User has no cover image");
  }
  for (const std::string& key : keysOf(*image)) {
    if (Status removed = store_.remove(key); !removed.isOk()) {
      core::log::error("removing " + key + " for user " + user->id +
                       " failed: " + removed.toString());
      return asStorageFailure(removed);
    }
  }
  // false: a concurrent upload replaced it; that upload now owns the record.
  auto cleared = users_.clearImage(user->id, kind, image->storageKey);
  if (!cleared) return cleared.status();
  return Status::ok();
}

}  // namespace userimg::service
