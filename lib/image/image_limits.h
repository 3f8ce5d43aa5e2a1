#pragma once
// Header limits: the checks an upload passes before any of its pixels is
// decoded, from the dimensions its header claims. A 30000x30000 PNG of a few
// kilobytes is refused here, costing nothing but the header read.
//
// Pure functions: thread-safe, no libvips.

#include "config/images_config.h"
#include "core/status.h"

namespace userimg::image {

// What a loader read from an image's header.
struct ImageHeader {
  int width = 0;        // of one frame, as stored (before EXIF rotation)
  int height = 0;       // of one frame, as stored
  int frames = 1;       // frames of an animation; 1 for a still image
  int orientation = 1;  // EXIF orientation 1-8; 5-8 swap width and height
};

// OK when `header` is within `limits`; otherwise kInvalidImage naming the
// limit: "Image is 30000x30000; the limit is 50 megapixels",
// "Image is 25000x100; the limit is 20000 pixels wide",
// "Image has 150 frames; the limit is 100". Dimensions are checked as the
// image will be displayed (after EXIF rotation); megapixels first.
core::Status checkHeaderLimits(const ImageHeader& header, const config::ImagesConfig& limits);

}  // namespace userimg::image
