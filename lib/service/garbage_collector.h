#pragma once
// GarbageCollector: finds (and on request removes) blob-store objects that
// nothing in the database refers to — objects left behind when a process
// died between storing an upload and committing it, or between a commit and
// the removal of the replaced object when its pending deletion was lost.
// `userimgctl gc` runs it after one DeletionSweeper pass.
//
//   GarbageCollector gc(store, keys, {.graceSeconds = 3600});
//   auto orphans = gc.findOrphans(clock.nowSeconds());   // dry run
//   for (const Orphan& orphan : orphans.value()) gc.removeOrphan(orphan);
//
// An object is an orphan when it is older than the grace period (so an
// upload between its store and its commit is never one) and neither its key
// nor, for a variant ("<stem>_<name>.<ext>", storage::baseKeyOfVariant()),
// its image's key is referenced by an image record or a pending deletion
// (db::KeyIndex). Objects of both kinds are considered.
//
// Thread-safe as far as its collaborators are (they are).

#include <cstdint>
#include <string>
#include <vector>

#include "core/image_kind.h"
#include "core/result.h"
#include "db/key_index.h"
#include "storage/blob_store.h"

namespace userimg::service {

struct GcOptions {
  // Objects modified less than this many seconds ago are never orphans
  // ([deletions] gc_grace_seconds).
  std::int64_t graceSeconds = 3600;
};

// An object no record refers to.
struct Orphan {
  core::ImageKind kind = core::ImageKind::kProfile;
  std::string key;
  std::int64_t modifiedAt = 0;  // seconds since the epoch
};

class GarbageCollector {
 public:
  // `store` and `keys` are borrowed and must outlive the collector.
  GarbageCollector(storage::BlobStore& store, db::KeyIndex& keys, GcOptions options);

  // The orphans among the objects older than now - graceSeconds, profile
  // images first, each kind in the store's order. Fails with the first
  // listing or lookup failure (nothing is removed by this call).
  core::Result<std::vector<Orphan>> findOrphans(std::int64_t now);

  // Removes `orphan` unless it has become referenced since it was found.
  // Returns true when removed, false when it is referenced now (and kept);
  // fails like BlobStore::remove() or the lookup.
  core::Result<bool> removeOrphan(const Orphan& orphan);

 private:
  // Whether `key`, or the image it is a variant of, is referenced.
  core::Result<bool> isReferenced(const std::string& key);

  storage::BlobStore& store_;
  db::KeyIndex& keys_;
  GcOptions options_;
};

}  // namespace userimg::service
