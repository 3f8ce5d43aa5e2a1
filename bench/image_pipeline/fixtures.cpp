// Fixtures of the image pipeline benchmark, generated at run time:
// gradients, diagonal sine stripes and Gaussian noise (not flat colour), so
// that encoders and the attention crop have realistic work.
#include "fixtures.h"

#include <vips/vips.h>

#include <cstdlib>
#include <iostream>
#include <vector>

namespace bench {
namespace {

namespace fs = std::filesystem;

// Noise of the 100 KB photo fixtures (libvips' default JPEG quality, 75).
constexpr double kPhotoSigma = 11.0;

VipsImage* check(int failed, VipsImage* image) {
  if (failed != 0) {
    std::cerr << "fixture: " << vips_error_buffer() << "\n";
    std::exit(2);
  }
  return image;
}

VipsImage* texture(VipsObject* scope, int width, int height, int bands, double sigma) {
  VipsImage** t = reinterpret_cast<VipsImage**>(vips_object_local_array(scope, 12));
  check(vips_xyz(&t[0], width, height, nullptr), t[0]);
  check(vips_extract_band(t[0], &t[1], 0, nullptr), t[1]);
  check(vips_extract_band(t[0], &t[2], 1, nullptr), t[2]);
  check(vips_linear1(t[1], &t[3], 255.0 / width, 0, nullptr), t[3]);
  check(vips_linear1(t[2], &t[4], 255.0 / height, 0, nullptr), t[4]);
  // Stripes: the sine of (x + y), 17 periods across, for edges to encode.
  check(vips_add(t[3], t[4], &t[5], nullptr), t[5]);
  check(vips_linear1(t[5], &t[6], 12.0, 0, nullptr), t[6]);
  check(vips_math(t[6], &t[7], VIPS_OPERATION_MATH_SIN, nullptr), t[7]);
  check(vips_linear1(t[7], &t[8], 60.0, 128.0, nullptr), t[8]);
  VipsImage* planes[] = {t[3], t[4], t[8], t[3]};
  check(vips_bandjoin(planes, &t[9], bands, nullptr), t[9]);
  check(vips_gaussnoise(&t[10], width, height, "sigma", sigma, nullptr), t[10]);
  check(vips_add(t[9], t[10], &t[11], nullptr), t[11]);
  VipsImage* out = nullptr;
  VipsImage* cast = nullptr;
  check(vips_cast_uchar(t[11], &cast, nullptr), cast);
  check(vips_copy(cast, &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), out);
  g_object_unref(cast);
  vips_object_local(scope, out);
  return out;
}

void makeFixture(const fs::path& file, int width, int height, int bands, int frames = 1,
                 double sigma = 25.0) {
  VipsObject* scope = VIPS_OBJECT(vips_image_new());
  VipsImage* image = texture(scope, width, height * frames, bands, sigma);
  if (frames > 1) {
    VipsImage* copy = nullptr;
    check(vips_copy(image, &copy, nullptr), copy);
    vips_object_local(scope, copy);
    vips_image_set_int(copy, "page-height", height);
    std::vector<int> delays(frames, 80);
    vips_image_set_array_int(copy, "delay", delays.data(), frames);
    image = copy;
  }
  if (vips_image_write_to_file(image, file.c_str(), nullptr) != 0) check(-1, nullptr);
  g_object_unref(scope);
}

}  // namespace

int makeFixtures(const std::filesystem::path& dir) {
  if (VIPS_INIT("userimg_image_bench") != 0) return 2;
  makeFixture(dir / "jpeg-0.3mp.jpg", 640, 480, 3);
  // The typical avatar: a 100 KB 1024x768 photo; and a square one,
  // whose attention crop is the whole image in any pipeline (for quality).
  makeFixture(dir / "photo-1024x768.jpg", 1024, 768, 3, 1, kPhotoSigma);
  makeFixture(dir / "photo-1024x1024.jpg", 1024, 1024, 3, 1, kPhotoSigma);
  makeFixture(dir / "jpeg-2mp.jpg", 1632, 1224, 3);
  makeFixture(dir / "jpeg-12mp.jpg", 4000, 3000, 3);
  makeFixture(dir / "png-alpha-2mp.png", 1632, 1224, 4);
  makeFixture(dir / "gif-anim-20f.gif", 480, 360, 3, 20);
  return 0;
}

}  // namespace bench
