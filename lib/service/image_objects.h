#pragma once
// ImageObjects: the blob-store side of an image's life that uploads
// (service/image_service.h) and regeneration (service/regenerator.h) share:
// storing a processed image's variants, taking back objects that were never
// committed, and removing what a committed change queued for deletion.
//
// Removal after a commit follows the claim protocol of pending deletions
// (db::UserRepository::claimPendingDeletion): of the removers that may see
// a deletion due (this caller, every process's sweeper) exactly one removes
// its object; a failed removal stays queued for a retry.
//
// Thread-safe: no state besides the borrowed collaborators.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/image_kind.h"
#include "core/result.h"
#include "db/user_repository.h"
#include "image/image_processor.h"
#include "storage/blob_store.h"

namespace userimg::service {

struct ImageObjectsOptions {
  // Seconds before a failed removal of a replaced object is retried.
  std::int64_t deletionRetrySeconds = 60;
  // How long a replaced object's deletion is the caller's to finish before
  // a sweeper may take it.
  std::int64_t deletionLeaseSeconds = 300;
};

class ImageObjects {
 public:
  // All references are borrowed and must outlive this object.
  ImageObjects(db::UserRepository& users, storage::BlobStore& store, const core::Clock& clock,
               ImageObjectsOptions options);

  // The records of every variant of `image`, whose main image is stored
  // under `imageKey`, in the processor's order (several variants may share
  // a name, in different formats): each is a delivery URL of the backend
  // (BlobStore::variantUrl; a square cut from image.squareSource when set)
  // or an object put under storage::variantKey(imageKey, name, generation,
  // extension). On a failed put the variants already stored are removed and
  // the put's failure is returned (kStorageFailed).
  core::Result<std::vector<db::VariantRecord>> storeVariants(const std::string& userId,
                                                             core::ImageKind kind,
                                                             const std::string& imageKey,
                                                             const image::ProcessedImage& image,
                                                             int generation);

  // Removes the stored objects of a record that was never committed, or of
  // variants that were never committed (failures logged).
  void discard(const db::ImageRecord& record);
  void discardVariants(std::span<const db::VariantRecord> variants);

  // The stored objects of an image: its variants', then its own.
  static std::vector<std::string> keysOf(const db::ImageRecord& record);

  // Removes what a committed change queued, completing or deferring each.
  void removeReplaced(const db::Replacement& replacement);

  // Removes the objects of an image that db::UserRepository::clearImage()
  // took away from `userId` (its deletions leased to this caller), the
  // image's own object first. If that first removal fails nothing is
  // removed yet, so the record is restored (restoreImage()) and the
  // removal's failure returned (kStorageFailed): the delete did not happen.
  // Later failures leave their objects queued for a retry: the image is
  // deleted. kUnavailable when the restore itself failed (the image then
  // stays deleted, its objects queued).
  core::Status removeCleared(const std::string& userId, core::ImageKind kind,
                             const db::Replacement& cleared);

 private:
  // Removes the objects of `deletions` (claimed by this caller), completing
  // each removed one and deferring each failure for a retry.
  void removeClaimed(std::span<const db::PendingDeletion> deletions);

  db::UserRepository& users_;
  storage::BlobStore& store_;
  const core::Clock& clock_;
  ImageObjectsOptions options_;
};

// The placeholder of `image` as recorded (none when it has none).
std::optional<db::PlaceholderRecord> placeholderRecordOf(const image::ProcessedImage& image);

// The blob store failing (refused, timed out, unreachable) is a storage
// failure, whatever its cause: kUnavailable (503) stays the database's.
core::Status asStorageFailure(const core::Status& status);

}  // namespace userimg::service
