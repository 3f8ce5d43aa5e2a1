// The reading half of vips_codec.h: header, bounded decode, normalisation.

#include <string>

#include "image/vips_codec.h"
#include "observe/request_notes.h"

namespace userimg::image::detail {
namespace {

const char* const kCorrupt = "Image data is corrupt or truncated";

// The nickname prefix of the loader for each format ("jpegload_source").
std::string_view loaderNickname(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return "jpegload";
    case ImageFormat::kPng:
      return "pngload";
    case ImageFormat::kGif:
      return "gifload";
    case ImageFormat::kWebp:
      return "webpload";
    case ImageFormat::kHeif:
      return "heifload";
  }
  return "";
}

core::Result<SourcePtr> openSource(const std::filesystem::path& file) {
  SourcePtr source(vips_source_new_from_file(file.c_str()));
  if (!source) {
    return vipsFailure("open " + file.string(),
                       core::Status::internal("Cannot open the uploaded file"));
  }
  return source;
}

int loadHeader(ImageFormat format, VipsSource* source, VipsImage** out) {
  // Lazy loads: only the header is read until pixels are asked for.
  const VipsAccess access = VIPS_ACCESS_SEQUENTIAL;
  switch (format) {
    case ImageFormat::kJpeg:
      return vips_jpegload_source(source, out, "access", access, nullptr);
    case ImageFormat::kPng:
      return vips_pngload_source(source, out, "access", access, nullptr);
    case ImageFormat::kGif:
      return vips_gifload_source(source, out, "access", access, nullptr);
    case ImageFormat::kWebp:
      return vips_webpload_source(source, out, "access", access, nullptr);
    case ImageFormat::kHeif:
      return vips_heifload_source(source, out, "access", access, nullptr);
  }
  return -1;
}

}  // namespace

OutputFormat outputFormatFor(ImageFormat format) {
  switch (format) {
    case ImageFormat::kPng:
      return OutputFormat::kPng;
    case ImageFormat::kGif:
      return OutputFormat::kGif;
    case ImageFormat::kWebp:
      return OutputFormat::kWebp;
    case ImageFormat::kJpeg:
    case ImageFormat::kHeif:
      break;
  }
  return OutputFormat::kJpeg;
}

std::string_view contentTypeOf(OutputFormat format) {
  switch (format) {
    case OutputFormat::kJpeg:
      return "image/jpeg";
    case OutputFormat::kPng:
      return "image/png";
    case OutputFormat::kGif:
      return "image/gif";
    case OutputFormat::kWebp:
      return "image/webp";
    case OutputFormat::kAvif:
      return "image/avif";
  }
  return "application/octet-stream";
}

std::string_view extensionOf(OutputFormat format) {
  switch (format) {
    case OutputFormat::kJpeg:
      return "jpg";
    case OutputFormat::kPng:
      return "png";
    case OutputFormat::kGif:
      return "gif";
    case OutputFormat::kWebp:
      return "webp";
    case OutputFormat::kAvif:
      return "avif";
  }
  return "bin";
}

core::Result<ImagePtr> toSrgb(ImagePtr image) {
  const VipsInterpretation interpretation = vips_image_get_interpretation(image.get());
  const bool grey =
      interpretation == VIPS_INTERPRETATION_B_W || interpretation == VIPS_INTERPRETATION_GREY16;
  const VipsInterpretation target = grey ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
  if (interpretation != target || image->BandFmt != VIPS_FORMAT_UCHAR) {
    VipsImage* converted = nullptr;
    if (vips_colourspace(image.get(), &converted, target, nullptr) != 0) {
      return vipsFailure("colourspace", core::Status::invalidImage("Unsupported colour space"));
    }
    image.reset(converted);
  }
  if (image->BandFmt != VIPS_FORMAT_UCHAR) {
    VipsImage* cast = nullptr;
    if (vips_cast_uchar(image.get(), &cast, nullptr) != 0) {
      return vipsFailure("cast", core::Status::invalidImage("Unsupported colour space"));
    }
    image.reset(cast);
  }
  return image;
}

core::Result<HeaderInfo> readHeader(ImageFormat format, const std::filesystem::path& file) {
  auto source = openSource(file);
  if (!source) return source.status();
  VipsImage* loaded = nullptr;
  if (loadHeader(format, source->get(), &loaded) != 0) {
    return vipsFailure("read header", core::Status::invalidImage(kCorrupt));
  }
  ImagePtr image(loaded);
  HeaderInfo info;
  info.header.width = image->Xsize;
  info.header.height = vips_image_get_page_height(image.get());
  info.header.orientation = vips_image_get_orientation(image.get());
  info.hasIccProfile = vips_image_get_typeof(image.get(), VIPS_META_ICC_NAME) != 0;
  // HEIF's "pages" are separate images, of which only the primary is used.
  if (format == ImageFormat::kGif || format == ImageFormat::kWebp) {
    info.header.frames = vips_image_get_n_pages(image.get());
    info.animated = info.header.frames > 1;
  }
  return info;
}

core::Result<ImagePtr> decodeFitted(ImageFormat format, const std::filesystem::path& file,
                                    const HeaderInfo& info, Box box) {
  if (format == ImageFormat::kJpeg && fitFactor(info, box) > 1.0) {
    return decodeJpegShrunk(file, info, box, jpegShrinkFor(info, box));
  }
  auto source = openSource(file);
  if (!source) return source.status();
  // vips_thumbnail: shrink-on-load (JPEG, WebP, HEIF), premultiplied
  // resampling, EXIF autorotation, sequential reading. With an embedded ICC
  // profile it converts to sRGB; without one the pixels are taken as sRGB.
  // fail_on is passed to the loader here too: libvips 8.14's
  // thumbnail_source does not hand its own fail_on on to the loader.
  const char* loaderOptions = info.animated ? "n=-1,fail_on=error" : "fail_on=error";
  VipsImage* fitted = nullptr;
  const int failed =
      info.hasIccProfile
          ? vips_thumbnail_source(source->get(), &fitted, box.width, "height", box.height, "size",
                                  VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, "option_string",
                                  loaderOptions, "export_profile", "srgb", nullptr)
          : vips_thumbnail_source(source->get(), &fitted, box.width, "height", box.height, "size",
                                  VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, "option_string",
                                  loaderOptions, nullptr);
  if (failed != 0) return vipsFailure("decode", core::Status::invalidImage(kCorrupt));
  ImagePtr image(fitted);

  // The loader was found by libvips from the bytes, among the allowed ones:
  // it must be the one the sniffer chose.
  const char* loader = nullptr;
  if (vips_image_get_typeof(image.get(), VIPS_META_LOADER) != 0 &&
      vips_image_get_string(image.get(), VIPS_META_LOADER, &loader) == 0 &&
      !std::string_view(loader).starts_with(loaderNickname(format))) {
    observe::notes().outcome = "bad_type";
    return vipsFailure("decode " + std::string(loader),
                       core::Status::invalidImage("Unsupported image format"));
  }
  return toSrgb(std::move(image));
}

}  // namespace userimg::image::detail
