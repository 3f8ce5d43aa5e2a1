// extractFrames and cropFrames (vips_codec.h): an area of a still, or of
// every frame of an animation.

#include <vector>

#include "image/vips_codec.h"

namespace userimg::image::detail {
namespace {

core::Status cropFailure() {
  return vipsFailure("crop", core::Status::internal("Cannot crop the image"));
}

}  // namespace

core::Result<ImagePtr> extractFrames(VipsImage* image, int left, int top, int width, int height) {
  const int pageHeight = vips_image_get_page_height(image);
  const int pages = image->Ysize / pageHeight;
  if (pages <= 1) {
    VipsImage* out = nullptr;
    if (vips_extract_area(image, &out, left, top, width, height, nullptr) != 0) {
      return cropFailure();
    }
    return ImagePtr(out);
  }
  std::vector<ImagePtr> frames;
  std::vector<VipsImage*> raw;
  for (int page = 0; page < pages; ++page) {
    VipsImage* frame = nullptr;
    if (vips_extract_area(image, &frame, left, page * pageHeight + top, width, height, nullptr) !=
        0) {
      return cropFailure();
    }
    frames.emplace_back(frame);
    raw.push_back(frame);
  }
  VipsImage* joined = nullptr;
  if (vips_arrayjoin(raw.data(), &joined, static_cast<int>(raw.size()), "across", 1, nullptr) !=
      0) {
    return cropFailure();
  }
  ImagePtr animation(joined);
  VipsImage* copy = nullptr;
  if (vips_copy(animation.get(), &copy, nullptr) != 0) return cropFailure();
  animation.reset(copy);
  vips_image_set_int(animation.get(), VIPS_META_PAGE_HEIGHT, height);
  return animation;
}

core::Result<ImagePtr> cropFrames(VipsImage* image, const CropRect& crop, int uprightWidth) {
  const CropRect cut = scaleCrop(crop, static_cast<double>(image->Xsize) / uprightWidth,
                                 image->Xsize, vips_image_get_page_height(image));
  return extractFrames(image, cut.x, cut.y, cut.width, cut.height);
}

}  // namespace userimg::image::detail
