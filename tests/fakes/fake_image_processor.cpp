#include "fakes/fake_image_processor.h"

#include <fstream>
#include <system_error>

namespace userimg::fakes {

core::Result<image::ProcessedImage> FakeImageProcessor::process(
    core::ImageKind /*kind*/, const std::filesystem::path& input,
    const std::filesystem::path& /*workDir*/, const image::ProcessOptions& options) const {
  ++calls_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lastOptions_ = options;
  }
  std::ifstream in(input, std::ios::binary);
  char magic[4] = {};
  if (!in.read(magic, sizeof magic) || std::string(magic, 4) != "\x89PNG") {
    return core::Status::invalidImage("Unsupported image format");
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(input, ec);
  if (ec) return core::Status::internal("cannot stat " + input.string());
  image::ProcessedImage image;
  image.file = input;
  image.contentType = "image/png";
  image.extension = "png";
  image.bytes = static_cast<std::int64_t>(size);
  image.placeholder = placeholder_;
  image.squareSource = options.crop;
  return image;
}

}  // namespace userimg::fakes
