// The variants of one image: see variant_set.h.

#include "image/variant_set.h"

#include <string>

#include "core/log.h"
#include "image/vips_pixels.h"
#include "image/vips_variants.h"

namespace userimg::image::detail {

bool stillVariants(const config::ImagesConfig& config, std::span<const int> sizes,
                   const HeaderInfo& info, bool cropped) {
  return !sizes.empty() && !(info.animated && config.animatedVariants && !cropped);
}

core::Result<ImagePtr> stillSource(ImageFormat format, const std::filesystem::path& input,
                                   const HeaderInfo& info, Box box, const Encoded& main,
                                   const ImagePtr& still, std::span<const int> sizes, bool profile,
                                   const std::optional<CropRect>& coverCrop, int uprightWidth) {
  if (still) {
    g_object_ref(still.get());
    return ImagePtr(still.get());
  }
  if (sizes.empty()) {
    const int side = placeholder::kTinySide;
    return reducedSource(main, {&side, 1}, true);
  }
  if (info.animated) {
    HeaderInfo firstFrame = info;
    firstFrame.animated = false;
    auto frame = decodeFitted(format, input, firstFrame, box);
    if (!frame) return frame.status();
    if (coverCrop) {
      auto cut = cropFrames(frame->get(), *coverCrop, uprightWidth);
      if (!cut) return cut.status();
      frame = std::move(cut);
    }
    return materialise(frame->get());
  }
  return reducedSource(main, sizes, profile);
}

std::optional<placeholder::Placeholder> placeholderOf(VipsImage* source) {
  if (source->BandFmt != VIPS_FORMAT_UCHAR) {
    core::log::warning("image: no placeholder for an image of " +
                       std::to_string(vips_format_sizeof(source->BandFmt)) + "-byte bands");
    return std::nullopt;
  }
  auto made = placeholder::makePlaceholder(viewOf(source));
  if (!made) {
    core::log::warning("image: no placeholder: " + made.status().toString());
    return std::nullopt;
  }
  return std::move(made.value());
}

std::vector<Encoding> stillEncodings(const config::ImagesConfig& config, OutputFormat output) {
  std::vector<Encoding> encodings{{output, config.jpegQuality}};
  for (const config::SiblingFormat sibling : config.siblingFormats) {
    const Encoding encoding =
        sibling == config::SiblingFormat::kWebp
            ? Encoding{OutputFormat::kWebp, config.webpQuality, config.webpEffort}
            : Encoding{OutputFormat::kAvif, config.avifQuality};
    if (encoding.format != output) encodings.push_back(encoding);
  }
  return encodings;
}

core::Result<std::vector<NamedVariant>> makeVariants(const config::ImagesConfig& config,
                                                     core::ImageKind kind, OutputFormat output,
                                                     const HeaderInfo& info, const Encoded& main,
                                                     VipsImage* source,
                                                     const std::optional<CropRect>& squareCrop,
                                                     int uprightWidth) {
  const bool profile = kind == core::ImageKind::kProfile;
  const std::vector<int>& sizes = profile ? config.profileVariants : config.coverVariants;
  const int quality = config.jpegQuality;
  auto nameOf = [profile](int size) { return std::to_string(size) + (profile ? "" : "w"); };
  std::vector<NamedVariant> variants;
  if (sizes.empty()) return variants;

  if (!stillVariants(config, sizes, info, squareCrop.has_value())) {
    for (int size : sizes) {
      auto variant = profile ? animatedSquare(main, output, size, quality)
                             : animatedWidth(main, output, size, quality);
      if (!variant) return variant.status();
      variants.push_back({nameOf(size), std::move(variant.value())});
    }
    return variants;
  }
  const std::vector<Encoding> encodings = stillEncodings(config, output);
  std::vector<Encoded> made;
  if (profile) {
    std::optional<CropRect> region;
    if (squareCrop) {
      const double scale = static_cast<double>(source->Xsize) / uprightWidth;
      region = scaleCrop(*squareCrop, scale, source->Xsize, source->Ysize);
    }
    auto squares = stillSquares(source, sizes, encodings, region);
    if (!squares) return squares.status();
    made = std::move(squares.value());
  } else {
    for (int size : sizes) {
      auto widths = stillWidth(source, size, encodings);
      if (!widths) return widths.status();
      for (Encoded& encoded : widths.value()) made.push_back(std::move(encoded));
    }
  }
  for (std::size_t i = 0; i < made.size(); ++i) {
    variants.push_back({nameOf(sizes[i / encodings.size()]), std::move(made[i])});
  }
  return variants;
}

core::Result<std::vector<NamedVariant>> mainSiblings(const config::ImagesConfig& config,
                                                     OutputFormat output, const Encoded& main,
                                                     VipsImage* still) {
  std::vector<NamedVariant> siblings;
  std::vector<Encoding> encodings = stillEncodings(config, output);
  encodings.erase(encodings.begin());
  if (!config.siblingMain || encodings.empty() || main.frames > 1) return siblings;
  for (const Encoding& encoding : encodings) {
    ImagePtr decoded;
    if (still == nullptr) {
      // Sequential access is one pass: decoded again for each format.
      decoded.reset(vips_image_new_from_buffer(main.buffer.data.get(), main.buffer.size, "",
                                               "access", VIPS_ACCESS_SEQUENTIAL, nullptr));
      if (!decoded) {
        return vipsFailure("sibling", core::Status::internal("Cannot make a sibling"));
      }
    }
    auto encoded = encode(still != nullptr ? still : decoded.get(), encoding.format,
                          encoding.quality, false, encoding.effort);
    if (!encoded) return encoded.status();
    siblings.push_back({"full", std::move(encoded.value())});
  }
  return siblings;
}

}  // namespace userimg::image::detail
