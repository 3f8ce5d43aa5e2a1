#include "image/vips_image_processor.h"

#include <algorithm>
#include <string>
#include <thread>

#include "image/image_library.h"
#include "image/image_limits.h"
#include "image/sniff.h"
#include "image/vips_codec.h"
#include "image/vips_variants.h"
#include "image/work_files.h"

namespace userimg::image {
namespace {

using detail::Encoded;
using detail::OutputFormat;

// A still whose decoded pixels take at most this many bytes is decoded once
// and held in memory while its main copy and variants are made (a 1024 px
// profile image is 3 MB, a 2560 x 1440 cover 11 MB); a larger one (a tall
// cover) is streamed, and its variants are made from a reduced copy.
constexpr double kMaterialiseBudget = 64.0 * 1024 * 1024;

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
                                            const Encoded& encoded, OutputFormat format) {
  auto file = files.write(encoded.buffer.data.get(), encoded.buffer.size, "-" + name,
                          detail::extensionOf(format));
  if (!file) return file.status();
  ProcessedVariant variant;
  variant.name = std::move(name);
  variant.file = std::move(file.value());
  variant.width = encoded.width;
  variant.height = encoded.height;
  variant.bytes = static_cast<std::int64_t>(encoded.buffer.size);
  variant.contentType = detail::contentTypeOf(format);
  variant.extension = detail::extensionOf(format);
  return variant;
}

// The configured variants of an image whose main copy is `main`, in the
// configured order. `still`: the main image's pixels, when held in memory.
core::Result<std::vector<Encoded>> makeVariants(const config::ImagesConfig& config,
                                                core::ImageKind kind, ImageFormat format,
                                                const std::filesystem::path& input,
                                                const detail::HeaderInfo& info, detail::Box box,
                                                const Encoded& main,
                                                const detail::ImagePtr& still) {
  const bool profile = kind == core::ImageKind::kProfile;
  const std::vector<int>& sizes = profile ? config.profileVariants : config.coverVariants;
  const OutputFormat output = detail::outputFormatFor(format);
  const int quality = config.jpegQuality;
  std::vector<Encoded> variants;
  if (sizes.empty()) return variants;

  if (info.animated && config.animatedVariants) {
    for (int size : sizes) {
      auto variant = profile ? detail::animatedSquare(main, output, size, quality)
                             : detail::animatedWidth(main, output, size, quality);
      if (!variant) return variant.status();
      variants.push_back(std::move(variant.value()));
    }
    return variants;
  }

  // The pixels the variants are cut from: the main image's own, or else
  // (an animation, whose first frame is decoded alone, or a still too large
  // to hold) the smallest copy that serves every variant.
  detail::ImagePtr source;
  if (still) {
    g_object_ref(still.get());
    source.reset(still.get());
  } else if (info.animated) {
    detail::HeaderInfo firstFrame = info;
    firstFrame.animated = false;
    auto frame = detail::decodeFitted(format, input, firstFrame, box);
    if (!frame) return frame.status();
    auto pixels = detail::materialise(frame->get());
    if (!pixels) return pixels.status();
    source = std::move(pixels.value());
  } else {
    auto reduced = detail::reducedSource(main, sizes, profile);
    if (!reduced) return reduced.status();
    source = std::move(reduced.value());
  }

  if (profile) return detail::stillSquares(source.get(), sizes, output, quality);
  for (int size : sizes) {
    auto variant = detail::stillWidth(source.get(), size, output, quality);
    if (!variant) return variant.status();
    variants.push_back(std::move(variant.value()));
  }
  return variants;
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
  const bool profile = kind == core::ImageKind::kProfile;
  const detail::Box box = profile ? detail::Box{config_.profileMaxSide, config_.profileMaxSide}
                                  : detail::Box{config_.coverMaxWidth, VIPS_MAX_COORD};
  const OutputFormat output = detail::outputFormatFor(*format);
  const bool animatedInput = info->animated;
  if (animatedInput && !config_.animated) info->animated = false;  // the first frame alone

  // Decoded once. A still is held in memory (within kMaterialiseBudget) so
  // that the main image and every variant are made from the same pixels.
  auto image = detail::decodeFitted(*format, input, info.value(), box);
  if (!image) return image.status();
  detail::ImagePtr still;
  if (!info->animated && detail::memoryBytes(image->get()) <= kMaterialiseBudget) {
    auto pixels = detail::materialise(image->get());
    if (!pixels) return pixels.status();
    still = std::move(pixels.value());
  }
  auto encoded = detail::encode(still ? still.get() : image->get(), output, config_.jpegQuality);
  if (!encoded) return encoded.status();
  image->reset();

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

  auto variants =
      makeVariants(config_, kind, *format, input, info.value(), box, encoded.value(), still);
  if (!variants) return variants.status();
  for (std::size_t i = 0; i < variants->size(); ++i) {
    const int size = (profile ? config_.profileVariants : config_.coverVariants)[i];
    auto variant = writeVariant(files, std::to_string(size) + (profile ? "" : "w"),
                                std::move((*variants)[i]), output);
    if (!variant) return variant.status();
    result.variants.push_back(std::move(variant.value()));
  }
  files.keep();
  return result;
}

}  // namespace userimg::image
