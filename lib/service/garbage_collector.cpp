#include "service/garbage_collector.h"

#include <optional>

#include "storage/key_naming.h"

namespace userimg::service {

using core::Result;

GarbageCollector::GarbageCollector(storage::BlobStore& store, db::KeyIndex& keys, GcOptions options)
    : store_(store), keys_(keys), options_(options) {}

Result<bool> GarbageCollector::isReferenced(const std::string& key) {
  auto referenced = keys_.isReferenced(key);
  if (!referenced || referenced.value()) return referenced;
  // A variant lives and dies with its image: referenced when the image is
  // (whose extension a sibling in another format does not share).
  for (const std::string& base : storage::baseKeyCandidatesOfVariant(key)) {
    auto image = keys_.isReferenced(base);
    if (!image || image.value()) return image;
  }
  return false;
}

Result<std::vector<Orphan>> GarbageCollector::findOrphans(std::int64_t now) {
  const std::int64_t olderThan = now - options_.graceSeconds;
  std::vector<Orphan> orphans;
  for (const core::ImageKind kind : {core::ImageKind::kProfile, core::ImageKind::kCover}) {
    auto listed = store_.list(kind, olderThan);
    if (!listed) return listed.status();
    for (const storage::ListedObject& object : listed.value()) {
      // The store already filters by age; a store that cannot tell (0) is
      // trusted, one that reports a recent time is not.
      if (object.modifiedAt >= olderThan) continue;
      auto referenced = isReferenced(object.key);
      if (!referenced) return referenced.status();
      if (!referenced.value()) orphans.push_back({kind, object.key, object.modifiedAt});
    }
  }
  return orphans;
}

Result<bool> GarbageCollector::removeOrphan(const Orphan& orphan) {
  // Checked again: a record may have started pointing at it since listing.
  auto referenced = isReferenced(orphan.key);
  if (!referenced) return referenced.status();
  if (referenced.value()) return false;
  if (core::Status removed = store_.remove(orphan.key); !removed.isOk()) return removed;
  return true;
}

}  // namespace userimg::service
