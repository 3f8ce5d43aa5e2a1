// The writing half of vips_codec.h: the encoders.

#include "image/vips_codec.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "image/jpeg_still.h"
#include "image/vips_pixels.h"
#include "image/webp_metadata.h"
#include "image/webp_still.h"

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

// True for a metadata field no stored image may carry (camera, GPS, editing
// history, colour profile, comments, thumbnails).
bool isPrivateField(std::string_view name) {
  return name.starts_with("exif-") || name.starts_with("xmp-") || name.starts_with("iptc-") ||
         name.starts_with("icc-") || name.starts_with("jpeg-thumbnail") ||
         name.find("comment") != std::string_view::npos;
}

// `image` without any metadata field: no encoder is trusted to drop them
// ("strip" is ignored by libvips 8.14.1's webpsave, whose output is
// stripped again afterwards: image/webp_metadata.h).
core::Result<ImagePtr> withoutMetadata(VipsImage* image) {
  VipsImage* copy = nullptr;
  if (vips_copy(image, &copy, nullptr) != 0) {
    return vipsFailure("encode", core::Status::invalidImage(kCorrupt));
  }
  ImagePtr bare(copy);
  gchar** fields = vips_image_get_fields(bare.get());
  for (gchar** field = fields; *field != nullptr; ++field) {
    if (isPrivateField(*field)) vips_image_remove(bare.get(), *field);
  }
  g_strfreev(fields);
  return bare;
}

int save(VipsImage* image, OutputFormat format, int quality, bool progressive, int effort,
         void** data, std::size_t* size) {
  // "strip" (libvips 8.14; "keep" from 8.15) drops every metadata block.
  switch (format) {
    case OutputFormat::kJpeg:
      return vips_jpegsave_buffer(image, data, size, "Q", quality, "interlace",
                                  progressive ? TRUE : FALSE, "optimize_coding", TRUE, "strip",
                                  TRUE, nullptr);
    case OutputFormat::kPng:
      return vips_pngsave_buffer(image, data, size, "strip", TRUE, nullptr);
    case OutputFormat::kGif:
      return vips_gifsave_buffer(image, data, size, "strip", TRUE, nullptr);
    case OutputFormat::kWebp:
      return effort < 0
                 ? vips_webpsave_buffer(image, data, size, "Q", quality, "strip", TRUE, nullptr)
                 : vips_webpsave_buffer(image, data, size, "Q", quality, "effort", effort, "strip",
                                        TRUE, nullptr);
    case OutputFormat::kAvif:
      // libheif's AV1 encoder (libaom in Debian 12) at libvips' default effort.
      return vips_heifsave_buffer(image, data, size, "Q", quality, "compression",
                                  VIPS_FOREIGN_HEIF_COMPRESSION_AV1, "strip", TRUE, nullptr);
  }
  return -1;
}

// True for one frame of 8-bit sRGB (RGB, RGBA) or grey (with or without
// alpha) pixels held in memory: a variant, or a cover's width variant kept
// for its encodings. Those go to libjpeg or libwebp directly
// (image/jpeg_still.h, webp_still.h); the rest (a lazy main image, an
// animation) to libvips' savers.
bool isStillInMemory(VipsImage* image) {
  const bool memory =
      (image->dtype == VIPS_IMAGE_SETBUF || image->dtype == VIPS_IMAGE_SETBUF_FOREIGN) &&
      image->data != nullptr;
  const bool colour =
      image->Type == VIPS_INTERPRETATION_sRGB
          ? image->Bands == 3 || image->Bands == 4
          : image->Type == VIPS_INTERPRETATION_B_W && (image->Bands == 1 || image->Bands == 2);
  return memory && colour && image->BandFmt == VIPS_FORMAT_UCHAR &&
         vips_image_get_page_height(image) == image->Ysize;
}

// `image` (isStillInMemory) encoded by libjpeg or libwebp directly; nullopt
// where that path does not apply (an interlaced JPEG; alpha, which
// encodeJpegStill refuses and libvips flattens onto white) or the library
// failed.
std::optional<Encoded> encodedStill(VipsImage* image, OutputFormat format, int quality,
                                    bool progressive, int effort) {
  std::optional<std::vector<std::uint8_t>> file;
  if (format == OutputFormat::kWebp) {
    file = encodeWebpStill(viewOf(image), quality, effort);
  } else if (format == OutputFormat::kJpeg && !progressive) {
    file = encodeJpegStill(viewOf(image), quality);
  }
  if (!file) return std::nullopt;
  Encoded encoded;
  encoded.buffer.data.reset(g_malloc(file->size()));
  std::memcpy(encoded.buffer.data.get(), file->data(), file->size());
  encoded.buffer.size = file->size();
  encoded.format = format;
  encoded.width = image->Xsize;
  encoded.height = image->Ysize;
  return encoded;
}

}  // namespace

core::Result<Encoded> encode(VipsImage* image, OutputFormat format, int quality, bool progressive,
                             int effort) {
  if (isStillInMemory(image)) {
    // libvips' path below stays the fallback: it logs what went wrong.
    if (auto encoded = encodedStill(image, format, quality, progressive, effort)) {
      return std::move(*encoded);
    }
  }
  ImagePtr ready;
  if (format == OutputFormat::kJpeg) {
    auto flat = flattenForJpeg(image);
    if (!flat) return flat.status();
    ready = std::move(flat.value());
  } else {
    g_object_ref(image);
    ready.reset(image);
  }
  auto bare = withoutMetadata(ready.get());
  if (!bare) return bare.status();
  ready = std::move(bare.value());
  void* data = nullptr;
  std::size_t size = 0;
  if (save(ready.get(), format, quality, progressive, effort, &data, &size) != 0) {
    g_free(data);
    return vipsFailure("encode", core::Status::invalidImage(kCorrupt));
  }
  Encoded encoded;
  encoded.buffer.data.reset(data);
  encoded.buffer.size = format == OutputFormat::kWebp
                            ? stripWebpMetadata(static_cast<unsigned char*>(data), size)
                            : size;
  encoded.format = format;
  encoded.width = ready->Xsize;
  encoded.height = vips_image_get_page_height(ready.get());
  encoded.frames = ready->Ysize / encoded.height;
  return encoded;
}

}  // namespace userimg::image::detail
