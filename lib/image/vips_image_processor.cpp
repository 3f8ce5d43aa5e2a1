#include "image/vips_image_processor.h"

#include <algorithm>
#include <string>
#include <thread>

#include "image/image_library.h"
#include "image/image_limits.h"
#include "image/sniff.h"
#include "image/vips_codec.h"
#include "image/work_files.h"

namespace userimg::image {
namespace {

using detail::Encoded;
using detail::OutputFormat;

int turnsFor(const config::ImagesConfig& config) {
  int turns = config.concurrency;
  if (turns <= 0) turns = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(turns, 1, VipsImageProcessor::kMaxConcurrency);
}

// Holds one of the processor's turns for its lifetime.
class Turn {
 public:
  explicit Turn(std::counting_semaphore<VipsImageProcessor::kMaxConcurrency>& turns)
      : turns_(turns) {
    turns_.acquire();
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  ~Turn() { turns_.release(); }

 private:
  std::counting_semaphore<VipsImageProcessor::kMaxConcurrency>& turns_;
};

core::Result<ProcessedVariant> writeVariant(detail::WorkFiles& files, std::string name,
                                            const core::Result<Encoded>& encoded,
                                            OutputFormat format) {
  if (!encoded) {
    return core::Status::internal("Cannot make the " + name +
                                  " variant: " + encoded.status().message());
  }
  auto file = files.write(encoded->buffer.data.get(), encoded->buffer.size, "-" + name,
                          detail::extensionOf(format));
  if (!file) return file.status();
  ProcessedVariant variant;
  variant.name = std::move(name);
  variant.file = std::move(file.value());
  variant.width = encoded->width;
  variant.height = encoded->height;
  variant.bytes = static_cast<std::int64_t>(encoded->buffer.size);
  variant.contentType = detail::contentTypeOf(format);
  variant.extension = detail::extensionOf(format);
  return variant;
}

}  // namespace

VipsImageProcessor::VipsImageProcessor(const config::ImagesConfig& config)
    : config_(config), turns_(turnsFor(config)) {}

core::Result<ProcessedImage> VipsImageProcessor::process(
    core::ImageKind kind, const std::filesystem::path& input,
    const std::filesystem::path& workDir) const {
  if (!imageLibraryReady()) return core::Status::internal("The image library is not initialised");
  // Sniffing and the header checks are cheap and need no turn: a flood of
  // bad uploads is refused without queueing behind real work.
  auto head = readFileHead(input);
  if (!head) return head.status();
  const std::optional<ImageFormat> format = sniffFormat(head.value());
  if (!format) return core::Status::invalidImage(unsupportedFormatMessage(head.value()));
  auto info = detail::readHeader(*format, input);
  if (!info) return info.status();
  if (core::Status limits = checkHeaderLimits(info->header, config_); !limits.isOk()) {
    return limits;
  }

  Turn turn(turns_);
  const detail::Box box = kind == core::ImageKind::kProfile
                              ? detail::Box{config_.profileMaxSide, config_.profileMaxSide}
                              : detail::Box{config_.coverMaxWidth, VIPS_MAX_COORD};
  const OutputFormat output = detail::outputFormatFor(*format);
  core::Result<Encoded> encoded = [&]() -> core::Result<Encoded> {
    auto image = detail::decodeFitted(*format, input, info.value(), box);
    if (!image) return image.status();
    return detail::encode(image->get(), output, config_.jpegQuality);
  }();
  if (!encoded) return encoded.status();

  detail::WorkFiles files(workDir);
  auto file = files.write(encoded->buffer.data.get(), encoded->buffer.size, "",
                          detail::extensionOf(output));
  if (!file) return file.status();
  ProcessedImage result;
  result.file = std::move(file.value());
  result.contentType = detail::contentTypeOf(output);
  result.extension = detail::extensionOf(output);
  result.bytes = static_cast<std::int64_t>(encoded->buffer.size);
  result.width = encoded->width;
  result.height = encoded->height;

  const bool profile = kind == core::ImageKind::kProfile;
  for (int size : profile ? config_.profileVariants : config_.coverVariants) {
    std::string name = std::to_string(size) + (profile ? "" : "w");
    auto variant = writeVariant(
        files, std::move(name),
        profile ? detail::squareVariant(encoded.value(), output, size, config_.jpegQuality)
                : detail::widthVariant(encoded.value(), output, size, config_.jpegQuality),
        output);
    if (!variant) return variant.status();
    result.variants.push_back(std::move(variant.value()));
  }
  files.keep();
  return result;
}

}  // namespace userimg::image
