#pragma once
// Lanczos3 reduction along rows: the horizontal half of libvips 8.14's
// vips_resize for 8-bit pixels in memory, the same bytes vips_reduceh writes
// when vips_resize calls it (kernel lanczos3, gap 2). The same 65
// fixed-point masks, tap positions, edge copies and rounding are used, so a
// resize through it is the one libvips makes. What differs is the loop:
// vips_reduceh sums each band of each pixel with a loop of runtime length
// (about 18 ms of a 12 MP upload's 2000 to 1024 px step on one core); here
// each band of a row becomes a plane of 16-bit samples and every 8 taps one
// multiply-add of 8 lanes (SSE2, plain C++ elsewhere), about a quarter of
// that. The vertical half stays libvips' own (vips_reducev, already
// vectorised by liborc).
// Pure functions: thread-safe.

#include <optional>

#include "image/box_shrink.h"
#include "image/pixel_view.h"

namespace userimg::image {

// The width vips_reduceh gives `width` px reduced by `hshrink`: the nearest
// whole number to width / hshrink.
int reducedWidth(int width, double hshrink);

// `pixels` (1-4 channels, any stride) reduced along its rows by `hshrink`:
// reducedWidth() x the same height, every channel filtered alike (alpha is a
// channel like the others, as vips_reduceh has it). std::nullopt where
// libvips would take a path this does not reproduce: `hshrink` of 1 or less
// (a copy or an enlargement), a whole-factor box shrink first (vips_shrinkh,
// from a width 4 times the reduced one: reduced width x gap 2 x 2), more
// taps than libvips allows, a reduced width of 0, or a mask coefficient
// beyond 16 bits.
std::optional<ShrunkPixels> lanczos3ReduceWidth(const PixelView& pixels, double hshrink);

}  // namespace userimg::image
