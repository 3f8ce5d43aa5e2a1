#pragma once
// FakeImageProcessor: an image::ImageProcessor that accepts any file whose
// first bytes are the PNG signature "\x89PNG" and hands it back unchanged
// (contentType "image/png", extension "png", bytes = the file's size, no
// dimensions, the placeholder kFakePlaceholder unless setPlaceholder() said
// otherwise). Anything else is kInvalidImage "Unsupported image format".
// A crop in the options is echoed as the result's squareSource. With
// setVariantSizes(), each size makes a variant: a copy of the input in
// workDir named "64" (profile, size x size) or "640w" (cover, size x size/2),
// as image/png. ProcessOptions::fromStoredImage changes nothing (the input
// is handed back either way). Counts its calls. Thread-safe, but for
// setPlaceholder() and setVariantSizes() (call them before processing
// starts).

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

#include "image/image_processor.h"

namespace userimg::fakes {

// A tiny body the fake accepts.
inline constexpr char kFakePng[] = "\x89PNG\r\n\x1a\nfake image bytes";

// The placeholder the fake gives every image by default.
inline const image::placeholder::Placeholder kFakePlaceholder{"LEHV6nWB2yk8pyo0adR*.7kCMdnj",
                                                              "#a1b2c3"};

class FakeImageProcessor final : public image::ImageProcessor {
 public:
  using image::ImageProcessor::process;
  core::Result<image::ProcessedImage> process(core::ImageKind kind,
                                              const std::filesystem::path& input,
                                              const std::filesystem::path& workDir,
                                              const image::ProcessOptions& options) const override;

  image::VariantPlan plan(core::ImageKind kind) const override;

  int calls() const { return calls_.load(); }
  // The sizes of the variants of every image from now on (default none).
  void setVariantSizes(std::vector<int> sizes) { sizes_ = std::move(sizes); }
  // The placeholder of every image from now on (nullopt: none, as with
  // [images] placeholders = false).
  void setPlaceholder(std::optional<image::placeholder::Placeholder> placeholder) {
    placeholder_ = std::move(placeholder);
  }
  // The options of the latest call.
  image::ProcessOptions lastOptions() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lastOptions_;
  }

 private:
  mutable std::atomic<int> calls_{0};
  std::optional<image::placeholder::Placeholder> placeholder_ = kFakePlaceholder;
  std::vector<int> sizes_;
  mutable std::mutex mutex_;
  mutable image::ProcessOptions lastOptions_;
};

}  // namespace userimg::fakes
