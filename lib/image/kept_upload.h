#pragma once
// Internal to lib/image: the path of process() for a JPEG upload that is
// kept as its own compressed data ([images] keep_jpeg, image/jpeg_keep.h)
// instead of being decoded whole and encoded again.
// Thread-safe: no shared state beyond libvips' own.

#include <filesystem>
#include <optional>
#include <span>

#include "config/images_config.h"
#include "image/vips_codec.h"

namespace userimg::image::detail {

// A kept upload: what is stored, and the pixels its variants and
// placeholder are cut from.
struct KeptUpload {
  Encoded main;     // the kept bytes (a JPEG), at the upload's own size
  ImagePtr pixels;  // in memory; `main` decoded at the smallest 1/2^k
                    // scale that leaves every variant 1.5x to resample
                    // from, or whole when `wholePixels`
};

// `input` (a `format` upload with header `info`) kept as it is, when
// `config` allows it and the upload already is what would be stored: a
// JPEG within `box`, upright (no EXIF rotation), without an ICC profile,
// whose segments jpeg_keep.h keeps, no finer than jpeg_quality, and whose
// kept bytes decode without a single libjpeg warning. nullopt otherwise
// (why is logged at debug level): the caller decodes and encodes as usual,
// so nothing an upload would otherwise get is refused here. `sizes` are the
// variants to be made (`square`: squares on the shorter side, else widths);
// `wholePixels`: the pixels are needed at full size (the stored image's own
// siblings are made from them).
std::optional<KeptUpload> keepUpload(const config::ImagesConfig& config, ImageFormat format,
                                     const std::filesystem::path& input, const HeaderInfo& info,
                                     Box box, std::span<const int> sizes, bool square,
                                     bool wholePixels);

// The JPEG shrink-on-load factor (1, 2, 4 or 8) for pixels of a `width` x
// `height` image from which `sizes` (squares when `square`, else widths) and
// a placeholder are made: the largest that leaves the largest variant at
// least 1.5x to resample from.
int variantShrinkFor(int width, int height, std::span<const int> sizes, bool square);

}  // namespace userimg::image::detail
