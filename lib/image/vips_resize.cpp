// resize() of vips_codec.h: vips_resize, with its horizontal step done by
// lanczos3ReduceWidth (image/lanczos_reduce.h) where that gives the same
// bytes.

#include <algorithm>

#include "image/lanczos_reduce.h"
#include "image/vips_codec.h"
#include "image/vips_pixels.h"
#include "image/vips_variants.h"

namespace userimg::image::detail {
namespace {

const char* const kCorrupt = "Image data is corrupt or truncated";

// The most the rows reduced in memory may take (after the vertical step);
// a larger image (a tall cover) is left to libvips, which streams it.
constexpr double kInMemoryBudget = 64.0 * 1024 * 1024;

core::Result<ImagePtr> vipsResize(VipsImage* image, double hscale, double vscale) {
  VipsImage* out = nullptr;
  if (vips_resize(image, &out, hscale, "vscale", vscale, nullptr) != 0) {
    return vipsFailure("resize", core::Status::invalidImage(kCorrupt));
  }
  return ImagePtr(out);
}

// `pixels` as a libvips image in memory, with the header and metadata of
// `like` (its interpretation, resolution, ICC profile, orientation...).
core::Result<ImagePtr> imageLike(VipsImage* like, const ShrunkPixels& pixels) {
  ImagePtr out(vips_image_new_memory());
  if (!out || vips_image_pipelinev(out.get(), VIPS_DEMAND_STYLE_THINSTRIP, like, nullptr) != 0) {
    return vipsFailure("resize", core::Status::internal("Cannot resize the image"));
  }
  out->Xsize = pixels.width;
  out->Ysize = pixels.height;
  const std::size_t row = static_cast<std::size_t>(pixels.width) * pixels.channels;
  for (int y = 0; y < pixels.height; ++y) {
    // vips_image_write_line copies the row (it takes a non-const pointer).
    auto* line = const_cast<VipsPel*>(pixels.data.data() + row * y);
    if (vips_image_write_line(out.get(), y, line) != 0) {
      return vipsFailure("resize", core::Status::internal("Cannot resize the image"));
    }
  }
  return out;
}

}  // namespace

core::Result<ImagePtr> resize(VipsImage* image, double hscale, double vscale) {
  // vips_resize's own bounds: neither side below 1 px.
  const double horizontal = std::max(hscale, 1.0 / image->Xsize);
  const double vertical = std::max(vscale, 1.0 / image->Ysize);
  if (image->Coding != VIPS_CODING_NONE || image->BandFmt != VIPS_FORMAT_UCHAR ||
      image->Bands > 4 || horizontal >= 1.0 || vertical > 1.0) {
    return vipsResize(image, hscale, vscale);
  }
  const double hshrink = 1.0 / horizontal;
  const int width = reducedWidth(image->Xsize, hshrink);

  // vips_resize's vertical step, as it makes it (lanczos3, gap 2).
  ImagePtr tall;
  if (vertical < 1.0) {
    VipsImage* reduced = nullptr;
    if (vips_reducev(image, &reduced, 1.0 / vertical, "kernel", VIPS_KERNEL_LANCZOS3, "gap", 2.0,
                     nullptr) != 0) {
      return vipsFailure("resize", core::Status::invalidImage(kCorrupt));
    }
    tall.reset(reduced);
  } else {
    tall.reset(image);
    g_object_ref(image);
  }
  if (memoryBytes(tall.get()) > kInMemoryBudget || width < 1) {
    return vipsResize(image, hscale, vscale);
  }
  auto pixels = materialise(tall.get());
  if (!pixels) return pixels.status();
  auto reduced = lanczos3ReduceWidth(viewOf(pixels->get()), hshrink);
  if (!reduced) {
    // A step this does not reproduce: libvips' own, on the rows computed.
    VipsImage* out = nullptr;
    if (vips_reduceh(pixels->get(), &out, hshrink, "kernel", VIPS_KERNEL_LANCZOS3, "gap", 2.0,
                     nullptr) != 0) {
      return vipsFailure("resize", core::Status::invalidImage(kCorrupt));
    }
    return ImagePtr(out);
  }
  return imageLike(pixels->get(), reduced.value());
}

}  // namespace userimg::image::detail
