#pragma once
// Internal to lib/image: the pixels of a libvips image held in memory, as the
// PixelView the plain-C++ parts of lib/image read (box shrink, attention
// crop, placeholders).

#include <cstdint>

#include "image/pixel_view.h"
#include "image/vips_support.h"

namespace userimg::image::detail {

// The pixels of `image`, which must be held in memory (materialise(), or an
// image made from memory) as 8-bit bands (VIPS_FORMAT_UCHAR, 1-4 bands).
// Borrowed: valid while `image` is alive and unchanged.
inline PixelView viewOf(VipsImage* image) {
  PixelView view;
  view.width = image->Xsize;
  view.height = image->Ysize;
  view.channels = image->Bands;
  view.stride = VIPS_IMAGE_SIZEOF_LINE(image);
  view.data = static_cast<const std::uint8_t*>(VIPS_IMAGE_ADDR(image, 0, 0));
  return view;
}

}  // namespace userimg::image::detail
