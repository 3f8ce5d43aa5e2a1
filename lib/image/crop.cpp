#include "image/crop.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace userimg::image {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A whole number 0-1000000: crops are checked against the image later, and
// this bound keeps every sum of two of them in an int.
bool parseNumber(std::string_view text, int& out) {
  text = trim(text);
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 0 && out <= 1000000;
}

std::string describe(const CropRect& crop) {
  return std::to_string(crop.x) + "," + std::to_string(crop.y) + "," + std::to_string(crop.width) +
         "," + std::to_string(crop.height);
}

}  // namespace

core::Result<CropRect> parseCrop(std::string_view text) {
  int values[4] = {0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    const std::size_t comma = text.find(',');
    const bool last = i == 3;
    if (last != (comma == std::string_view::npos) ||
        !parseNumber(text.substr(0, last ? text.size() : comma), values[i])) {
      return core::Status::invalidArgument("crop must be x,y,width,height in whole pixels");
    }
    if (!last) text.remove_prefix(comma + 1);
  }
  const CropRect crop{values[0], values[1], values[2], values[3]};
  if (crop.width == 0 || crop.height == 0) {
    return core::Status::invalidArgument("crop " + describe(crop) + " has no area");
  }
  return crop;
}

core::Status checkCrop(const CropRect& crop, int width, int height) {
  if (crop.x + crop.width > width || crop.y + crop.height > height) {
    return core::Status::invalidArgument("crop " + describe(crop) + " is outside the " +
                                         std::to_string(width) + "x" + std::to_string(height) +
                                         " image");
  }
  return core::Status::ok();
}

CropRect scaleCrop(const CropRect& crop, double scale, int width, int height) {
  CropRect out;
  out.x = std::clamp(static_cast<int>(std::lround(crop.x * scale)), 0, width - 1);
  out.y = std::clamp(static_cast<int>(std::lround(crop.y * scale)), 0, height - 1);
  out.width = std::clamp(static_cast<int>(std::lround(crop.width * scale)), 1, width - out.x);
  out.height = std::clamp(static_cast<int>(std::lround(crop.height * scale)), 1, height - out.y);
  return out;
}

}  // namespace userimg::image
