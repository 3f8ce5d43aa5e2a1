#include "image/jpeg_keep.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <numeric>
#include <string_view>

namespace userimg::image {
namespace {

// JPEG Annex K.1 and K.2: the tables libjpeg scales by quality.
constexpr std::array<std::uint16_t, 64> kLuminance = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr std::array<std::uint16_t, 64> kChrominance = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99,
    99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

// Marker codes (the byte after 0xFF).
constexpr unsigned char kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kDqt = 0xDB, kDht = 0xC4,
                        kDri = 0xDD, kApp14 = 0xEE, kCom = 0xFE;

// The sum of the table libjpeg makes of `base` at `quality` (baseline:
// values clamped to 1-255, as jpeg_set_quality(..., TRUE) does).
long scaledSum(const std::array<std::uint16_t, 64>& base, int quality) {
  const long scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  long sum = 0;
  for (const std::uint16_t value : base) {
    sum += std::clamp((value * scale + 50) / 100, 1L, 255L);
  }
  return sum;
}

class Reader {
 public:
  explicit Reader(std::span<const unsigned char> bytes) : bytes_(bytes) {}
  bool has(std::size_t n) const { return bytes_.size() - pos_ >= n; }
  std::size_t pos() const { return pos_; }
  unsigned char at(std::size_t offset) const { return bytes_[pos_ + offset]; }
  int u16(std::size_t offset) const { return at(offset) << 8 | at(offset + 1); }
  std::span<const unsigned char> take(std::size_t n) {
    auto taken = bytes_.subspan(pos_, n);
    pos_ += n;
    return taken;
  }
  void skip(std::size_t n) { pos_ += n; }

 private:
  std::span<const unsigned char> bytes_;
  std::size_t pos_ = 0;
};

// Reads the tables of one DQT segment's payload into the estimate.
bool readQuantTables(std::span<const unsigned char> payload, int& quality) {
  std::size_t i = 0;
  while (i < payload.size()) {
    const int precision = payload[i] >> 4;
    const int id = payload[i] & 0x0F;
    if (precision != 0 || id > 3 || payload.size() - i < 65) return false;
    std::array<std::uint16_t, 64> table{};
    for (int k = 0; k < 64; ++k) table[k] = payload[i + 1 + k];
    quality = std::max(quality, estimateQuality(table, id != 0));
    i += 65;
  }
  return true;
}

// Moves `in` past the entropy-coded data of a scan (stuffed bytes, restart
// markers and fill bytes included) to the next marker's 0xFF. False when
// the data runs to the end of the file.
bool skipEntropyData(Reader& in) {
  while (in.has(2)) {
    if (in.at(0) != 0xFF) {
      in.skip(1);
      continue;
    }
    const unsigned char next = in.at(1);
    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
      in.skip(2);
    } else if (next == 0xFF) {
      in.skip(1);  // a fill byte before a marker
    } else {
      return true;
    }
  }
  return false;
}

}  // namespace

int estimateQuality(std::span<const std::uint16_t, 64> table, bool chroma) {
  const auto& base = chroma ? kChrominance : kLuminance;
  const long sum = std::accumulate(table.begin(), table.end(), 0L);
  int best = 1;
  long bestDistance = -1;
  for (int quality = 1; quality <= 100; ++quality) {
    const long distance = std::labs(scaledSum(base, quality) - sum);
    // On a tie the higher quality: the estimate never flatters the file.
    if (bestDistance < 0 || distance <= bestDistance) {
      best = quality;
      bestDistance = distance;
    }
  }
  return best;
}

std::variant<KeptJpeg, NotKept> keptJpeg(std::span<const unsigned char> jpeg) {
  Reader in(jpeg);
  if (!in.has(2) || in.at(0) != 0xFF || in.at(1) != kSoi) return NotKept{"not a JPEG"};
  in.skip(2);
  KeptJpeg kept;
  kept.bytes = {0xFF, kSoi};
  kept.bytes.reserve(jpeg.size());
  bool frame = false, scan = false, tables = false;
  auto keep = [&](std::span<const unsigned char> segment) {
    kept.bytes.insert(kept.bytes.end(), segment.begin(), segment.end());
  };
  for (;;) {
    if (!in.has(2) || in.at(0) != 0xFF) return NotKept{"a segment does not start with a marker"};
    while (in.has(2) && in.at(1) == 0xFF) in.skip(1);  // fill bytes
    if (!in.has(2)) return NotKept{"no end of image"};
    const unsigned char marker = in.at(1);
    if (marker == kEoi) {
      if (!scan) return NotKept{"no scan before the end of the image"};
      break;  // anything after EOI is left out
    }
    if (!in.has(4)) return NotKept{"a segment runs past the end"};
    const int length = in.u16(2);
    if (length < 2 || !in.has(2 + static_cast<std::size_t>(length))) {
      return NotKept{"a segment runs past the end"};
    }
    const std::span<const unsigned char> segment = in.take(2 + static_cast<std::size_t>(length));
    const std::span<const unsigned char> payload = segment.subspan(4);
    if (marker >= 0xC0 && marker <= 0xC2) {
      if (frame) return NotKept{"more than one frame"};
      if (payload.size() < 6) return NotKept{"a short frame header"};
      const int precision = payload[0];
      kept.height = payload[1] << 8 | payload[2];
      kept.width = payload[3] << 8 | payload[4];
      kept.components = payload[5];
      if (precision != 8) return NotKept{"not 8-bit"};
      if (kept.width == 0 || kept.height == 0) return NotKept{"no size in the frame header"};
      if (kept.components != 1 && kept.components != 3) return NotKept{"neither grey nor colour"};
      if (payload.size() != 6 + 3 * static_cast<std::size_t>(kept.components)) {
        return NotKept{"a malformed frame header"};
      }
      kept.progressive = marker == 0xC2;
      frame = true;
      keep(segment);
    } else if (marker == kDqt) {
      if (!readQuantTables(payload, kept.quality)) return NotKept{"an unusual quantisation table"};
      tables = true;
      keep(segment);
    } else if (marker == kDht || marker == kDri) {
      keep(segment);
    } else if (marker == kApp14) {
      if (std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size())
              .starts_with("Adobe")) {
        keep(segment);
      }
    } else if (marker == kSos) {
      if (!frame || !tables) return NotKept{"a scan before its frame or tables"};
      keep(segment);
      const std::size_t start = in.pos();
      if (!skipEntropyData(in)) return NotKept{"no end of image"};
      keep(jpeg.subspan(start, in.pos() - start));
      scan = true;
    } else if ((marker >= 0xE0 && marker <= 0xEF) || marker == kCom) {
      // Metadata: left out.
    } else {
      return NotKept{"an unsupported marker"};
    }
  }
  kept.bytes.push_back(0xFF);
  kept.bytes.push_back(kEoi);
  return kept;
}

}  // namespace userimg::image
