// decodeFitted's own path for a JPEG that must shrink: the steps
// vips_thumbnail takes for a JPEG, with the shrink-on-load chosen here (see
// jpegShrinkFor in vips_codec.h) and the resize made by resize().

#include <algorithm>
#include <cmath>

#include "image/vips_codec.h"

namespace userimg::image::detail {
namespace {

const char* const kCorrupt = "Image data is corrupt or truncated";

// The smallest final resize step allowed after shrink-on-load.
constexpr double kMinFinalStep = 1.75;

}  // namespace

double fitFactor(const HeaderInfo& info, Box box) {
  const bool swapped = info.header.orientation >= 5 && info.header.orientation <= 8;
  const double width = swapped ? info.header.height : info.header.width;
  const double height = swapped ? info.header.width : info.header.height;
  return std::max(width / box.width, height / box.height);
}

int jpegShrinkFor(const HeaderInfo& info, Box box) {
  const double factor = fitFactor(info, box);
  for (int shrink : {8, 4, 2}) {
    if (factor / shrink >= kMinFinalStep) return shrink;
  }
  return 1;
}

core::Result<ImagePtr> decodeJpegShrunk(const std::filesystem::path& file, const HeaderInfo& info,
                                        Box box, int shrink) {
  SourcePtr source(vips_source_new_from_file(file.c_str()));
  if (!source) {
    return vipsFailure("open " + file.string(),
                       core::Status::internal("Cannot open the uploaded file"));
  }
  VipsImage* loaded = nullptr;
  if (vips_jpegload_source(source.get(), &loaded, "shrink", shrink, "access",
                           VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, nullptr) != 0) {
    return vipsFailure("decode", core::Status::invalidImage(kCorrupt));
  }
  ImagePtr image(loaded);

  // Resampled in the file's own colour space, as vips_thumbnail does
  // without linear light; the shrink is computed on the upright size.
  const double factor = fitFactor(info, box);
  const bool swapped = info.header.orientation >= 5 && info.header.orientation <= 8;
  const double uprightWidth = swapped ? info.header.height : info.header.width;
  const double uprightHeight = swapped ? info.header.width : info.header.height;
  const int targetWidth = std::max(1, static_cast<int>(std::lround(uprightWidth / factor)));
  const int targetHeight = std::max(1, static_cast<int>(std::lround(uprightHeight / factor)));
  const int storedWidth = swapped ? targetHeight : targetWidth;
  const int storedHeight = swapped ? targetWidth : targetHeight;
  // resize() computes the decode into memory, except where it leaves the
  // image to libvips' lazy vips_resize (the copy below is then the decode).
  auto resized = resize(image.get(), static_cast<double>(storedWidth) / image->Xsize,
                        static_cast<double>(storedHeight) / image->Ysize);
  if (!resized) return resized.status();
  image = std::move(resized.value());

  // Turning needs random access, which a sequential decode cannot give: the
  // (now small) image is computed first.
  if (info.header.orientation > 1) {
    ImagePtr pixels(vips_image_copy_memory(image.get()));
    if (!pixels) return vipsFailure("decode", core::Status::invalidImage(kCorrupt));
    VipsImage* upright = nullptr;
    if (vips_autorot(pixels.get(), &upright, nullptr) != 0) {
      return vipsFailure("rotate", core::Status::invalidImage(kCorrupt));
    }
    image.reset(upright);
  }
  if (info.hasIccProfile) {
    VipsImage* srgb = nullptr;
    if (vips_icc_transform(image.get(), &srgb, "srgb", "embedded", TRUE, nullptr) != 0) {
      return vipsFailure("icc", core::Status::invalidImage("Unsupported colour space"));
    }
    image.reset(srgb);
  }
  return toSrgb(std::move(image));
}

}  // namespace userimg::image::detail
