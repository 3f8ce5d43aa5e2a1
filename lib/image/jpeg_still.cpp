#include "image/jpeg_still.h"

// jpeglib.h needs FILE and size_t declared first.
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include <jpeglib.h>

#include <algorithm>
#include <csetjmp>

namespace userimg::image {
namespace {

constexpr int kMaxSide = 65500;     // JPEG_MAX_DIMENSION
constexpr int kNoSubsampling = 90;  // libvips' "auto": 4:4:4 from quality 90

// libjpeg reports a failure by calling error_exit, which must not return:
// it jumps back to compress(), whose frame holds only C objects.
struct Failure {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
};

[[noreturn]] void jumpBack(j_common_ptr info) {
  std::longjmp(reinterpret_cast<Failure*>(info->err)->jump, 1);
}

void quiet(j_common_ptr /*info*/) {}

// `pixels` compressed into a buffer libjpeg allocates with malloc (*out,
// *size); false on a failure (*out may then hold a buffer to free).
bool compress(const PixelView& pixels, int quality, unsigned char** out, unsigned long* size) {
  jpeg_compress_struct info;
  Failure failure;
  info.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = jumpBack;
  failure.manager.output_message = quiet;
  if (setjmp(failure.jump) != 0) {
    jpeg_destroy_compress(&info);
    return false;
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, out, size);
  info.image_width = static_cast<JDIMENSION>(pixels.width);
  info.image_height = static_cast<JDIMENSION>(pixels.height);
  info.input_components = pixels.channels;
  info.in_color_space = pixels.channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
  // libvips' order: defaults, Huffman optimisation, quality (baseline
  // tables), then the sampling factors.
  jpeg_set_defaults(&info);
  info.optimize_coding = TRUE;
  jpeg_set_quality(&info, quality, TRUE);
  if (quality >= kNoSubsampling) {
    for (int i = 0; i < info.num_components; ++i) {
      info.comp_info[i].h_samp_factor = 1;
      info.comp_info[i].v_samp_factor = 1;
    }
  }
  info.write_JFIF_header = FALSE;
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    // libjpeg reads the rows it is given; its API has no const.
    JSAMPROW row = const_cast<JSAMPROW>(pixels.pixel(0, static_cast<int>(info.next_scanline)));
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  return true;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> encodeJpegStill(const PixelView& pixels, int quality) {
  if ((pixels.channels != 1 && pixels.channels != 3) || pixels.width <= 0 || pixels.height <= 0 ||
      pixels.width > kMaxSide || pixels.height > kMaxSide) {
    return std::nullopt;
  }
  unsigned char* data = nullptr;
  unsigned long size = 0;
  const bool done = compress(pixels, std::clamp(quality, 1, 100), &data, &size);
  std::optional<std::vector<std::uint8_t>> file;
  if (done && data != nullptr) file.emplace(data, data + size);
  std::free(data);
  return file;
}

}  // namespace userimg::image
