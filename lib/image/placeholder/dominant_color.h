#pragma once
// Dominant colour: the one colour a client paints behind an image while it
// loads (or where it cannot show a BlurHash), as "#rrggbb".
//
// Definition: the colour of the largest group of similar pixels. Pixels are
// counted in a coarse histogram of sRGB, 8 levels a channel (cells 32 values
// wide), and, so that a colour lying on a cell boundary is not split in two
// and outvoted, in a second histogram offset by half a cell; any colour
// cluster narrower than 16 values a channel lands whole in one cell of one
// of them. The fullest cell of either wins (ties: the first histogram, then
// the lowest cell), and the answer is the mean of the pixels in it, rounded.
// A uniform image gives its own colour exactly.
//
// Why not the average colour (BlurHash's DC term): the average of a red logo
// on a large white background is a pink the image never shows, and a photo
// of a subject on a dark background averages to a muddy grey. A placeholder
// colour should be one the image is mostly made of, usually its background,
// so that the swap to the real image is calm.
//
// Alpha: a pixel counts only when it is at least half opaque (alpha >= 128);
// more transparent pixels show mostly the page behind them, and a PNG's fully
// transparent pixels hold arbitrary colours. A counted pixel counts with its
// own (straight-alpha) colour. An image with no counted pixel is "#ffffff",
// what blurhashEncode paints it as (it composites onto white).
//
// A pure function: thread-safe, no libvips, two passes over the pixels.

#include <string>

#include "core/result.h"
#include "image/placeholder/blurhash.h"

namespace userimg::image::placeholder {

// Pixels with a lower alpha are ignored.
inline constexpr int kMinCountedAlpha = 128;

// The dominant colour of `pixels` as "#rrggbb", lowercase. Fails with
// kInvalidArgument when checkPixelView fails.
core::Result<std::string> dominantColor(const PixelView& pixels);

}  // namespace userimg::image::placeholder
