#include "image/image_limits.h"

#include <cstdint>
#include <string>
#include <utility>

namespace userimg::image {

core::Status checkHeaderLimits(const ImageHeader& header, const config::ImagesConfig& limits) {
  if (header.width <= 0 || header.height <= 0) {
    return core::Status::invalidImage("Image has no pixels");
  }
  int width = header.width;
  int height = header.height;
  if (header.orientation >= 5 && header.orientation <= 8) std::swap(width, height);
  const std::string size = std::to_string(width) + "x" + std::to_string(height);

  const std::int64_t pixels = std::int64_t{width} * height;
  if (pixels > std::int64_t{limits.maxMegapixels} * 1'000'000) {
    return core::Status::invalidImage("Image is " + size + "; the limit is " +
                                      std::to_string(limits.maxMegapixels) + " megapixels");
  }
  if (width > limits.maxWidth) {
    return core::Status::invalidImage("Image is " + size + "; the limit is " +
                                      std::to_string(limits.maxWidth) + " pixels wide");
  }
  if (height > limits.maxHeight) {
    return core::Status::invalidImage("Image is " + size + "; the limit is " +
                                      std::to_string(limits.maxHeight) + " pixels high");
  }
  if (header.frames > limits.maxFrames) {
    return core::Status::invalidImage("Image has " + std::to_string(header.frames) +
                                      " frames; the limit is " + std::to_string(limits.maxFrames));
  }
  return core::Status::ok();
}

}  // namespace userimg::image
