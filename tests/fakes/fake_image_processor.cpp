#include "fakes/fake_image_processor.h"

#include <fstream>
#include <system_error>

namespace userimg::fakes {

namespace {

std::string variantName(core::ImageKind kind, int size) {
  return std::to_string(size) + (kind == core::ImageKind::kProfile ? "" : "w");
}

}  // namespace

image::VariantPlan FakeImageProcessor::plan(core::ImageKind kind) const {
  image::VariantPlan plan;
  for (const int size : sizes_) plan.variants.push_back({variantName(kind, size), ""});
  plan.placeholder = placeholder_.has_value();
  return plan;
}

core::Result<image::ProcessedImage> FakeImageProcessor::process(
    core::ImageKind kind, const std::filesystem::path& input, const std::filesystem::path& workDir,
    const image::ProcessOptions& options) const {
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
  for (const int size : sizes_) {
    image::ProcessedVariant variant;
    variant.name = variantName(kind, size);
    variant.file = workDir / (input.stem().string() + "-" + variant.name + ".png");
    std::filesystem::copy_file(input, variant.file,
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return core::Status::internal("cannot write " + variant.file.string());
    variant.width = size;
    variant.height = kind == core::ImageKind::kProfile ? size : size / 2;
    variant.bytes = image.bytes;
    variant.contentType = "image/png";
    variant.extension = "png";
    image.variants.push_back(std::move(variant));
  }
  return image;
}

}  // namespace userimg::fakes
