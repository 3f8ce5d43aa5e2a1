#pragma once
// Storage key naming: keys are made by the server from a random UUID, never
// from anything a client sent.
//
//   newKey("resume/images", "jpg") -> "resume/images/3f/3f2a9c1e-....jpg"
//
// The two-character shard (the UUID's first two hex digits, 256 folders)
// keeps every directory of the media tree small as it grows.

#include <string>
#include <string_view>

namespace userimg::storage {

// A fresh key under `folder` with `extension` (no dot). Thread-safe.
std::string newKey(std::string_view folder, std::string_view extension);

// True when `key` has the shape newKey() produces under some folder:
// relative, no "..", no empty or dot segments, only [A-Za-z0-9._/-]. Used to
// refuse removing anything else (a corrupted row must not delete outside the
// media tree).
bool isWellFormedKey(std::string_view key);

}  // namespace userimg::storage
