// Draws userimg's default profile image: a neutral head-and-shoulders
// silhouette on a soft background, 256x256, anti-aliased, written as PNG.
// Built and run at build time: make_default_avatar OUTPUT.png

#include <Poco/Checksum.h>
#include <Poco/DeflatingStream.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

constexpr int kSize = 256;
constexpr int kSamples = 4;  // per axis, for anti-aliasing

struct Rgb {
  double r, g, b;
};
constexpr Rgb kBackground{226, 232, 240};
constexpr Rgb kFigure{148, 163, 184};

// True when (x, y) in pixel units lies on the figure.
bool onFigure(double x, double y) {
  const double hx = x - 128.0, hy = y - 100.0;
  if (hx * hx + hy * hy <= 48.0 * 48.0) return true;  // head
  const double sx = (x - 128.0) / 92.0, sy = (y - 250.0) / 84.0;
  return sx * sx + sy * sy <= 1.0 && y <= 256.0;  // shoulders
}

// One 8-bit channel, a of the way from `from` to `to`, as the byte it is
// (through unsigned char: a double above 127 does not fit a char).
char blend(double from, double to, double a) {
  return static_cast<char>(static_cast<unsigned char>(from + a * (to - from) + 0.5));
}

void putUint32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

void writeChunk(std::ostream& out, const char* type, const std::string& data) {
  std::string chunk;
  putUint32(chunk, static_cast<std::uint32_t>(data.size()));
  std::string typed = std::string(type, 4) + data;
  Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
  crc.update(typed.data(), static_cast<unsigned>(typed.size()));
  chunk += typed;
  putUint32(chunk, crc.checksum());
  out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_default_avatar OUTPUT.png\n";
    return 2;
  }
  std::string raw;
  raw.reserve(kSize * (kSize * 3 + 1));
  for (int y = 0; y < kSize; ++y) {
    raw += '\0';  // filter type: none
    for (int x = 0; x < kSize; ++x) {
      int hits = 0;
      for (int sy = 0; sy < kSamples; ++sy) {
        for (int sx = 0; sx < kSamples; ++sx) {
          hits += onFigure(x + (sx + 0.5) / kSamples, y + (sy + 0.5) / kSamples) ? 1 : 0;
        }
      }
      const double a = static_cast<double>(hits) / (kSamples * kSamples);
      raw += blend(kBackground.r, kFigure.r, a);
      raw += blend(kBackground.g, kFigure.g, a);
      raw += blend(kBackground.b, kFigure.b, a);
    }
  }
  std::ostringstream compressed;
  {
    Poco::DeflatingOutputStream deflate(compressed, Poco::DeflatingStreamBuf::STREAM_ZLIB, 9);
    deflate.write(raw.data(), static_cast<std::streamsize>(raw.size()));
    deflate.close();
  }

  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out.write("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  putUint32(header, kSize);
  putUint32(header, kSize);
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
  writeChunk(out, "IHDR", header);
  writeChunk(out, "IDAT", compressed.str());
  writeChunk(out, "IEND", "");
  out.close();
  if (!out) {
    std::cerr << "make_default_avatar: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
