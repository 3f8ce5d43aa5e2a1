#include "image/sniff.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace userimg::image {
namespace {

using Bytes = std::span<const unsigned char>;

bool startsWith(Bytes head, std::string_view magic, std::size_t at = 0) {
  if (head.size() < at + magic.size()) return false;
  return std::equal(magic.begin(), magic.end(), head.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char m, unsigned char b) { return static_cast<unsigned char>(m) == b; });
}

std::uint32_t bigEndian32(Bytes head, std::size_t at) {
  return (std::uint32_t{head[at]} << 24) | (std::uint32_t{head[at + 1]} << 16) |
         (std::uint32_t{head[at + 2]} << 8) | std::uint32_t{head[at + 3]};
}

// Brands of an ISO-BMFF "ftyp" box that libheif decodes as still images
// (HEIC, HEIF, AVIF; the *s/*m brands are sequences, of which the primary
// image is used).
bool isHeifBrand(std::string_view brand) {
  static constexpr std::string_view kBrands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis",
                                                 "hevm", "hevs", "mif1", "msf1", "avif", "avis"};
  return std::find(std::begin(kBrands), std::end(kBrands), brand) != std::end(kBrands);
}

bool isHeif(Bytes head) {
  if (!startsWith(head, "ftyp", 4)) return false;
  // The major brand, then (after a 4-byte minor version) the compatible
  // brands up to the end of the box, as far as the sniffed bytes reach.
  const std::size_t boxEnd = std::min<std::size_t>(bigEndian32(head, 0), head.size());
  for (std::size_t at = 8; at + 4 <= boxEnd; at += (at == 8 ? 8 : 4)) {
    std::string_view brand(reinterpret_cast<const char*>(head.data() + at), 4);
    if (isHeifBrand(brand)) return true;
  }
  return false;
}

// The leading text of `head`, lower-cased, after a UTF-8 byte-order mark and
// whitespace: enough to tell SVG, HTML and XML apart.
std::string leadingText(Bytes head) {
  std::size_t at = startsWith(head, "\xEF\xBB\xBF") ? 3 : 0;
  while (at < head.size() && std::isspace(head[at])) ++at;
  std::string text;
  for (; at < head.size(); ++at) text.push_back(static_cast<char>(std::tolower(head[at])));
  return text;
}

std::string_view recogniseMarkup(Bytes head) {
  const std::string text = leadingText(head);
  if (text.empty() || text[0] != '<') return {};
  if (text.starts_with("<svg") || text.starts_with("<!doctype svg")) return "SVG";
  static constexpr std::string_view kHtml[] = {"<!doctype html", "<html",   "<head", "<body",
                                               "<script",        "<iframe", "<meta", "<title"};
  for (std::string_view tag : kHtml) {
    if (text.starts_with(tag)) return "HTML";
  }
  if (text.find("<svg") != std::string::npos) return "SVG";
  if (text.find("<html") != std::string::npos) return "HTML";
  if (text.starts_with("<?xml")) return "XML";
  return {};
}

}  // namespace

std::string_view imageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return "JPEG";
    case ImageFormat::kPng:
      return "PNG";
    case ImageFormat::kGif:
      return "GIF";
    case ImageFormat::kWebp:
      return "WebP";
    case ImageFormat::kHeif:
      return "HEIF";
  }
  return "unknown";
}

std::optional<ImageFormat> sniffFormat(Bytes head) {
  if (startsWith(head, "\xFF\xD8\xFF")) return ImageFormat::kJpeg;
  if (startsWith(head, "\x89PNG\r\n\x1A\n")) return ImageFormat::kPng;
  if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a")) return ImageFormat::kGif;
  if (startsWith(head, "RIFF") && startsWith(head, "WEBP", 8)) return ImageFormat::kWebp;
  if (isHeif(head)) return ImageFormat::kHeif;
  return std::nullopt;
}

std::string_view recogniseUnsupported(Bytes head) {
  using namespace std::string_view_literals;
  if (startsWith(head, "%PDF-")) return "PDF";
  if (startsWith(head, "%!PS")) return "PostScript";
  if (startsWith(head, "II*\0"sv) || startsWith(head, "MM\0*"sv) || startsWith(head, "II+\0"sv) ||
      startsWith(head, "MM\0+"sv)) {
    return "TIFF";
  }
  // "BM", then a file size and two reserved words that are zero.
  if (startsWith(head, "BM") && head.size() >= 14 && startsWith(head, "\0\0\0\0"sv, 6)) {
    return "BMP";
  }
  if (startsWith(head, "\0\0\1\0"sv) || startsWith(head, "\0\0\2\0"sv)) return "ICO";
  if (startsWith(head, "8BPS")) return "PSD";
  if (startsWith(head, "\xFF\x0A") || startsWith(head, "\0\0\0\x0CJXL \r\n\x87\n"sv)) {
    return "JPEG XL";
  }
  if (startsWith(head, "\xFF\x4F\xFF\x51") || startsWith(head, "\0\0\0\x0CjP  \r\n\x87\n"sv)) {
    return "JPEG 2000";
  }
  if (startsWith(head, "ftyp", 4)) return "MP4";
  if (startsWith(head, "RIFF")) return "RIFF";
  if (startsWith(head, "PK\3\4")) return "ZIP";
  return recogniseMarkup(head);
}

std::string unsupportedFormatMessage(Bytes head) {
  std::string message = "Unsupported image format";
  if (std::string_view name = recogniseUnsupported(head); !name.empty()) {
    message += ": ";
    message += name;
  }
  return message;
}

core::Result<std::vector<unsigned char>> readFileHead(const std::filesystem::path& file,
                                                      std::size_t maxBytes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return core::Status::internal("Cannot open " + file.string() + ": " + std::strerror(errno));
  }
  std::vector<unsigned char> head(maxBytes);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(maxBytes));
  if (in.bad()) return core::Status::internal("Cannot read " + file.string());
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

}  // namespace userimg::image
