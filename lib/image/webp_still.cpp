#include "image/webp_still.h"

#include <webp/encode.h>

#include <algorithm>
#include <cstddef>
#include <memory>

namespace userimg::image {
namespace {

constexpr int kDefaultEffort = 4;  // libvips 8.14's webpsave "effort"

// Owns a WebPPicture's buffers.
struct PictureFree {
  void operator()(WebPPicture* picture) const { WebPPictureFree(picture); }
};

// libwebp's writer callback: appends to the std::vector in custom_ptr.
int appendTo(const std::uint8_t* data, std::size_t size, const WebPPicture* picture) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(picture->custom_ptr);
  out->insert(out->end(), data, data + size);
  return 1;
}

// A grey image (with its alpha, if any) as packed RGB(A) rows: what libvips
// converts it to before its saver sees it.
std::vector<std::uint8_t> colourOf(const PixelView& grey) {
  const int channels = grey.channels + 2;
  std::vector<std::uint8_t> colour(static_cast<std::size_t>(grey.width) * grey.height * channels);
  std::uint8_t* to = colour.data();
  for (int y = 0; y < grey.height; ++y) {
    const std::uint8_t* from = grey.pixel(0, y);
    for (int x = 0; x < grey.width; ++x, from += grey.channels) {
      to = std::fill_n(to, 3, from[0]);
      if (grey.channels == 2) *to++ = from[1];
    }
  }
  return colour;
}

bool importInto(WebPPicture& picture, const std::uint8_t* rgb, int channels, std::size_t stride) {
  const int rowBytes = static_cast<int>(stride);
  return channels == 4 ? WebPPictureImportRGBA(&picture, rgb, rowBytes) != 0
                       : WebPPictureImportRGB(&picture, rgb, rowBytes) != 0;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> encodeWebpStill(const PixelView& pixels, int quality,
                                                         int effort) {
  if (pixels.channels < 1 || pixels.channels > 4 || pixels.width <= 0 || pixels.height <= 0) {
    return std::nullopt;
  }
  WebPConfig config;
  if (WebPConfigInit(&config) == 0) return std::nullopt;
  config.quality = static_cast<float>(std::clamp(quality, 0, 100));
  config.method = effort < 0 ? kDefaultEffort : std::min(effort, 6);
  if (WebPValidateConfig(&config) == 0) return std::nullopt;

  WebPPicture picture;
  if (WebPPictureInit(&picture) == 0) return std::nullopt;
  std::unique_ptr<WebPPicture, PictureFree> owned(&picture);
  picture.width = pixels.width;
  picture.height = pixels.height;
  bool imported = false;
  if (pixels.channels >= 3) {
    imported = importInto(picture, pixels.data, pixels.channels, pixels.stride);
  } else {
    const std::vector<std::uint8_t> colour = colourOf(pixels);
    const int channels = pixels.channels + 2;
    imported = importInto(picture, colour.data(), channels,
                          static_cast<std::size_t>(pixels.width) * channels);
  }
  if (!imported) return std::nullopt;

  std::vector<std::uint8_t> file;
  picture.writer = appendTo;
  picture.custom_ptr = &file;
  if (WebPEncode(&config, &picture) == 0) return std::nullopt;
  return file;
}

}  // namespace userimg::image
