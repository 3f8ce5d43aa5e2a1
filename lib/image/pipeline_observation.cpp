// VipsImageProcessor::process(): the pipeline (vips_image_processor.cpp)
// as the metrics and the access log see it. Its time goes to the
// image-pipeline histogram under the upload's format, once that is known;
// a refusal of the bytes is noted as the request's outcome: bad_type and
// bomb where they are decided, "corrupt" for every other invalid image
// (the decoder or encoder failed on the data).

#include <cctype>
#include <chrono>
#include <string>

#include "image/vips_image_processor.h"
#include "metrics/events.h"
#include "observe/request_notes.h"

namespace userimg::image {

core::Result<ProcessedImage> VipsImageProcessor::process(core::ImageKind kind,
                                                         const std::filesystem::path& input,
                                                         const std::filesystem::path& workDir,
                                                         const ProcessOptions& options) const {
  const auto start = std::chrono::steady_clock::now();
  std::optional<ImageFormat> sniffed;
  auto result = run(kind, input, workDir, options, sniffed);
  if (sniffed) {
    // "JPEG", "WebP", ... as the metrics' labels: "jpeg", "webp", ...
    std::string format(imageFormatName(*sniffed));
    for (char& c : format) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    metrics::pipelineSeconds(
        format, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (!result && result.status().code() == core::StatusCode::kInvalidImage) {
    std::string& outcome = observe::notes().outcome;
    if (outcome.empty()) outcome = "corrupt";
  }
  return result;
}

}  // namespace userimg::image
