#include "avatars/size_choice.h"

#include <charconv>

namespace userimg::avatars {
namespace {

// The size in a variant's name: "128" for squares, "640w" for widths; 0
// when the name is not of the kind's shape.
int sizeOf(const db::VariantRecord& variant, core::ImageKind kind) {
  std::string_view name = variant.name;
  if (kind == core::ImageKind::kCover) {
    if (!name.ends_with('w')) return 0;
    name.remove_suffix(1);
  }
  int size = 0;
  const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), size);
  if (error != std::errc() || end != name.data() + name.size() || name.empty()) return 0;
  return size;
}

}  // namespace

core::Result<std::optional<int>> parseRequestedSize(const std::optional<std::string>& value,
                                                    std::string_view name) {
  if (!value) return std::optional<int>();
  const std::string& text = *value;
  const auto invalid = [&] {
    return core::Status::invalidArgument(std::string(name) + " must be a whole number from 1 to " +
                                         std::to_string(kMaxRequestedSize));
  };
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
    return invalid();
  const int size = std::stoi(text);
  if (size < 1 || size > kMaxRequestedSize) return invalid();
  return std::optional<int>(size);
}

const std::string& chooseUrl(const db::ImageRecord& image, core::ImageKind kind,
                             std::optional<int> wanted) {
  if (!wanted) return image.url;
  const db::VariantRecord* atLeast = nullptr;  // the smallest >= wanted
  const db::VariantRecord* largest = nullptr;
  int atLeastSize = 0;
  int largestSize = 0;
  for (const db::VariantRecord& variant : image.variants) {
    if (!variant.format.empty() || variant.url.empty()) continue;
    const int size = sizeOf(variant, kind);
    if (size <= 0) continue;
    if (size >= *wanted && (atLeast == nullptr || size < atLeastSize)) {
      atLeast = &variant;
      atLeastSize = size;
    }
    if (largest == nullptr || size > largestSize) {
      largest = &variant;
      largestSize = size;
    }
  }
  if (atLeast != nullptr) return atLeast->url;
  if (largest != nullptr) return largest->url;
  return image.url;
}

}  // namespace userimg::avatars
