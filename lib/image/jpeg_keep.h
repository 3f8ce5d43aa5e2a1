#pragma once
// Keeping a JPEG upload's own compressed data instead of decoding and
// encoding it again ([images] keep_jpeg): for an upload that already is what
// the pipeline would store (it fits the box, is upright, has no ICC profile
// and is no better than jpeg_quality), a new encode only loses quality and
// costs the most time of an upload. What is kept is the segments a decoder
// needs, rebuilt into a new buffer; every other segment (EXIF with its GPS
// position and thumbnail, XMP, IPTC, ICC, comments, MPF, maker data) and
// anything after the end of the image (appended video, archives) is left
// out. Plain C++, no libvips: the caller decodes the result, so what is
// stored is what decoded cleanly.
// Thread-safe: pure functions.

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace userimg::image {

// What keptJpeg() read from the segments it kept.
struct KeptJpeg {
  std::vector<unsigned char> bytes;  // SOI, the decoding segments, the scans, EOI
  int width = 0;
  int height = 0;
  int components = 0;        // 1 (grey) or 3 (YCbCr, or RGB with an Adobe marker)
  bool progressive = false;  // SOF2
  // The IJG quality (1-100) whose standard tables come nearest to the
  // file's quantisation tables; the highest of its tables' estimates.
  int quality = 0;
};

// Why a JPEG cannot be kept as it is: a person-readable reason, for logs.
struct NotKept {
  std::string reason;
};

// The decoding segments of `jpeg` (a whole file, starting with SOI): DQT,
// DHT, DRI, the one SOF, every SOS with its entropy-coded data, and an
// Adobe APP14 marker (its colour transform flag tells a decoder what the
// components are). NotKept for anything this does not keep as it is: not a
// JPEG, a frame other than 8-bit Huffman baseline, extended or progressive
// (SOF0-2) of 1 or 3 components, a DNL marker, an unknown or reserved
// marker, a missing EOI, a 16-bit quantisation table, a segment that runs
// past the end. Never reads outside `jpeg`.
std::variant<KeptJpeg, NotKept> keptJpeg(std::span<const unsigned char> jpeg);

// The IJG quality (1-100) whose table, scaled as libjpeg's
// jpeg_quality_scaling() does, has the sum nearest to that of `table` (64
// values, in any order); `chroma` selects the standard chrominance table
// (JPEG Annex K.2) instead of the luminance one (K.1). Non-IJG tables (an
// encoder's own) get the IJG quality of about the same coarseness.
int estimateQuality(std::span<const std::uint16_t, 64> table, bool chroma);

}  // namespace userimg::image
