#include "image/vips_image_processor.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <thread>

#include "core/failpoint.h"
#include "image/image_library.h"
#include "image/image_limits.h"
#include "image/kept_upload.h"
#include "image/sniff.h"
#include "image/variant_set.h"
#include "image/vips_codec.h"
#include "image/vips_variants.h"
#include "image/work_files.h"
#include "observe/request_notes.h"

namespace userimg::image {
namespace {

using detail::Encoded;
using detail::NamedVariant;
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

core::Result<ProcessedVariant> writeVariant(detail::WorkFiles& files, std::string name,
                                            const Encoded& encoded) {
  const OutputFormat format = encoded.format;
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

// The upload as displayed (after EXIF rotation): crops are given in its pixels.
struct Upright {
  int width = 0;
  int height = 0;
};

Upright uprightOf(const ImageHeader& header) {
  const bool swapped = header.orientation >= 5 && header.orientation <= 8;
  return swapped ? Upright{header.height, header.width} : Upright{header.width, header.height};
}

// The stored main image `input` as process() would have encoded it: its
// bytes, read whole (a stored image is bounded by the kind's box), and its
// size from `header` (a stored image has no EXIF orientation).
core::Result<Encoded> readStored(const std::filesystem::path& input, const ImageHeader& header) {
  gchar* contents = nullptr;
  gsize length = 0;
  GError* error = nullptr;
  if (!g_file_get_contents(input.c_str(), &contents, &length, &error)) {
    const std::string why = error != nullptr ? error->message : "unknown error";
    g_clear_error(&error);
    return core::Status::internal("cannot read the stored image: " + why);
  }
  Encoded stored;
  stored.buffer.data.reset(contents);
  stored.buffer.size = length;
  stored.width = header.width;
  stored.height = header.height;
  stored.frames = header.frames;
  return stored;
}

}  // namespace

VariantPlan VipsImageProcessor::plan(core::ImageKind kind) const {
  const bool profile = kind == core::ImageKind::kProfile;
  VariantPlan plan;
  // Siblings as for a JPEG (the plan knows no image): an image stored in a
  // sibling's format has none of it (Regenerator::matchesPlan allows for it).
  std::vector<std::string> siblings;
  for (const detail::Encoding& encoding : detail::stillEncodings(config_, OutputFormat::kJpeg)) {
    if (encoding.format != OutputFormat::kJpeg) {
      siblings.emplace_back(detail::extensionOf(encoding.format));
    }
  }
  for (const int size : profile ? config_.profileVariants : config_.coverVariants) {
    const std::string name = std::to_string(size) + (profile ? "" : "w");
    plan.variants.push_back({name, ""});
    for (const std::string& format : siblings) plan.variants.push_back({name, format});
  }
  if (config_.siblingMain) {
    for (const std::string& format : siblings) plan.variants.push_back({"full", format});
  }
  plan.placeholder = config_.placeholders;
  return plan;
}

VipsImageProcessor::VipsImageProcessor(const config::ImagesConfig& config)
    : config_(config), turns_(turnsFor(config), config.queue) {}

core::Result<ProcessedImage> VipsImageProcessor::run(core::ImageKind kind,
                                                     const std::filesystem::path& input,
                                                     const std::filesystem::path& workDir,
                                                     const ProcessOptions& options,
                                                     std::optional<ImageFormat>& sniffed) const {
  if (!imageLibraryReady()) return core::Status::internal("The image library is not initialised");
  // Sniffing and the header checks are cheap and need no turn: a flood of
  // bad uploads is refused without queueing behind real work.
  auto head = readFileHead(input);
  if (!head) return head.status();
  const std::optional<ImageFormat> format = sniffFormat(head.value());
  if (!format) {
    observe::notes().outcome = "bad_type";
    return core::Status::invalidImage(unsupportedFormatMessage(head.value()));
  }
  sniffed = format;
  auto info = detail::readHeader(*format, input);
  if (!info) return info.status();
  if (core::Status limits = checkHeaderLimits(info->header, config_); !limits.isOk()) {
    observe::notes().outcome = "bomb";
    return limits;
  }
  const Upright upright = uprightOf(info->header);
  const std::optional<CropRect>& crop = options.crop;
  if (crop) {
    if (core::Status fits = checkCrop(*crop, upright.width, upright.height); !fits.isOk()) {
      return fits;
    }
  }

  // Waits for a turn, or refuses at once when the queue is full (503).
  auto turn = turns_.enter();
  if (!turn) return turn.status();
  USERIMG_FAILPOINT("image.turn");  // the fault tests: a turn held
  const bool profile = kind == core::ImageKind::kProfile;
  const detail::Box box = profile ? detail::Box{config_.profileMaxSide, config_.profileMaxSide}
                                  : detail::Box{config_.coverMaxWidth, VIPS_MAX_COORD};
  const OutputFormat output = detail::outputFormatFor(*format);
  if (!config_.animated) info->animated = false;  // the first frame alone

  // Decoded once. A still is held in memory (within kMaterialiseBudget) so
  // that the main image and every variant are made from the same pixels.
  // A cover is stored as its crop: decoded at the scale that bounds the
  // crop (not the whole image) to the box, then cut. A stored image is
  // neither decoded nor encoded here: its variants come from its own bytes,
  // at its own size (the box may have changed since it was stored).
  const bool stored = options.fromStoredImage;
  const std::optional<CropRect> coverCrop = profile || stored ? std::nullopt : crop;
  const std::optional<CropRect> squareCrop = profile ? crop : std::nullopt;
  detail::Box decodeBox = stored ? detail::Box{upright.width, upright.height} : box;
  if (coverCrop) {
    const double scale = std::min({1.0, static_cast<double>(box.width) / coverCrop->width,
                                   static_cast<double>(box.height) / coverCrop->height});
    decodeBox = detail::Box{std::max(1, static_cast<int>(std::lround(upright.width * scale))),
                            std::max(1, static_cast<int>(std::lround(upright.height * scale)))};
  }
  // An upload that already is what would be stored keeps its own bytes,
  // and its variants come from a copy decoded at a fraction of its size.
  const std::vector<int>& sizes = profile ? config_.profileVariants : config_.coverVariants;
  std::optional<detail::KeptUpload> kept;
  if (!stored && !coverCrop) {
    kept = detail::keepUpload(config_, *format, input, info.value(), box, sizes, profile,
                              config_.siblingMain);
  }
  detail::ImagePtr still;
  auto encoded = stored ? readStored(input, info->header)
                 : kept ? core::Result<Encoded>(std::move(kept->main))
                        : core::Result<Encoded>(core::Status::internal("not encoded"));
  if (kept) {
    still = std::move(kept->pixels);
  } else if (!stored) {
    auto image = detail::decodeFitted(*format, input, info.value(), decodeBox);
    if (!image) return image.status();
    if (coverCrop) {
      auto cut = detail::cropFrames(image->get(), *coverCrop, upright.width);
      if (!cut) return cut.status();
      image = std::move(cut);
    }
    if (!info->animated && detail::memoryBytes(image->get()) <= kMaterialiseBudget) {
      auto pixels = detail::materialise(image->get());
      if (!pixels) return pixels.status();
      still = std::move(pixels.value());
    }
    encoded = detail::encode(still ? still.get() : image->get(), output, config_.jpegQuality);
  }
  if (!encoded) return encoded.status();

  detail::WorkFiles files(workDir);
  ProcessedImage result;
  if (stored) {
    result.file = input;
  } else {
    auto file = files.write(encoded->buffer.data.get(), encoded->buffer.size, "",
                            detail::extensionOf(output));
    if (!file) return file.status();
    result.file = std::move(file.value());
  }
  result.contentType = detail::contentTypeOf(output);
  result.extension = detail::extensionOf(output);
  result.bytes = static_cast<std::int64_t>(encoded->buffer.size);
  result.width = encoded->width;
  result.height = encoded->height;

  // The placeholder comes from the pixels the still variants are cut from.
  const bool fromStill =
      detail::stillVariants(config_, sizes, info.value(), squareCrop.has_value());
  detail::ImagePtr source;
  if (fromStill || config_.placeholders) {
    auto pixels =
        detail::stillSource(*format, input, info.value(), decodeBox, encoded.value(), still,
                            fromStill ? std::span<const int>(sizes) : std::span<const int>(),
                            profile, coverCrop, upright.width);
    if (!pixels) return pixels.status();
    source = std::move(pixels.value());
  }
  if (config_.placeholders) result.placeholder = detail::placeholderOf(source.get());
  if (squareCrop) {
    const double scale = static_cast<double>(encoded->width) / upright.width;
    result.squareSource = scaleCrop(*squareCrop, scale, encoded->width, encoded->height);
  }
  auto variants = detail::makeVariants(config_, kind, output, info.value(), encoded.value(),
                                       source.get(), squareCrop, upright.width);
  if (!variants) return variants.status();
  auto siblings = detail::mainSiblings(config_, output, encoded.value(), still.get());
  if (!siblings) return siblings.status();
  for (auto* made : {&variants.value(), &siblings.value()}) {
    for (const NamedVariant& named : *made) {
      auto variant = writeVariant(files, named.name, named.encoded);
      if (!variant) return variant.status();
      result.variants.push_back(std::move(variant.value()));
    }
  }
  files.keep();
  return result;
}

}  // namespace userimg::image
