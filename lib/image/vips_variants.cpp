#include "image/vips_variants.h"

#include <cstdint>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "image/attention.h"
#include "image/box_shrink.h"
#include "image/pixel_view.h"
#include "image/vips_pixels.h"

namespace userimg::image::detail {
namespace {

const char* const kCorrupt = "Image data is corrupt or truncated";

core::Status variantFailure() {
  return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
}

// `still` resized with vips_thumbnail's pipeline (premultiplied alpha,
// lanczos3), already upright: `size` and `crop` as vips_thumbnail's.
core::Result<ImagePtr> thumbnailOf(VipsImage* still, int width, int height, VipsSize size,
                                   VipsInteresting crop) {
  VipsImage* out = nullptr;
  if (vips_thumbnail_image(still, &out, width, "height", height, "size", size, "crop", crop,
                           "no_rotate", TRUE, nullptr) != 0) {
    return variantFailure();
  }
  return ImagePtr(out);
}

// A libvips image of a copy of `pixels`, interpreted as `interpretation`.
core::Result<ImagePtr> imageOf(const PixelView& pixels, VipsInterpretation interpretation) {
  // libvips copies the pixels once more: rows already packed go as they are.
  const std::size_t row = static_cast<std::size_t>(pixels.width) * pixels.channels;
  std::vector<std::uint8_t> packed;
  const std::uint8_t* data = pixels.data;
  if (pixels.stride != row) {
    packed.resize(row * pixels.height);
    for (int y = 0; y < pixels.height; ++y) {
      std::copy_n(pixels.pixel(0, y), row, packed.data() + row * y);
    }
    data = packed.data();
  }
  VipsImage* image = vips_image_new_from_memory_copy(
      data, row * pixels.height, pixels.width, pixels.height, pixels.channels, VIPS_FORMAT_UCHAR);
  if (image == nullptr) return variantFailure();
  image->Type = interpretation;
  return ImagePtr(image);
}

// `image` resized to exactly width x height with libvips' lanczos3,
// premultiplied when it has alpha (as vips_thumbnail does).
core::Result<ImagePtr> lanczos(VipsImage* image, int width, int height) {
  const double hscale = static_cast<double>(width) / image->Xsize;
  const double vscale = static_cast<double>(height) / image->Ysize;
  if (!vips_image_hasalpha(image)) {
    auto out = resize(image, hscale, vscale);
    if (!out) return variantFailure();
    return out;
  }
  VipsImage* out = nullptr;
  VipsImage* premultiplied = nullptr;
  if (vips_premultiply(image, &premultiplied, nullptr) != 0) return variantFailure();
  ImagePtr pre(premultiplied);
  VipsImage* shrunk = nullptr;
  if (vips_resize(pre.get(), &shrunk, hscale, "vscale", vscale, nullptr) != 0) {
    return variantFailure();
  }
  ImagePtr small(shrunk);
  VipsImage* straight = nullptr;
  if (vips_unpremultiply(small.get(), &straight, nullptr) != 0) return variantFailure();
  ImagePtr unpre(straight);
  if (vips_cast_uchar(unpre.get(), &out, nullptr) != 0) return variantFailure();
  return ImagePtr(out);
}

// The box shrink that starts a resize of `pixels` to width x height: by the
// whole factor when there is one (256 to 128 or 64: the box alone), else to
// within 1.5-3x of the target (lanczos3 does the rest); none under 2x.
int boxFactor(const PixelView& pixels, int width, int height) {
  if (pixels.width % width == 0 && pixels.height % height == 0 &&
      pixels.width / width == pixels.height / height) {
    return pixels.width / width;
  }
  const double factor = std::min(static_cast<double>(pixels.width) / width,
                                 static_cast<double>(pixels.height) / height);
  return static_cast<int>(factor / 1.5);
}

// `pixels` (already box-shrunk, or needing no box) as a libvips image of
// exactly width x height, resampled with lanczos3 when not that size yet.
core::Result<ImagePtr> finished(const PixelView& pixels, VipsInterpretation interpretation,
                                int width, int height) {
  auto image = imageOf(pixels, interpretation);
  if (!image) return image.status();
  if (pixels.width == width && pixels.height == height) return image;
  return lanczos(image->get(), width, height);
}

// `pixels` resized to exactly width x height (the caller keeps the aspect
// ratio, up to rounding).
core::Result<ImagePtr> resized(const PixelView& pixels, VipsInterpretation interpretation,
                               int width, int height) {
  const int box = boxFactor(pixels, width, height);
  if (box < 2) return finished(pixels, interpretation, width, height);
  const ShrunkPixels shrunk = boxShrink(pixels, box);
  return finished(shrunk.view(), interpretation, width, height);
}

// `image` encoded once per `encodings`, appended to `out`.
core::Status encodeEach(VipsImage* image, std::span<const Encoding> encodings,
                        std::vector<Encoded>& out) {
  for (const Encoding& encoding : encodings) {
    auto encoded = encode(image, encoding.format, encoding.quality, false, encoding.effort);
    if (!encoded) return encoded.status();
    out.push_back(std::move(encoded.value()));
  }
  return core::Status::ok();
}

}  // namespace

core::Result<ImagePtr> materialise(VipsImage* image) {
  // Sequential loaders allow one pass: the copy is that pass.
  VipsImage* copy = vips_image_copy_memory(image);
  if (copy == nullptr) return vipsFailure("decode", core::Status::invalidImage(kCorrupt));
  return ImagePtr(copy);
}

double memoryBytes(const VipsImage* image) {
  return static_cast<double>(image->Xsize) * image->Ysize * image->Bands *
         vips_format_sizeof(image->BandFmt);
}

core::Result<std::vector<Encoded>> stillSquares(VipsImage* still, std::span<const int> sides,
                                                std::span<const Encoding> encodings,
                                                const std::optional<CropRect>& region) {
  std::vector<Encoded> squares;
  if (sides.empty()) return squares;
  if (still->BandFmt != VIPS_FORMAT_UCHAR) return variantFailure();
  // The still box-shrunk towards the largest square's scale (its side on
  // the shorter edge); the attention crop searched there once; that square
  // resampled to the largest side and held in memory; the smaller squares
  // shrunk from it.
  const int largest = *std::max_element(sides.begin(), sides.end());
  PixelView whole = viewOf(still);
  if (region) {
    whole.data = whole.pixel(region->x, region->y);
    whole.width = region->width;
    whole.height = region->height;
  }
  const int shorter = std::min(whole.width, whole.height);
  const int box = boxFactor(PixelView{shorter, shorter, 1, 0, nullptr}, largest, largest);
  ShrunkPixels shrunk;
  if (box >= 2) shrunk = boxShrink(whole, box);
  const PixelView near = box >= 2 ? shrunk.view() : whole;
  const SquareWindow window = findAttentionSquare(near);
  PixelView crop = near;
  crop.data = near.pixel(window.left, window.top);
  crop.width = crop.height = window.side;
  const VipsInterpretation interpretation = still->Type;
  auto cut = finished(crop, interpretation, largest, largest);
  if (!cut) return cut.status();
  auto big = materialise(cut->get());
  if (!big) return big.status();
  const PixelView square = viewOf(big->get());
  for (int side : sides) {
    auto sized = side == largest ? imageOf(square, interpretation)
                                 : resized(square, interpretation, side, side);
    if (!sized) return sized.status();
    if (core::Status done = encodeEach(sized->get(), encodings, squares); !done.isOk()) return done;
  }
  return squares;
}

core::Result<std::vector<Encoded>> stillWidth(VipsImage* still, int width,
                                              std::span<const Encoding> encodings) {
  auto narrow = thumbnailOf(still, width, VIPS_MAX_COORD, VIPS_SIZE_DOWN, VIPS_INTERESTING_NONE);
  if (!narrow) return narrow.status();
  if (encodings.size() > 1) {
    // Computed once for all its encodings, not once per encoder.
    auto held = materialise(narrow->get());
    if (!held) return held.status();
    narrow = std::move(held);
  }
  std::vector<Encoded> out;
  if (core::Status done = encodeEach(narrow->get(), encodings, out); !done.isOk()) return done;
  return out;
}

core::Result<ImagePtr> reducedSource(const Encoded& source, std::span<const int> sizes,
                                     bool square) {
  const int largest = sizes.empty() ? 1 : *std::max_element(sizes.begin(), sizes.end());
  // A square needs its side on the shorter edge; a width variant its width.
  int width = largest;
  int height = VIPS_MAX_COORD;
  if (square) {
    const double scale = static_cast<double>(largest) / std::min(source.width, source.height);
    width = std::max(largest, static_cast<int>(std::ceil(source.width * scale)));
    height = std::max(largest, static_cast<int>(std::ceil(source.height * scale)));
  }
  VipsImage* reduced = nullptr;
  if (vips_thumbnail_buffer(source.buffer.data.get(), source.buffer.size, &reduced, width, "height",
                            height, "size", VIPS_SIZE_DOWN, nullptr) != 0) {
    return variantFailure();
  }
  ImagePtr lazy(reduced);
  return materialise(lazy.get());
}

core::Result<Encoded> animatedSquare(const Encoded& source, OutputFormat format, int side,
                                     int quality) {
  const double scale = static_cast<double>(side) / std::min(source.width, source.height);
  const int fitWidth = std::max(side, static_cast<int>(std::lround(source.width * scale)));
  const int fitHeight = std::max(side, static_cast<int>(std::lround(source.height * scale)));
  VipsImage* fitted = nullptr;
  if (vips_thumbnail_buffer(source.buffer.data.get(), source.buffer.size, &fitted, fitWidth,
                            "height", fitHeight, "size", VIPS_SIZE_FORCE, "option_string", "n=-1",
                            nullptr) != 0) {
    return variantFailure();
  }
  ImagePtr sequential(fitted);
  // Frames are cut from a strip that is decoded in order: hold it in memory
  // (a few MB: variants are small) so that cutting frame n does not decode
  // frames 0..n again.
  ImagePtr strip(vips_image_copy_memory(sequential.get()));
  if (!strip) return variantFailure();
  const int pageHeight = vips_image_get_page_height(strip.get());
  const int width = std::min(side, strip->Xsize);
  const int height = std::min(side, pageHeight);
  auto animation = extractFrames(strip.get(), (strip->Xsize - width) / 2, (pageHeight - height) / 2,
                                 width, height);
  if (!animation) return animation.status();
  return encode(animation->get(), format, quality);
}

core::Result<Encoded> animatedWidth(const Encoded& source, OutputFormat format, int width,
                                    int quality) {
  VipsImage* narrow = nullptr;
  if (vips_thumbnail_buffer(source.buffer.data.get(), source.buffer.size, &narrow, width, "height",
                            VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, "option_string", "n=-1",
                            nullptr) != 0) {
    return variantFailure();
  }
  ImagePtr image(narrow);
  return encode(image.get(), format, quality);
}

}  // namespace userimg::image::detail
