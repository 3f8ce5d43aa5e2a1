#include "service/garbage_collector.h"

#include <optional>
#include <string_view>

#include "storage/key_naming.h"

namespace userimg::service {
namespace {

// The extensions of stored images (image/vips_codec.h's output formats).
constexpr std::string_view kStoredExtensions[] = {"jpg", "png", "gif", "webp"};

}  // namespace

using core::Result;

GarbageCollector::GarbageCollector(storage::BlobStore& store, db::KeyIndex& keys, GcOptions options)
    : store_(store), keys_(keys), options_(options) {}

Result<bool> GarbageCollector::isReferenced(const std::string& key) {
  auto referenced = keys_.isReferenced(key);
  if (!referenced || referenced.value()) return referenced;
  // A variant lives and dies with its image: referenced when the image is.
  // Its format may differ from the image's (a WebP sibling of a JPEG's
  // variant), so its image may have any stored extension.
  std::optional<std::string> base = storage::baseKeyOfVariant(key);
  if (!base) return false;
  if (auto found = keys_.isReferenced(*base); !found || found.value()) return found;
  const std::size_t dot = base->rfind('.');
  const std::size_t slash = base->rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return false;  // no extension (a Cloudinary public ID)
  }
  const std::string_view own = std::string_view(*base).substr(dot + 1);
  for (const std::string_view extension : kStoredExtensions) {
    if (extension == own) continue;
    auto found = keys_.isReferenced(base->substr(0, dot + 1) + std::string(extension));
    if (!found || found.value()) return found;
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
