#pragma once
// Attention crop: where to cut a square from an image so that it keeps what
// a person would look at. Plain C++ over pixels in memory (no libvips), so
// that it costs a fraction of a millisecond on the small copy it is given,
// where libvips 8.14's vips_smartcrop(attention) spends about 11 ms of fixed
// cost (a dozen pixel passes, each a thread-pool round trip) even on a
// 64 px image.
//
// The saliency of a pixel is the sum of three cues, the ones libvips'
// attention crop uses too: detail (the absolute Laplacian of luminance),
// skin tone (closeness of the normalised colour to a skin colour, in
// mid-tones) and saturation. Transparent pixels count for nothing. The
// window of the square's side with the most saliency along the image's long
// axis wins, with a mild preference for the centre, so that a uniform image
// is cut in the middle.
// Pure function: thread-safe.

#include "image/pixel_view.h"

namespace userimg::image {

struct SquareWindow {
  int left = 0;
  int top = 0;
  int side = 0;  // min(width, height) of the image searched
};

// The side x side window (side = the shorter edge of `pixels`) with the most
// saliency. `pixels` must hold at least one pixel of 1-4 channels; an image
// that is already square gives {0, 0, side}.
SquareWindow findAttentionSquare(const PixelView& pixels);

}  // namespace userimg::image
