#pragma once
// Internal to lib/image: the smaller copies (variants) of a processed image.
//
// Stills are cut from one decoded, upright, sRGB image held in memory (the
// "variant source"), so that no variant decodes anything again: the largest
// square is found once (one resize, one attention crop on that small image)
// and the smaller squares are shrunk from it. Animations keep their frames
// in their variants only when asked to (ImagesConfig::animatedVariants);
// those are cut from the encoded animation, every frame of it.
// Thread-safe: no shared state beyond libvips' own.

#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "image/crop.h"
#include "image/vips_codec.h"

namespace userimg::image::detail {

// The pixels of `image` computed once and held in memory, so that several
// outputs can be made from them. kInvalidImage when computing them fails
// (corrupt or truncated input).
core::Result<ImagePtr> materialise(VipsImage* image);

// Bytes `image` would take in memory (width x height x bands x bytes per band).
double memoryBytes(const VipsImage* image);

// Square variants of `still` (in memory): for each of `sides`, in that
// order, a side x side attention crop, enlarged if `still` is smaller,
// encoded once per `encodings` (side by side: all of the first side's, then
// the next side's). With `region` (in `still`'s pixels), the squares are cut
// from that part: all of it when it is square, its attention square
// otherwise.
core::Result<std::vector<Encoded>> stillSquares(VipsImage* still, std::span<const int> sides,
                                                std::span<const Encoding> encodings,
                                                const std::optional<CropRect>& region = {});

// `still` shrunk to `width` wide (never enlarged), once per `encodings`.
core::Result<std::vector<Encoded>> stillWidth(VipsImage* still, int width,
                                              std::span<const Encoding> encodings);

// The smallest copy of the encoded `source` from which every variant of
// `sides` (squares, when `square`) or widths can still be made: shrunk on
// load, in memory. For an image too large to keep whole in memory.
core::Result<ImagePtr> reducedSource(const Encoded& source, std::span<const int> sizes,
                                     bool square);

// An animated `side` x `side` square: a centre crop of every frame of the
// encoded animation `source`, enlarged if needed.
core::Result<Encoded> animatedSquare(const Encoded& source, OutputFormat format, int side,
                                     int quality);

// The encoded animation `source` shrunk to `width` wide (never enlarged),
// all frames kept.
core::Result<Encoded> animatedWidth(const Encoded& source, OutputFormat format, int width,
                                    int quality);

}  // namespace userimg::image::detail
