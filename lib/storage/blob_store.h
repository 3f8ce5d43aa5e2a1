#pragma once
// BlobStore: the seam between userimg and wherever image bytes live (the
// local media tree now; Cloudinary as another backend). Like leveldb's Env,
// production and tests implement it differently (tests/fakes/ has a memory
// store and a fault-injecting decorator).
//
// Keys are chosen by the store, never by a client: a put() returns the key
// under which the object can be read (url) and removed. Implementations are
// thread-safe.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/image_kind.h"
#include "core/result.h"

namespace userimg::storage {

// What put() stores.
struct PutRequest {
  core::ImageKind kind = core::ImageKind::kProfile;
  std::filesystem::path source;  // the finished bytes; read, never moved or removed
  std::string extension;         // "jpg", "png", "gif", "webp" (no dot)
  std::string contentType;       // "image/jpeg", ...
  // When set, store under exactly this key instead of a new one: a variant
  // stored next to its image (variantKey()). Never a client's value.
  std::string key = {};
};

// A smaller copy of an image, as configured ([images] *_variants).
struct VariantSpec {
  std::string name;  // "128" (a 128x128 square), "640w" (640 px wide) or "full"
  int width = 0;     // 0 for the whole image (a sibling of it in another format)
  int height = 0;    // 0 for width-bounded variants
  // A square cut from this part of the stored image (its pixels), when the
  // uploader chose one; none: the backend's own choice of subject.
  struct Area {
    int x = 0, y = 0, width = 0, height = 0;
  };
  std::optional<Area> from;
  // "" in the image's own format; "webp" or "avif" for a sibling.
  std::string format = {};
};

// An object found by list().
struct ListedObject {
  std::string key = {};
  std::int64_t modifiedAt = 0;  // seconds since the epoch
};

// What a store holds after put().
struct StoredObject {
  std::string key;  // the store's name for it: "resume/images/3f/3f2a....jpg"
  std::string url;  // where clients fetch it
  std::int64_t bytes = 0;
  std::optional<int> width;  // when the backend reports them
  std::optional<int> height;
};

class BlobStore {
 public:
  BlobStore() = default;
  BlobStore(const BlobStore&) = delete;
  BlobStore& operator=(const BlobStore&) = delete;
  virtual ~BlobStore() = default;

  // Stores a copy of request.source under a new unique key. Either the whole
  // object is stored and readable, or nothing is (kStorageFailed or
  // kUnavailable, with nothing left behind).
  virtual core::Result<StoredObject> put(const PutRequest& request) = 0;

  // put() of each of `requests`, in order: all the objects, or the first
  // failure with none of them left behind. The local tree makes them
  // durable with one sync of each folder for all of them instead of one per
  // object; this default puts them one at a time.
  virtual core::Result<std::vector<StoredObject>> putAll(std::span<const PutRequest> requests);

  // Removes the object. Removing a key that does not exist succeeds: callers
  // retry removals, and "already gone" is the goal. Fails with
  // kStorageFailed/kUnavailable when the object may still exist.
  virtual core::Status remove(std::string_view key) = 0;

  // Copies the object stored under `key` into a new file at `path` (whose
  // folder exists), for reading the bytes of a stored image back (`userimgctl
  // regenerate`). Bounded: an object larger than `maxBytes` is refused
  // (kStorageFailed) and a remote store's own timeouts apply. kNotFound when
  // there is no such object; kStorageFailed or kUnavailable when it cannot
  // be read. On failure nothing is left at `path`.
  virtual core::Status fetch(std::string_view key, const std::filesystem::path& path,
                             std::int64_t maxBytes) = 0;

  // The public URL of `key`.
  virtual std::string url(std::string_view key) const = 0;

  // Backends that make variants on delivery (Cloudinary's transformations)
  // return the variant's URL for the image stored under `key`; the others
  // return nullopt and the variant's bytes are stored with put().
  virtual std::optional<std::string> variantUrl(std::string_view key,
                                                const VariantSpec& spec) const {
    (void)key;
    (void)spec;
    return std::nullopt;
  }

  // Whether the store can take writes now, for readiness checks
  // (lib/health/): the local tree creates and removes a probe file, a
  // remote store asks its service (Cloudinary's Admin API ping). Cheap
  // enough to run every second or so. OK, or kStorageFailed/kUnavailable
  // with what is wrong (never a credential).
  virtual core::Status probe() = 0;

  // Every object in `kind`'s folder (variants included) last modified
  // before `olderThan`; for garbage collection. A store that writes through
  // temporary names lists its abandoned temporaries too (no record ever
  // references them, so gc removes them).
  virtual core::Result<std::vector<ListedObject>> list(core::ImageKind kind,
                                                       std::int64_t olderThan) = 0;
};

// The key of variant `name` of the image stored under `key`, in the image's
// own extension unless `extension` (no dot) says otherwise, and of
// `generation` (0: made at upload; each `userimgctl regenerate` stores the
// variants under the next one, so that it never overwrites live objects):
// "resume/images/3f/3f2a....jpg" -> "resume/images/3f/3f2a..._128.jpg";
// generation 2: "resume/images/3f/3f2a..._128g2.jpg". baseKeyOfVariant()
// (key_naming.h) inverts every generation; variantGeneration() reads it.
std::string variantKey(std::string_view key, std::string_view name, int generation = 0,
                       std::string_view extension = {});

}  // namespace userimg::storage
