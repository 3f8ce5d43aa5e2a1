#pragma once
// ImageService: the use cases behind both API surfaces — who is the current
// user, replace images, delete an image. Plain C++ over three seams
// (UserRepository, BlobStore, ImageProcessor), so it is tested with fakes
// and no HTTP (tests/service/).
//
// Replace without loss and without orphans:
//   1. every upload is processed first; one invalid upload refuses them all
//      and nothing is stored;
//   2. every new object is stored; if one put fails, those already stored
//      are removed and nothing changed;
//   3. one transaction that locks the user's row points the records at them
//      and queues the previous objects as pending deletions; if that fails,
//      the new objects are removed and the old images are still served;
//   4. after the commit the published copies (ServiceOptions::published)
//      are refreshed, then the previous object is removed and its pending
//      deletion completed; if removal fails it stays queued for a retry
//      (the upload still succeeds).
// Two uploads racing for one user serialise on the row lock: the loser's
// object becomes the winner's "previous" and is removed.
//
// Thread-safe: no state besides the borrowed collaborators, which are
// thread-safe themselves.

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/image_kind.h"
#include "core/result.h"
#include "db/upload_counter.h"
#include "db/user_repository.h"
#include "image/image_processor.h"
#include "service/image_objects.h"
#include "service/published_images.h"
#include "storage/blob_store.h"

namespace userimg::service {

struct ServiceOptions {
  // Create the user row the first time a token names an unknown user.
  bool autoProvision = true;
  // Where per-request work directories are made (processed images).
  std::filesystem::path workDir = "/tmp";
  // Seconds before a failed removal of a replaced object is retried.
  std::int64_t deletionRetrySeconds = 60;
  // How long a replaced object's deletion is this request's to finish
  // before a sweeper may take it (db::UserRepository::claimPendingDeletion).
  std::int64_t deletionLeaseSeconds = 300;
  // The per-user upload rate limit ([upload] per_user_per_minute): at most
  // this many replaceImages() calls per user per fixed minute, counted by
  // `uploadCounter` (borrowed; it must outlive the service). 0 or no
  // counter: no limit.
  std::int64_t uploadsPerUserPerMinute = 0;
  db::UploadCounter* uploadCounter = nullptr;
  // The copies the web server serves without the app (borrowed, may be
  // null): refreshed after every committed change, before the replaced
  // objects are removed.
  PublishedImages* published = nullptr;
};

// One upload to process: a spooled file and the image it is for.
struct Upload {
  core::ImageKind kind;
  std::filesystem::path file;
  image::ProcessOptions options = {};  // the uploader's crop, if any
};

class ImageService {
 public:
  // All references are borrowed and must outlive the service.
  ImageService(db::UserRepository& users, storage::BlobStore& store,
               const image::ImageProcessor& processor, const core::Clock& clock,
               ServiceOptions options);

  // The caller's user record, provisioned on first sight when enabled
  // (kUnauthenticated "Unknown user" when not).
  core::Result<db::UserRecord> currentUser(const auth::Principal& principal);

  // Replaces the caller's images with `uploads` (at most one per kind).
  // Returns the new records in the order of `uploads`.
  // The upload rate limit is checked first, right after the user is known
  // and before any upload is decoded: every call counts (a refused image
  // costs decoding too), and one over the limit is kRateLimited with the
  // seconds until the window ends, having processed and stored nothing.
  // Failures: kInvalidImage (nothing stored), kStorageFailed (the blob store
  // failed), kUnavailable (the database failed); either way the previous
  // images are untouched.
  core::Result<std::vector<db::ImageRecord>> replaceImages(const auth::Principal& principal,
                                                           std::span<const Upload> uploads);

  // Deletes the caller's `kind` image: clears the record, its objects
  // queued as pending deletions in the same transaction, then removes the
  // objects (ImageObjects::removeCleared). kNotFound when there is none,
  // also when another request took the image this one found while it ran
  // (a concurrent delete, or a replace, which then owns the record): only
  // one of ten concurrent deletes succeeds. kUnavailable when the database
  // failed (nothing removed). kStorageFailed when the image's own object
  // could not be removed (the record is restored and still points at it);
  // a variant that could not be removed stays queued for the sweeper.
  core::Status deleteImage(const auth::Principal& principal, core::ImageKind kind);

 private:
  // OK, or kRateLimited when `userId` has used up this minute's uploads;
  // kUnavailable when the count failed (the upload is refused then too:
  // the database it would be recorded in is failing).
  core::Status admitUpload(const std::string& userId);

  // Puts one processed image into the store; returns the record to commit.
  core::Result<db::ImageRecord> storeObject(const std::string& userId, core::ImageKind kind,
                                            const image::ProcessedImage& image);

  db::UserRepository& users_;
  storage::BlobStore& store_;
  const image::ImageProcessor& processor_;
  const core::Clock& clock_;
  ServiceOptions options_;
  ImageObjects objects_;
};

}  // namespace userimg::service
