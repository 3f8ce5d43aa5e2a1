#pragma once
// Regenerator: the use case behind `userimgctl regenerate` — rebuild every
// stored image's variants and placeholder from its stored main image, after
// the operator changed [images] sizes, formats or placeholders.
//
//   Regenerator regenerator(users, store, processor, clock, options);
//   auto summary = regenerator.run(selection, [](const ImageOutcome& done) { ... });
//
// The main image is never re-encoded and keeps its key. Per image, safe
// while the server runs (the replace protocol of image_service.h):
//   1. an image whose variants already match the processor's plan
//      (ImageProcessor::plan: the same names and formats, a placeholder iff
//      one is made) is left alone unless `force`: a rerun after an
//      interruption picks up where it stopped;
//   2. the stored main image is fetched (BlobStore::fetch) and processed
//      with ProcessOptions::fromStoredImage, a profile image's square source
//      passed back as its crop;
//   3. the new variants are stored under the next generation's keys
//      (storage::variantKey), never over the live ones;
//   4. one transaction (UserRepository::replaceVariants) swaps variants and
//      placeholder only if the image still has the key it was read with,
//      and queues the old variant objects as pending deletions; if the
//      image was replaced or deleted meanwhile the new objects are removed
//      and the image is skipped;
//   5. after the commit the old objects are removed (ImageObjects).
// Images are walked in user id order, a page at a time, one image at a
// time (the processor's turns apply); a failure is reported and counted
// and the walk goes on.
//
// Not thread-safe: one run at a time per Regenerator.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/image_kind.h"
#include "core/result.h"
#include "db/user_repository.h"
#include "image/image_processor.h"
#include "service/image_objects.h"
#include "service/published_images.h"
#include "storage/blob_store.h"

namespace userimg::service {

struct RegeneratorOptions {
  // Where per-image work directories are made (the fetched image, its variants).
  std::filesystem::path workDir = "/tmp";
  // The largest stored image fetched; a larger one fails. Default 128 MiB.
  std::int64_t maxImageBytes = 128LL * 1024 * 1024;
  // Users read per page of the walk. Default 100.
  int pageSize = 100;
  // As ServiceOptions.
  std::int64_t deletionRetrySeconds = 60;
  std::int64_t deletionLeaseSeconds = 300;
  // As ServiceOptions: refreshed after each rebuilt image's commit.
  PublishedImages* published = nullptr;
};

// Which images a run takes, and what it does with them.
struct RegenerateSelection {
  std::optional<core::ImageKind> kind;  // none: both kinds
  std::optional<std::string> userId;    // none: every user
  bool dryRun = false;                  // only report what would be rebuilt
  bool force = false;                   // rebuild images that already match
};

// What became of one image.
enum class RegenerateResult {
  kRebuilt,       // new variants and placeholder committed, the old ones removed
  kWouldRebuild,  // dry run: it would have been rebuilt
  kUpToDate,      // its variants already match the configuration
  kSkipped,       // replaced or deleted while it was being rebuilt; nothing changed
  kFailed,        // see `status`; nothing changed
};

// "rebuilt", "would rebuild", "up to date", "skipped", "failed".
const char* regenerateResultName(RegenerateResult result);

struct ImageOutcome {
  std::string userId;
  core::ImageKind kind = core::ImageKind::kProfile;
  std::string storageKey;
  RegenerateResult result = RegenerateResult::kFailed;
  core::Status status = core::Status::ok();  // why it failed
};

struct RegenerateSummary {
  std::int64_t total = 0;  // images selected when the run started
  std::int64_t done = 0;   // images looked at
  std::int64_t rebuilt = 0;
  std::int64_t wouldRebuild = 0;
  std::int64_t upToDate = 0;
  std::int64_t skipped = 0;
  std::int64_t failed = 0;
};

class Regenerator {
 public:
  // Called after each image with its outcome and the counts so far.
  using Observer = std::function<void(const ImageOutcome&, const RegenerateSummary&)>;

  // All references are borrowed and must outlive the regenerator.
  Regenerator(db::UserRepository& users, storage::BlobStore& store,
              const image::ImageProcessor& processor, const core::Clock& clock,
              RegeneratorOptions options);

  // Walks the selected images (see above). Fails only when the walk itself
  // cannot go on (the database cannot list or read users: kUnavailable),
  // after reporting what was done; per-image failures are in the summary.
  core::Result<RegenerateSummary> run(const RegenerateSelection& selection,
                                      const Observer& observer);

  // Steps 1-5 for the user's `kind` image, as read in `image`.
  ImageOutcome regenerate(const std::string& userId, core::ImageKind kind,
                          const db::ImageRecord& image, const RegenerateSelection& selection);

  // True when `image`'s variants and placeholder are those `plan` makes.
  static bool matchesPlan(const db::ImageRecord& image, const image::VariantPlan& plan);

 private:
  // Regenerates the selected images of `user`, counting them in `summary`.
  void regenerateUser(const db::UserRecord& user, const RegenerateSelection& selection,
                      RegenerateSummary& summary, const Observer& observer);

  db::UserRepository& users_;
  storage::BlobStore& store_;
  const image::ImageProcessor& processor_;
  const core::Clock& clock_;
  RegeneratorOptions options_;
  ImageObjects objects_;
};

}  // namespace userimg::service
