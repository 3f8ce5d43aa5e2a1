#pragma once
// FakeImageProcessor: an image::ImageProcessor that accepts any file whose
// first bytes are the PNG signature "\x89PNG" and hands it back unchanged
// (contentType "image/png", extension "png", bytes = the file's size, no
// dimensions). Anything else is kInvalidImage "Unsupported image format".
// Counts its calls. Thread-safe.

#include <atomic>

#include "image/image_processor.h"

namespace userimg::fakes {

// A tiny body the fake accepts.
inline constexpr char kFakePng[] = "\x89PNG\r\n\x1a\nfake image bytes";

class FakeImageProcessor final : public image::ImageProcessor {
 public:
  core::Result<image::ProcessedImage> process(core::ImageKind kind,
                                              const std::filesystem::path& input,
                                              const std::filesystem::path& workDir) const override;

  int calls() const { return calls_.load(); }

 private:
  mutable std::atomic<int> calls_{0};
};

}  // namespace userimg::fakes
