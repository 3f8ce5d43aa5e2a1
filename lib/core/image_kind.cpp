#include "core/image_kind.h"

namespace userimg::core {

std::string_view imageKindName(ImageKind kind) {
  return kind == ImageKind::kProfile ? "profile" : "cover";
}

std::optional<ImageKind> imageKindFromName(std::string_view name) {
  if (name == "profile") return ImageKind::kProfile;
  if (name == "cover") return ImageKind::kCover;
  return std::nullopt;
}

}  // namespace userimg::core
