#pragma once
// Crop: the part of an upload its owner chose to show, sent with the upload
// as a form field "x,y,width,height" in whole pixels of the image as it is
// displayed (after its EXIF rotation), with the origin at its top-left.
// A profile image keeps its whole picture and cuts its squares from the
// crop (an attention square within it when it is not square); a cover is
// stored as the crop. Pure functions: thread-safe.

#include <string_view>

#include "core/result.h"

namespace userimg::image {

struct CropRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

// Parses "x,y,width,height" (four whole numbers, spaces around them
// allowed). kInvalidArgument when it is anything else or has no area:
// "crop must be x,y,width,height in whole pixels" / "crop has no area".
core::Result<CropRect> parseCrop(std::string_view text);

// OK when `crop` lies within a `width` x `height` image; kInvalidArgument
// otherwise: "crop 0,0,2000,10 is outside the 1024x768 image".
core::Status checkCrop(const CropRect& crop, int width, int height);

// `crop` scaled by `scale` (from upload pixels to a resized copy's) and
// kept within a `width` x `height` image, at least one pixel in each
// direction.
CropRect scaleCrop(const CropRect& crop, double scale, int width, int height);

}  // namespace userimg::image
