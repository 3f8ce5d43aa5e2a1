#pragma once
// Internal to lib/image: the libvips steps of the pipeline (header read,
// bounded decode, normalisation, encoding; variants are in vips_variants.h). Each step returns a
// Status instead of a libvips error code, with the libvips error text logged.
// Thread-safe: no shared state beyond libvips' own.

#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "image/crop.h"
#include "image/image_limits.h"
#include "image/sniff.h"
#include "image/vips_support.h"

namespace userimg::image::detail {

// The formats stored. HEIF uploads are stored as JPEG; AVIF is only ever a
// sibling of a variant (ImagesConfig::siblingFormats).
enum class OutputFormat { kJpeg, kPng, kGif, kWebp, kAvif };

OutputFormat outputFormatFor(ImageFormat format);
std::string_view contentTypeOf(OutputFormat format);  // "image/jpeg"
std::string_view extensionOf(OutputFormat format);    // "jpg"

// What the loader for the sniffed format read from the header alone.
struct HeaderInfo {
  ImageHeader header;
  bool hasIccProfile = false;
  // An animation (GIF or WebP of more than one frame) keeps all its frames.
  bool animated = false;
};

// Reads the header of `file` with the loader of `format` (chosen explicitly,
// never guessed); no pixel is decoded. kInvalidImage when the header is
// unreadable.
core::Result<HeaderInfo> readHeader(ImageFormat format, const std::filesystem::path& file);

// A bounding box: images are shrunk to fit it and never enlarged.
struct Box {
  int width = 0;
  int height = 0;
};

// Decodes `file` (failing on corruption or truncation) into an upright,
// 8-bit sRGB (or greyscale) image that fits `box`, with shrink-on-load where
// the format offers it, read sequentially. Pixels are computed lazily, and
// decode errors surface from encode(), except for a JPEG that must shrink:
// resize() computes that one (kInvalidImage here). kInvalidImage when the
// file is not what the header said.
core::Result<ImagePtr> decodeFitted(ImageFormat format, const std::filesystem::path& file,
                                    const HeaderInfo& info, Box box);

// Colour for storage: `image` as 8-bit sRGB, or 8-bit greyscale for grey
// images. kInvalidImage for a colour space libvips cannot convert.
core::Result<ImagePtr> toSrgb(ImagePtr image);

// The JPEG shrink-on-load factor (1, 2, 4 or 8) decodeFitted uses for a JPEG
// of `info` fitted to `box`: the largest that leaves at least 1.75x for
// lanczos3 to do. libvips 8.14's vips_thumbnail leaves 2x or more, so a
// 12 MP photo bound to 1024 px (3.9x) was decoded whole; at 1/2 it costs
// about a third less, for a final step of 1.95x instead of 3.9x.
int jpegShrinkFor(const HeaderInfo& info, Box box);

// How many times larger than `box` an image of `info` is once upright
// (above 1 when it must shrink to fit).
double fitFactor(const HeaderInfo& info, Box box);

// decodeFitted for a JPEG that must shrink (fitFactor above 1), decoded at
// 1/`shrink` (1, 2, 4 or 8) and resized by resize() (vips_decode_jpeg.cpp).
core::Result<ImagePtr> decodeJpegShrunk(const std::filesystem::path& file, const HeaderInfo& info,
                                        Box box, int shrink);

// vips_resize(image, hscale, "vscale", vscale) with its default kernel
// (lanczos3): the same pixels and metadata. Where Lanczos3Rows
// (image/lanczos_reduce.h) reproduces the horizontal step (8-bit, uncoded,
// 1-4 bands, both scales at most 1 and the horizontal one below it, the
// rows after the vertical step within 64 MiB), libvips' vertical step is
// computed into memory and the horizontal one made from it here: the result
// is held in memory and a decode error surfaces here (kInvalidImage).
// Otherwise it is vips_resize's own lazy image (vips_resize.cpp).
core::Result<ImagePtr> resize(VipsImage* image, double hscale, double vscale);

// The same `width` x `height` area at (left, top) of every frame of
// `image` (a still is one frame), as one image (vips_crop.cpp).
core::Result<ImagePtr> extractFrames(VipsImage* image, int left, int top, int width, int height);

// `image` (every frame of an animation) cut to `crop`, given in pixels of
// the upload as displayed, `uprightWidth` wide (`image` is a scaled copy of
// it). Lazy, like its input.
core::Result<ImagePtr> cropFrames(VipsImage* image, const CropRect& crop, int uprightWidth);

// An encoded image and its size (of one frame).
struct Encoded {
  Buffer buffer;
  OutputFormat format = OutputFormat::kJpeg;
  int width = 0;
  int height = 0;
  int frames = 1;
};

// One output format and its quality: how a variant (or a sibling of it) is
// encoded.
struct Encoding {
  OutputFormat format = OutputFormat::kJpeg;
  int quality = 85;
  int effort = -1;  // WebP's 0 (fastest) to 6; -1: libvips' default (4)
};

// Encodes `image` as `format` with no metadata at all (EXIF, XMP, IPTC, ICC,
// comments). JPEG has alpha flattened onto white;
// `quality` applies to JPEG and WebP. kInvalidImage when computing the
// pixels fails (corrupt or truncated input).
// `progressive` applies to JPEG (the main image's; a variant of a few
// kilobytes gains nothing from it), `effort` to WebP (-1: libvips' default).
// A still whose pixels are in memory (a variant) is encoded by libwebp or,
// as baseline JPEG without alpha, by libjpeg directly (image/webp_still.h:
// the same bitstream, in the simple format without a VP8X chunk;
// image/jpeg_still.h: the same file); anything else by libvips' savers.
core::Result<Encoded> encode(VipsImage* image, OutputFormat format, int quality,
                             bool progressive = true, int effort = -1);

}  // namespace userimg::image::detail
