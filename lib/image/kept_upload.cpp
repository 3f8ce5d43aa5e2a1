#include "image/kept_upload.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/log.h"
#include "image/jpeg_keep.h"
#include "image/placeholder/placeholder.h"
#include "image/vips_variants.h"

namespace userimg::image::detail {
namespace {

// What the largest variant keeps to resample from, at least: below 1.5x a
// DCT-scaled decode's own softness would show in the variant.
constexpr double kVariantHeadroom = 1.5;

std::optional<KeptUpload> notKept(const std::string& why) {
  core::log::debug("image: JPEG encoded again: " + why);
  return std::nullopt;
}

}  // namespace

int variantShrinkFor(int width, int height, std::span<const int> sizes, bool square) {
  const int largest =
      sizes.empty() ? placeholder::kTinySide : *std::max_element(sizes.begin(), sizes.end());
  const double available = square ? std::min(width, height) : width;
  for (int shrink : {8, 4, 2}) {
    if (available / shrink >= largest * kVariantHeadroom) return shrink;
  }
  return 1;
}

std::optional<KeptUpload> keepUpload(const config::ImagesConfig& config, ImageFormat format,
                                     const std::filesystem::path& input, const HeaderInfo& info,
                                     Box box, std::span<const int> sizes, bool square,
                                     bool wholePixels) {
  if (!config.keepJpeg || format != ImageFormat::kJpeg) return std::nullopt;
  const ImageHeader& header = info.header;
  if (header.width > box.width || header.height > box.height) return notKept("larger than stored");
  if (header.orientation > 1) return notKept("turned by EXIF");
  if (info.hasIccProfile) return notKept("an ICC profile");

  gchar* contents = nullptr;
  gsize length = 0;
  if (!g_file_get_contents(input.c_str(), &contents, &length, nullptr)) {
    return notKept("the upload cannot be read");
  }
  BufferPtr upload(contents);
  auto result = keptJpeg({static_cast<const unsigned char*>(upload.get()), length});
  if (auto* refused = std::get_if<NotKept>(&result)) return notKept(refused->reason);
  const KeptJpeg& kept = std::get<KeptJpeg>(result);
  if (kept.quality > config.jpegQuality) {
    return notKept("quality " + std::to_string(kept.quality) + " above jpeg_quality");
  }
  if (kept.width != header.width || kept.height != header.height) {
    return notKept("the frame's size is not the header's");
  }

  KeptUpload out;
  out.main.buffer.data.reset(g_malloc(kept.bytes.size()));
  std::memcpy(out.main.buffer.data.get(), kept.bytes.data(), kept.bytes.size());
  out.main.buffer.size = kept.bytes.size();
  out.main.format = OutputFormat::kJpeg;
  out.main.width = kept.width;
  out.main.height = kept.height;

  // The kept bytes themselves are decoded, strictly: what is stored is what
  // decoded without a warning (a truncated scan, stray bytes).
  const int shrink = wholePixels ? 1 : variantShrinkFor(kept.width, kept.height, sizes, square);
  VipsImage* loaded = nullptr;
  if (vips_jpegload_buffer(out.main.buffer.data.get(), out.main.buffer.size, &loaded, "shrink",
                           shrink, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                           VIPS_FAIL_ON_WARNING, nullptr) != 0) {
    takeVipsError();
    return notKept("the kept data does not decode cleanly");
  }
  auto srgb = toSrgb(ImagePtr(loaded));
  if (!srgb) return notKept("its colour space");
  auto pixels = materialise(srgb->get());
  if (!pixels) {
    takeVipsError();
    return notKept("the kept data does not decode cleanly");
  }
  out.pixels = std::move(pixels.value());
  return out;
}

}  // namespace userimg::image::detail
