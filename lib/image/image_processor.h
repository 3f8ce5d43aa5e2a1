#pragma once
// ImageProcessor: every uploaded file goes through one before it is stored.
// It decides from the bytes alone (never the client's Content-Type or file
// name) whether the upload is an acceptable image, and produces the bytes to
// store.
//
// Failures: kInvalidImage with a message a person can act on ("Unsupported
// image format", "Image is 30000x30000; the limit is 50 megapixels");
// kInternal when the work directory cannot be written.
// Implementations are thread-safe.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/image_kind.h"
#include "core/result.h"
#include "image/crop.h"
#include "image/placeholder/placeholder.h"

namespace userimg::image {

// A smaller copy of a processed image (a profile image's 64 px square, a
// cover's 640 px wide copy), in the same format.
struct ProcessedVariant {
  std::string name;            // "64", "128", "256" (squares) or "640w" (widths)
  std::filesystem::path file;  // a new file in workDir
  int width = 0;
  int height = 0;
  std::int64_t bytes = 0;
  std::string contentType;  // as the image's
  std::string extension;    // as the image's
};

// The result of processing: a file ready for BlobStore::put().
struct ProcessedImage {
  std::filesystem::path file;  // may be the input itself, or a new file in workDir
  std::string contentType;     // "image/jpeg"
  std::string extension;       // "jpg"
  std::int64_t bytes = 0;
  std::optional<int> width;
  std::optional<int> height;
  // Smaller copies, in the configured order; may be empty.
  std::vector<ProcessedVariant> variants;
  // What a client paints while the image loads (image/placeholder/
  // placeholder.h); none when [images] placeholders is off.
  std::optional<placeholder::Placeholder> placeholder;
  // For a profile image uploaded with a crop: the part of the stored image
  // (in its pixels) its squares were cut from, so that backends that make
  // variants on delivery can cut the same.
  std::optional<CropRect> squareSource;
};

// What the uploader chose besides the file.
struct ProcessOptions {
  // The part to show (image/crop.h); none: the attention crop decides.
  std::optional<CropRect> crop;
  // The input is a main image this processor made before (a stored image,
  // for `userimgctl regenerate`): it is kept as it is, never re-encoded, and
  // only its variants and placeholder are made, from its pixels, as for an
  // upload. The result's file is the input itself, with the width, height,
  // bytes and content type read from it. `crop` is then a profile image's
  // square source (ProcessedImage::squareSource, in the input's pixels); a
  // cover was stored as its crop and ignores it. Default false.
  bool fromStoredImage = false;
};

// One variant the current configuration makes of every image of a kind.
struct PlannedVariant {
  std::string name;    // as ProcessedVariant::name
  std::string format;  // "": the image's own format (the only one today)

  bool operator==(const PlannedVariant&) const = default;
};

// What process() makes of an image of a kind besides the image itself.
struct VariantPlan {
  std::vector<PlannedVariant> variants;  // in the configured order
  bool placeholder = false;              // a placeholder is made
};

class ImageProcessor {
 public:
  virtual ~ImageProcessor() = default;

  // Checks and prepares `input` for storage as a `kind` image. New files are
  // written under `workDir`, which the caller owns and cleans up. A crop
  // outside the image is kInvalidArgument, with nothing written.
  virtual core::Result<ProcessedImage> process(core::ImageKind kind,
                                               const std::filesystem::path& input,
                                               const std::filesystem::path& workDir,
                                               const ProcessOptions& options) const = 0;

  core::Result<ProcessedImage> process(core::ImageKind kind, const std::filesystem::path& input,
                                       const std::filesystem::path& workDir) const {
    return process(kind, input, workDir, ProcessOptions{});
  }

  // The variants and placeholder process() makes of a `kind` image under the
  // current configuration (a placeholder that could not be made is left out
  // of a result, never of the plan). Cheap; no image is read.
  virtual VariantPlan plan(core::ImageKind kind) const = 0;
};

}  // namespace userimg::image
