// libFuzzer target: what lib/image/ reads from an upload's bytes before any
// libvips decode. The input's last byte picks a mode, the rest is the data:
//   0  the sniffer: readFileHead() of the data as a file, sniffFormat(),
//      recogniseUnsupported(), unsupportedFormatMessage();
//   1  checkHeaderLimits() on a header and limits made of the data's ints;
//   2  keptJpeg(): the JPEG segments kept as they are ([images] keep_jpeg);
//   3  stripWebpMetadata(): the WebP metadata chunks removed.
//
// Contracts checked besides "no crash, no leak, no sanitizer report":
// - readFileHead() returns the file's first kSniffBytes bytes;
// - an accepted format starts with its signature, and the refusal message
//   is "Unsupported image format" with the recognised name, if any;
// - checkHeaderLimits() accepts exactly the headers within the limits (as
//   displayed after EXIF rotation), refusing with kInvalidImage;
// - a kept JPEG is SOI ... EOI, no larger than its input, 1 or 3 components,
//   a quality of 1-100, and keeping it again gives the same bytes;
// - a stripped WebP is no larger and stripping it again changes nothing.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_check.h"
#include "image/image_limits.h"
#include "image/jpeg_keep.h"
#include "image/sniff.h"
#include "image/webp_metadata.h"

namespace {

using Bytes = std::vector<unsigned char>;
using userimg::image::ImageFormat;

bool startsWith(const Bytes& data, std::string_view magic, std::size_t at = 0) {
  return data.size() >= at + magic.size() &&
         std::memcmp(data.data() + at, magic.data(), magic.size()) == 0;
}

bool hasSignature(const Bytes& head, ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return startsWith(head, "\xFF\xD8\xFF");
    case ImageFormat::kPng:
      return startsWith(head, "\x89PNG\r\n\x1A\n");
    case ImageFormat::kGif:
      return startsWith(head, "GIF87a") || startsWith(head, "GIF89a");
    case ImageFormat::kWebp:
      return startsWith(head, "RIFF") && startsWith(head, "WEBP", 8);
    case ImageFormat::kHeif:
      return startsWith(head, "ftyp", 4);
  }
  return false;
}

void sniff(const Bytes& data) {
  const auto file = userimg::fuzz::scratchDirectory() / "upload";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
  }
  auto head = userimg::image::readFileHead(file);
  FUZZ_CHECK(head.ok(), "a readable file is read");
  const std::size_t expected = std::min(data.size(), userimg::image::kSniffBytes);
  FUZZ_CHECK(head->size() == expected && std::equal(head->begin(), head->end(), data.begin()),
             "readFileHead returns the leading bytes");

  if (const auto format = userimg::image::sniffFormat(*head)) {
    FUZZ_CHECK(hasSignature(*head, *format), "an accepted format has its signature");
    FUZZ_CHECK(!userimg::image::imageFormatName(*format).empty(), "a format has a name");
  }
  const std::string_view name = userimg::image::recogniseUnsupported(*head);
  const std::string message = userimg::image::unsupportedFormatMessage(*head);
  const std::string expectedMessage =
      name.empty() ? "Unsupported image format" : "Unsupported image format: " + std::string(name);
  FUZZ_CHECK(message == expectedMessage, "the refusal names what was recognised");
}

void headerLimits(FuzzedDataProvider& in) {
  userimg::image::ImageHeader header;
  header.width = in.ConsumeIntegral<int>();
  header.height = in.ConsumeIntegral<int>();
  header.frames = in.ConsumeIntegral<int>();
  header.orientation = in.ConsumeIntegralInRange<int>(-1, 10);
  userimg::config::ImagesConfig limits;
  // The loader's ranges are positive; the limits may be anything positive.
  limits.maxWidth = in.ConsumeIntegralInRange<int>(1, 1 << 30);
  limits.maxHeight = in.ConsumeIntegralInRange<int>(1, 1 << 30);
  limits.maxMegapixels = in.ConsumeIntegralInRange<int>(1, 1 << 30);
  limits.maxFrames = in.ConsumeIntegralInRange<int>(1, 1 << 20);

  std::int64_t width = header.width, height = header.height;
  if (header.orientation >= 5 && header.orientation <= 8) std::swap(width, height);
  const bool within =
      width > 0 && height > 0 && width * height <= std::int64_t{limits.maxMegapixels} * 1'000'000 &&
      width <= limits.maxWidth && height <= limits.maxHeight && header.frames <= limits.maxFrames;
  const auto status = userimg::image::checkHeaderLimits(header, limits);
  FUZZ_CHECK(status.isOk() == within, "accepted exactly within the limits");
  FUZZ_CHECK(status.isOk() || status.code() == userimg::core::StatusCode::kInvalidImage,
             "a refusal is kInvalidImage");
  FUZZ_CHECK(status.isOk() || !status.message().empty(), "a refusal says why");
}

void keepJpeg(const Bytes& data) {
  const auto result = userimg::image::keptJpeg(data);
  const auto* kept = std::get_if<userimg::image::KeptJpeg>(&result);
  if (kept == nullptr) {
    FUZZ_CHECK(!std::get<userimg::image::NotKept>(result).reason.empty(), "NotKept says why");
    return;
  }
  const Bytes& bytes = kept->bytes;
  FUZZ_CHECK(bytes.size() >= 4 && bytes.size() <= data.size(), "kept within the input's size");
  FUZZ_CHECK(bytes[0] == 0xFF && bytes[1] == 0xD8, "kept starts with SOI");
  FUZZ_CHECK(bytes[bytes.size() - 2] == 0xFF && bytes.back() == 0xD9, "kept ends with EOI");
  FUZZ_CHECK(kept->width > 0 && kept->height > 0, "kept has a size");
  FUZZ_CHECK(kept->components == 1 || kept->components == 3, "grey or colour");
  FUZZ_CHECK(kept->quality >= 1 && kept->quality <= 100, "a quality of 1-100");
  const auto again = userimg::image::keptJpeg(bytes);
  const auto* twice = std::get_if<userimg::image::KeptJpeg>(&again);
  FUZZ_CHECK(twice != nullptr && twice->bytes == bytes && twice->width == kept->width &&
                 twice->height == kept->height && twice->quality == kept->quality,
             "keeping a kept JPEG changes nothing");
}

void stripWebp(Bytes data) {
  const std::size_t size = userimg::image::stripWebpMetadata(data.data(), data.size());
  FUZZ_CHECK(size <= data.size(), "stripping never grows the file");
  data.resize(size);
  const Bytes once = data;
  FUZZ_CHECK(userimg::image::stripWebpMetadata(data.data(), data.size()) == size && data == once,
             "stripping a stripped file changes nothing");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const int mode = in.ConsumeIntegralInRange<int>(0, 3);
  if (mode == 1) {
    headerLimits(in);
    return 0;
  }
  const Bytes bytes = in.ConsumeRemainingBytes<unsigned char>();
  if (mode == 0) sniff(bytes);
  if (mode == 2) keepJpeg(bytes);
  if (mode == 3) stripWebp(bytes);
  return 0;
}
