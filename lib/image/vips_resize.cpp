// resize() of vips_codec.h: vips_resize, with its horizontal step made by
// Lanczos3Rows (image/lanczos_reduce.h) where that gives the same bytes.

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "image/lanczos_reduce.h"
#include "image/vips_codec.h"
#include "image/vips_pixels.h"
#include "image/vips_variants.h"

namespace userimg::image::detail {
namespace {

const char* const kCorrupt = "Image data is corrupt or truncated";

// The most the rows after the vertical step may take in memory; a larger
// image (a tall cover) is left to libvips, which streams it.
constexpr double kInMemoryBudget = 64.0 * 1024 * 1024;

core::Result<ImagePtr> vipsResize(VipsImage* image, double hscale, double vscale) {
  VipsImage* out = nullptr;
  if (vips_resize(image, &out, hscale, "vscale", vscale, nullptr) != 0) {
    return vipsFailure("resize", core::Status::invalidImage(kCorrupt));
  }
  return ImagePtr(out);
}

// A memory image with the header and metadata of `tall` (interpretation,
// resolution, ICC profile, orientation...), its rows made by `rows` from
// those of `tall`, which is held in memory.
core::Result<ImagePtr> reducedFrom(VipsImage* tall, Lanczos3Rows& rows) {
  ImagePtr out(vips_image_new_memory());
  if (!out || vips_image_pipelinev(out.get(), VIPS_DEMAND_STYLE_THINSTRIP, tall, nullptr) != 0) {
    return vipsFailure("resize", core::Status::internal("Cannot resize the image"));
  }
  out->Xsize = rows.reducedWidth();
  const PixelView pixels = viewOf(tall);
  std::vector<VipsPel> line(VIPS_IMAGE_SIZEOF_LINE(out.get()));
  for (int y = 0; y < pixels.height; ++y) {
    PixelView row = pixels;
    row.data = pixels.pixel(0, y);
    row.height = 1;
    rows.reduce(row, line.data(), line.size());
    if (vips_image_write_line(out.get(), y, line.data()) != 0) {
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
  std::optional<Lanczos3Rows> rows;
  if (image->Coding == VIPS_CODING_NONE && image->BandFmt == VIPS_FORMAT_UCHAR &&
      horizontal < 1.0 && vertical <= 1.0) {
    rows = Lanczos3Rows::make(image->Xsize, image->Bands, 1.0 / horizontal);
  }
  if (!rows) return vipsResize(image, hscale, vscale);

  // vips_resize's vertical step, as it makes it (lanczos3, gap 2), lazily.
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
  if (memoryBytes(tall.get()) > kInMemoryBudget) return vipsResize(image, hscale, vscale);
  // Computed by libvips' sink (its worker threads): a region of a
  // sequential decode read from this thread, strip by strip, cost more in
  // buffers mapped and unmapped than the copy does.
  auto held = materialise(tall.get());
  if (!held) return held.status();
  return reducedFrom(held->get(), *rows);
}

}  // namespace userimg::image::detail
