#pragma once
// Internal to lib/image: the variants of one image (step 5 of
// VipsImageProcessor): which pixels the still ones are cut from, in which
// encodings, the animated ones, the main image's siblings, and the
// placeholder made from the same pixels.
// Thread-safe: no shared state beyond libvips' own.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/images_config.h"
#include "core/image_kind.h"
#include "core/result.h"
#include "image/crop.h"
#include "image/placeholder/placeholder.h"
#include "image/vips_codec.h"

namespace userimg::image::detail {

// True when the variants of an image of `info` are cut from still pixels
// (every variant but an animated one; `cropped`: the upload carries a crop).
// A crop makes still variants of an animation too: the animated ones are
// centre crops of every frame.
bool stillVariants(const config::ImagesConfig& config, std::span<const int> sizes,
                   const HeaderInfo& info, bool cropped);

// The still pixels, in memory, that the still variants of `sizes` and the
// placeholder are made from: the main image's own (`still`) when held in
// memory; else an animation's first frame, decoded alone, when it has still
// variants; else the smallest copy of the encoded main image that serves
// every variant (a still too large to hold), or, with no still variant to
// serve, the copy of kTinySide px on the shorter side that the placeholder
// needs (shrunk on load).
core::Result<ImagePtr> stillSource(ImageFormat format, const std::filesystem::path& input,
                                   const HeaderInfo& info, Box box, const Encoded& main,
                                   const ImagePtr& still, std::span<const int> sizes, bool profile,
                                   const std::optional<CropRect>& coverCrop, int uprightWidth);

// The placeholder of `source` (still pixels in memory), or none when it
// cannot be made: it is never worth refusing an upload for.
std::optional<placeholder::Placeholder> placeholderOf(VipsImage* source);

// A made variant and its name ("128", "640w"; siblings share it).
struct NamedVariant {
  std::string name;
  Encoded encoded;
};

// How each still variant is encoded: as the image (`output`), then once per
// configured sibling format that differs from it.
std::vector<Encoding> stillEncodings(const config::ImagesConfig& config, OutputFormat output);

// The configured variants of an image whose main copy is `main`, in the
// configured order, each followed by its siblings: animated ones (no
// siblings) cut from `main`, still ones from `source` (stillSource()).
core::Result<std::vector<NamedVariant>> makeVariants(const config::ImagesConfig& config,
                                                     core::ImageKind kind, OutputFormat output,
                                                     const HeaderInfo& info, const Encoded& main,
                                                     VipsImage* source,
                                                     const std::optional<CropRect>& squareCrop,
                                                     int uprightWidth);

// The stored image's siblings ([images] sibling_main), named "full": encoded
// from its pixels in memory (`still`), else from the encoded `main` decoded
// again (a still too large to hold). None for an animation.
core::Result<std::vector<NamedVariant>> mainSiblings(const config::ImagesConfig& config,
                                                     OutputFormat output, const Encoded& main,
                                                     VipsImage* still);

}  // namespace userimg::image::detail
