#pragma once
// ImageKind: which of a user's two images an operation is about.

#include <optional>
#include <string_view>

namespace userimg::core {

enum class ImageKind { kProfile, kCover };

// "profile" / "cover": the value stored in the database's kind column.
std::string_view imageKindName(ImageKind kind);
// The inverse of imageKindName; nullopt for anything else.
std::optional<ImageKind> imageKindFromName(std::string_view name);

}  // namespace userimg::core
