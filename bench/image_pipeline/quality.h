#pragma once
// Quality checks of the image pipeline benchmark: the outputs of one build
// (`--emit`) compared with another's (`--compare`), each also against a
// reference made from the original without any JPEG step (the original
// decoded whole and resized with libvips' lanczos3 in float to the output's
// size). Figures: SSIM on luminance (Gaussian window, sigma 1.5, the usual
// constants) and PSNR on RGB, computed with libvips; alpha is flattened onto
// white and an animation's first frame is compared.

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"

namespace bench {

// The [images] settings of a benchmark run: the defaults, less the WebP
// siblings with BENCH_SIBLINGS=0 and with every JPEG encoded again with
// BENCH_KEEP_JPEG=0 (for a before/after in one sitting).
userimg::config::ImagesConfig benchImagesConfig();

struct EmitCase {
  std::string slug;  // the directory of its outputs
  std::filesystem::path input;
  bool cover = false;
};

// Processes each case with benchImagesConfig() and writes the
// stored image as DIR/<slug>/main.<ext> and each variant as
// DIR/<slug>/<name>.<ext>. 0 on success.
int emitOutputs(const std::vector<EmitCase>& cases, const std::filesystem::path& dir);

// Prints a Markdown table comparing the outputs in `newer` with those in
// `older` (same slugs and names), each against its reference from the
// originals in `cases`. Starts libvips. 0 on success.
int compareOutputs(const std::vector<EmitCase>& cases, const std::filesystem::path& older,
                   const std::filesystem::path& newer);

// Prints a Markdown table of the sibling formats against the variants' JPEG
// on the same pixels (each case's variants before any encoder): bytes, SSIM
// against those pixels and the median CPU time of `runs` encodes, for JPEG
// 85 and WebP and AVIF at several qualities. Starts libvips. 0 on success.
int compareSiblingFormats(const std::vector<EmitCase>& cases, int runs);

}  // namespace bench
