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

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "image/box_shrink.h"
#include "image/pixel_view.h"

namespace userimg::image {

// The width vips_reduceh gives `width` px reduced by `hshrink`: the nearest
// whole number to width / hshrink.
int reducedWidth(int width, double hshrink);

namespace detail {
struct Lanczos3Taps;  // the masks and tap positions for one width
}

// The step for rows of one width and channel count, made once per image and
// applied to its rows in as many strips as the caller likes. Movable, not
// copyable; one object is used by one thread at a time (it keeps a row
// buffer).
class Lanczos3Rows {
 public:
  // std::nullopt where libvips would take a path this does not reproduce:
  // `hshrink` of 1 or less (a copy or an enlargement), a whole-factor box
  // shrink first (vips_shrinkh, from a width 4 times the reduced one:
  // reduced width x gap 2 x 2), more taps than libvips allows, a reduced
  // width of 0, channels outside 1-4, or a mask coefficient beyond 16 bits.
  static std::optional<Lanczos3Rows> make(int width, int channels, double hshrink);

  Lanczos3Rows(Lanczos3Rows&&) noexcept;
  Lanczos3Rows& operator=(Lanczos3Rows&&) noexcept;
  ~Lanczos3Rows();

  int width() const;         // of the rows taken
  int reducedWidth() const;  // of the rows made
  int channels() const;

  // Each row of `rows` (width() x channels(), any stride) reduced into the
  // row of `out` with the same index: `outStride` bytes apart, each
  // reducedWidth() x channels() bytes.
  void reduce(const PixelView& rows, std::uint8_t* out, std::size_t outStride);

 private:
  explicit Lanczos3Rows(std::unique_ptr<detail::Lanczos3Taps> taps);
  std::unique_ptr<detail::Lanczos3Taps> taps_;
};

// `pixels` (1-4 channels, any stride) reduced along its rows by `hshrink`:
// reducedWidth() x the same height, every channel filtered alike (alpha is a
// channel like the others, as vips_reduceh has it). std::nullopt where
// Lanczos3Rows::make gives none.
std::optional<ShrunkPixels> lanczos3ReduceWidth(const PixelView& pixels, double hshrink);

}  // namespace userimg::image
