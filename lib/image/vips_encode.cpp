// The writing half of vips_codec.h: encoders and variants.

#include <algorithm>
#include <cmath>
#include <vector>

#include "image/vips_codec.h"

namespace userimg::image::detail {
namespace {

const char* const kCorrupt = "Image data is corrupt or truncated";

// JPEG has no alpha: composite onto white.
core::Result<ImagePtr> flattenForJpeg(VipsImage* image) {
  g_object_ref(image);
  ImagePtr result(image);
  if (!vips_image_hasalpha(image)) return result;
  VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
  VipsImage* flat = nullptr;
  const int failed = vips_flatten(image, &flat, "background", white, nullptr);
  vips_area_unref(VIPS_AREA(white));
  if (failed != 0) return vipsFailure("flatten", core::Status::invalidImage(kCorrupt));
  result.reset(flat);
  return result;
}

int save(VipsImage* image, OutputFormat format, int quality, void** data, std::size_t* size) {
  // "strip" (libvips 8.14; "keep" from 8.15) drops every metadata block.
  switch (format) {
    case OutputFormat::kJpeg:
      return vips_jpegsave_buffer(image, data, size, "Q", quality, "interlace", TRUE,
                                  "optimize_coding", TRUE, "strip", TRUE, nullptr);
    case OutputFormat::kPng:
      return vips_pngsave_buffer(image, data, size, "strip", TRUE, nullptr);
    case OutputFormat::kGif:
      return vips_gifsave_buffer(image, data, size, "strip", TRUE, nullptr);
    case OutputFormat::kWebp:
      return vips_webpsave_buffer(image, data, size, "Q", quality, "strip", TRUE, nullptr);
  }
  return -1;
}

// Every frame of an animation cut to a centred side x side square.
core::Result<Encoded> animatedSquare(const Encoded& source, OutputFormat format, int side,
                                     int quality) {
  const double scale = static_cast<double>(side) / std::min(source.width, source.height);
  const int fitWidth = std::max(side, static_cast<int>(std::lround(source.width * scale)));
  const int fitHeight = std::max(side, static_cast<int>(std::lround(source.height * scale)));
  VipsImage* fitted = nullptr;
  if (vips_thumbnail_buffer(source.buffer.data.get(), source.buffer.size, &fitted, fitWidth,
                            "height", fitHeight, "size", VIPS_SIZE_FORCE, "option_string", "n=-1",
                            nullptr) != 0) {
    return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
  }
  ImagePtr sequential(fitted);
  // Frames are cut from a strip that is decoded in order: hold it in memory
  // (a few MB: variants are small) so that cutting frame n does not decode
  // frames 0..n again.
  ImagePtr strip(vips_image_copy_memory(sequential.get()));
  if (!strip) return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
  const int pageHeight = vips_image_get_page_height(strip.get());
  const int pages = strip->Ysize / pageHeight;
  const int width = std::min(side, strip->Xsize);
  const int height = std::min(side, pageHeight);
  std::vector<ImagePtr> frames;
  std::vector<VipsImage*> raw;
  for (int page = 0; page < pages; ++page) {
    VipsImage* frame = nullptr;
    if (vips_extract_area(strip.get(), &frame, (strip->Xsize - width) / 2,
                          page * pageHeight + (pageHeight - height) / 2, width, height,
                          nullptr) != 0) {
      return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
    }
    frames.emplace_back(frame);
    raw.push_back(frame);
  }
  VipsImage* joined = nullptr;
  if (vips_arrayjoin(raw.data(), &joined, static_cast<int>(raw.size()), "across", 1, nullptr) !=
      0) {
    return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
  }
  ImagePtr animation(joined);
  VipsImage* copy = nullptr;
  if (vips_copy(animation.get(), &copy, nullptr) != 0) {
    return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
  }
  animation.reset(copy);
  vips_image_set_int(animation.get(), VIPS_META_PAGE_HEIGHT, height);
  return encode(animation.get(), format, quality);
}

}  // namespace

core::Result<Encoded> encode(VipsImage* image, OutputFormat format, int quality) {
  ImagePtr ready;
  if (format == OutputFormat::kJpeg) {
    auto flat = flattenForJpeg(image);
    if (!flat) return flat.status();
    ready = std::move(flat.value());
  } else {
    g_object_ref(image);
    ready.reset(image);
  }
  void* data = nullptr;
  std::size_t size = 0;
  if (save(ready.get(), format, quality, &data, &size) != 0) {
    g_free(data);
    return vipsFailure("encode", core::Status::invalidImage(kCorrupt));
  }
  Encoded encoded;
  encoded.buffer.data.reset(data);
  encoded.buffer.size = size;
  encoded.width = ready->Xsize;
  encoded.height = vips_image_get_page_height(ready.get());
  encoded.frames = ready->Ysize / encoded.height;
  return encoded;
}

core::Result<Encoded> squareVariant(const Encoded& source, OutputFormat format, int side,
                                    int quality) {
  if (source.frames > 1) return animatedSquare(source, format, side, quality);
  VipsImage* square = nullptr;
  if (vips_thumbnail_buffer(source.buffer.data.get(), source.buffer.size, &square, side, "height",
                            side, "size", VIPS_SIZE_BOTH, "crop", VIPS_INTERESTING_ATTENTION,
                            nullptr) != 0) {
    return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
  }
  ImagePtr image(square);
  return encode(image.get(), format, quality);
}

core::Result<Encoded> widthVariant(const Encoded& source, OutputFormat format, int width,
                                   int quality) {
  VipsImage* narrow = nullptr;
  if (vips_thumbnail_buffer(source.buffer.data.get(), source.buffer.size, &narrow, width, "height",
                            VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, "option_string",
                            source.frames > 1 ? "n=-1" : "", nullptr) != 0) {
    return vipsFailure("variant", core::Status::internal("Cannot make an image variant"));
  }
  ImagePtr image(narrow);
  return encode(image.get(), format, quality);
}

}  // namespace userimg::image::detail
