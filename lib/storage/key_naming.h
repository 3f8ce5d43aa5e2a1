#pragma once
// Storage key naming: keys are made by the server from a random UUID, never
// from anything a client sent.
//
//   newKey("resume/images", "jpg") -> "resume/images/3f/3f2a9c1e-....jpg"
//
// The two-character shard (the UUID's first two hex digits, 256 folders)
// keeps every directory of the media tree small as it grows.

#include <optional>
#include <string>
#include <string_view>

namespace userimg::storage {

// A fresh key under `folder` with `extension` (no dot). Thread-safe.
std::string newKey(std::string_view folder, std::string_view extension);

// The inverse of variantKey() (blob_store.h): the key of the image whose
// variant is stored under `key`, i.e. `key` with the "_<name>" that ends its
// stem (the last path segment up to its extension) removed, `name` being
// letters and digits: "resume/images/3f/3f2a..._128.jpg" ->
// "resume/images/3f/3f2a....jpg", "profile_images/ab12_640w" ->
// "profile_images/ab12". nullopt when the stem has no such suffix (newKey()'s
// UUIDs contain no '_'), including "_" with nothing after it or before it.
std::optional<std::string> baseKeyOfVariant(std::string_view key);

// The generation of a variant key made by variantKey() (blob_store.h): the
// digits after a 'g' that ends the "_<name>" suffix ("..._128g2.jpg": 2); 0
// for a generation-0 key or a key that is no variant's. Variant names are
// digits and 'w', never 'g'.
int variantGeneration(std::string_view key);

// True when `key` has the shape newKey() produces under some folder:
// relative, no "..", no empty or dot segments, only [A-Za-z0-9._/-]. Used to
// refuse removing anything else (a corrupted row must not delete outside the
// media tree).
bool isWellFormedKey(std::string_view key);

}  // namespace userimg::storage
