#pragma once
// The floor the pipeline is held to: Debian's `vips` command-line tool doing
// the same outputs from one decode, each step its own process, and the CPU
// time of each step less that of a `vips` process that does nothing (the
// program's start-up: library loading and initialisation), summed.
//
//   vips thumbnail IN main.v BOUND          (the one decode, shrink-on-load)
//   vips <format>save main.v main.<ext>     (the stored image, our options)
//   for profile images:
//     vips thumbnail_image main.v sq.v L --crop attention   (L: the largest square)
//     vips <format>save sq.v L.<ext>
//     vips thumbnail_image sq.v S.<ext> S                   (each smaller square)
//   for covers:
//     vips thumbnail_image main.v W.<ext> W --size down     (each width)
//   and for each variant its WebP sibling ([images] sibling_formats):
//     vips copy V.<ext> V.webp[Q=80,effort=2,strip]
//
// An animation's variants are cut from its first frame (`vips crop`), as
// ours are. The intermediate .v files live in a directory of the caller's.

#include <filesystem>
#include <string>
#include <vector>

namespace bench {

struct FloorCase {
  std::filesystem::path input;
  bool cover = false;
  bool animated = false;
  std::string extension;                // "jpg", "png", "gif"
  std::string saveOptions;              // "[Q=85,interlace,optimize_coding,strip]"
  std::string variantOptions;           // "[Q=85,optimize_coding,strip]"
  std::vector<int> sizes;               // squares (profile) or widths (cover)
  int frameWidth = 0, frameHeight = 0;  // an animation's frame, after the bound
  std::string siblingOptions = {};      // "[Q=80,effort=2,strip]"; "": no siblings
};

// The chain's CPU milliseconds (start-up excluded) for one run, with
// `threads` libvips threads; the commands are run in `work`.
double floorCpuMs(const FloorCase& c, const std::filesystem::path& work, int threads);

}  // namespace bench
