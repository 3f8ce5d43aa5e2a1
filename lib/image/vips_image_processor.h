#pragma once
// VipsImageProcessor: the ImageProcessor of production, on libvips.
//
// Every upload goes through the same steps, and the bytes stored are always
// the encoder's, never the client's:
//   1. the format is sniffed from the bytes; only JPEG, PNG, GIF, WebP and
//      HEIF (HEIC, AVIF) are accepted, each read by its own loader;
//   2. the header's width, height, megapixels and frames are checked against
//      ImagesConfig before any pixel is decoded;
//   3. the image is decoded, failing on corrupt or truncated data, rotated
//      upright from its EXIF orientation, converted to sRGB and shrunk to the
//      kind's bound (never enlarged);
//   4. it is re-encoded in its own family with no metadata at all: JPEG
//      (progressive), PNG, WebP, GIF (animations keep their frames); HEIF is
//      stored as JPEG;
//   5. the configured variants are cut from the result, and its placeholder
//      (a BlurHash and the dominant colour) is made from the same pixels.
// A crop (ProcessOptions) is checked against the upright image first; a
// cover is then stored as the crop, a profile image keeps its whole picture
// and its squares are cut from the crop. With ProcessOptions::
// fromStoredImage the input is a stored main image: steps 3 and 4 are
// skipped (the input is the result's file, untouched) and step 5 runs on its
// pixels, at its own size.
//
//   image::initImageLibrary(config.images);          // once, at start
//   image::VipsImageProcessor processor(config.images);
//   auto processed = processor.process(core::ImageKind::kProfile, upload, workDir);
//   if (!processed) return processed.status();       // kInvalidImage: tell the client
//
// Failures: kInvalidImage with a message for the client (see
// image_processor.h); kInternal when the library is not initialised, the
// upload cannot be read or workDir cannot be written. Nothing is written
// outside workDir, and nothing is left in it after a failure.
// Thread-safe: at most ImagesConfig::concurrency images are processed at
// once; further calls wait for a turn, at most ImagesConfig::queue of them:
// one more is refused at once with kUnavailable (the upload's 503 with
// Retry-After).

#include "config/images_config.h"
#include "core/turn_gate.h"
#include "image/image_library.h"
#include "image/image_processor.h"
#include "image/sniff.h"

namespace userimg::image {

class VipsImageProcessor final : public ImageProcessor {
 public:
  // The most images processed at once that ImagesConfig::concurrency may ask.
  static constexpr int kMaxConcurrency = 1024;

  // Copies `config`. initImageLibrary() must succeed before process().
  explicit VipsImageProcessor(const config::ImagesConfig& config);

  using ImageProcessor::process;
  // Also tells the metrics how long it took, by the upload's format, and
  // notes why an upload was refused (observe::RequestNotes::outcome:
  // bad_type, bomb or corrupt): image/pipeline_observation.cpp.
  core::Result<ProcessedImage> process(core::ImageKind kind, const std::filesystem::path& input,
                                       const std::filesystem::path& workDir,
                                       const ProcessOptions& options) const override;
  VariantPlan plan(core::ImageKind kind) const override;

 private:
  // The pipeline itself; `sniffed` is set once the format is known.
  core::Result<ProcessedImage> run(core::ImageKind kind, const std::filesystem::path& input,
                                   const std::filesystem::path& workDir,
                                   const ProcessOptions& options,
                                   std::optional<ImageFormat>& sniffed) const;

  config::ImagesConfig config_;
  mutable core::TurnGate turns_;
};

}  // namespace userimg::image
