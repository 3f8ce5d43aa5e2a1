#include "service/image_objects.h"

#include <algorithm>

#include "core/log.h"
#include "observe/request_notes.h"

namespace userimg::service {

using core::Result;
using core::Status;

Status asStorageFailure(const Status& status) {
  return status.code() == core::StatusCode::kUnavailable ? Status::storageFailed(status.message())
                                                         : status;
}

std::optional<db::PlaceholderRecord> placeholderRecordOf(const image::ProcessedImage& image) {
  if (!image.placeholder) return std::nullopt;
  return db::PlaceholderRecord{image.placeholder->blurhash, image.placeholder->color};
}

ImageObjects::ImageObjects(db::UserRepository& users, storage::BlobStore& store,
                           const core::Clock& clock, ImageObjectsOptions options)
    : users_(users), store_(store), clock_(clock), options_(options) {}

Result<std::vector<db::VariantRecord>> ImageObjects::storeVariants(
    const std::string& userId, core::ImageKind kind, const std::string& imageKey,
    const image::ProcessedImage& image, int generation) {
  std::vector<db::VariantRecord> records;
  records.reserve(image.variants.size());
  // The variants whose bytes are stored (not made on delivery), stored
  // together: records[stored[i]] is the record of puts[i].
  std::vector<std::size_t> stored;
  std::vector<storage::PutRequest> puts;
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
    if (auto derived = store_.variantUrl(imageKey, spec)) {
      out.url = *derived;
    } else {
      stored.push_back(records.size());
      puts.push_back({kind, variant.file, variant.extension, variant.contentType,
                      storage::variantKey(imageKey, variant.name, generation, variant.extension)});
    }
    records.push_back(std::move(out));
  }
  if (puts.empty()) return records;
  auto objects = store_.putAll(puts);
  if (!objects) {
    core::log::error("storing the " + std::to_string(puts.size()) + " variants for user " + userId +
                     " failed: " + objects.status().toString());
    return asStorageFailure(objects.status());
  }
  for (std::size_t i = 0; i < stored.size(); ++i) {
    db::VariantRecord& out = records[stored[i]];
    out.key = (*objects)[i].key;
    out.url = (*objects)[i].url;
    observe::notes().storedBytes += (*objects)[i].bytes;
  }
  return records;
}

void ImageObjects::discard(const db::ImageRecord& record) {
  for (const std::string& key : keysOf(record)) {
    if (Status removed = store_.remove(key); !removed.isOk()) {
      core::log::error("could not remove unreferenced object " + key + ": " + removed.toString());
    }
  }
}

void ImageObjects::discardVariants(std::span<const db::VariantRecord> variants) {
  for (const db::VariantRecord& variant : variants) {
    if (variant.key.empty()) continue;
    if (Status removed = store_.remove(variant.key); !removed.isOk()) {
      core::log::error("could not remove unreferenced object " + variant.key + ": " +
                       removed.toString());
    }
  }
}

std::vector<std::string> ImageObjects::keysOf(const db::ImageRecord& record) {
  // Variants first: the image's own key goes last, so a partial removal
  // never leaves variants behind an image that is gone.
  std::vector<std::string> keys;
  for (const db::VariantRecord& variant : record.variants) {
    if (!variant.key.empty()) keys.push_back(variant.key);
  }
  keys.push_back(record.storageKey);
  return keys;
}

void ImageObjects::removeReplaced(const db::Replacement& replacement) {
  std::vector<db::PendingDeletion> deletions = replacement.variantDeletions;
  if (replacement.deletion) deletions.push_back(*replacement.deletion);
  if (deletions.empty()) return;
  // A sweeper (of this process or another) may have seen some due first:
  // those are that sweeper's to remove. One replace queued them all at
  // once, so they are claimed (and completed) in one statement each.
  std::vector<std::int64_t> ids;
  for (const db::PendingDeletion& deletion : deletions) {
    if (deletion.notBefore == deletions.front().notBefore) ids.push_back(deletion.id);
  }
  auto claimed = users_.claimPendingDeletions(ids, deletions.front().notBefore,
                                              clock_.nowSeconds() + options_.deletionLeaseSeconds);
  if (!claimed) {
    core::log::warning(
        "claiming the deletions of a replaced image failed; the sweeper will "
        "remove them: " +
        claimed.status().toString());
    return;
  }
  std::erase_if(deletions, [&](const db::PendingDeletion& deletion) {
    return std::find(claimed->begin(), claimed->end(), deletion.id) == claimed->end();
  });
  removeClaimed(deletions);
}

Status ImageObjects::removeCleared(const std::string& userId, core::ImageKind kind,
                                   const db::Replacement& cleared) {
  if (!cleared.deletion || !cleared.previous) return Status::ok();
  const db::PendingDeletion& own = *cleared.deletion;
  if (Status gone = store_.remove(own.storageKey); !gone.isOk()) {
    core::log::error("removing " + own.storageKey + " for user " + userId +
                     " failed: " + gone.toString());
    std::vector<std::int64_t> ids{own.id};
    for (const db::PendingDeletion& variant : cleared.variantDeletions) ids.push_back(variant.id);
    auto restored = users_.restoreImage(userId, kind, *cleared.previous, ids);
    if (!restored) {
      core::log::error("restoring the image of user " + userId +
                       " after a failed removal failed; it stays deleted and its objects "
                       "queued: " +
                       restored.status().toString());
      return restored.status();
    }
    // Not restored: an upload gave the user a new image meanwhile, and the
    // cleared objects stay queued for a sweeper.
    return *restored ? asStorageFailure(gone) : Status::ok();
  }
  if (Status done = users_.completePendingDeletion(own.id); !done.isOk()) {
    core::log::warning("completing the deletion of " + own.storageKey +
                       " failed (the sweeper finds it gone): " + done.toString());
  }
  removeClaimed(cleared.variantDeletions);
  return Status::ok();
}

void ImageObjects::removeClaimed(std::span<const db::PendingDeletion> deletions) {
  std::vector<std::int64_t> removed;
  for (const db::PendingDeletion& deletion : deletions) {
    if (Status gone = store_.remove(deletion.storageKey); !gone.isOk()) {
      core::log::warning("removing object " + deletion.storageKey +
                         " failed; queued for retry: " + gone.toString());
      if (Status deferred = users_.deferPendingDeletion(
              deletion.id, clock_.nowSeconds() + options_.deletionRetrySeconds);
          !deferred.isOk()) {
        core::log::warning("updating pending deletion of " + deletion.storageKey +
                           " failed: " + deferred.toString());
      }
      continue;
    }
    removed.push_back(deletion.id);
  }
  if (Status recorded = users_.completePendingDeletions(removed); !recorded.isOk()) {
    core::log::warning(
        "completing the deletions of an image's objects failed (the sweeper "
        "finds them gone): " +
        recorded.toString());
  }
}

}  // namespace userimg::service
