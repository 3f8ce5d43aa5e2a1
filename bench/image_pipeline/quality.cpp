#include "quality.h"

#include <vips/vips.h>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>

#include "image/vips_image_processor.h"
#include "image/webp_metadata.h"

namespace bench {
namespace {

namespace fs = std::filesystem;

struct Unref {
  void operator()(VipsImage* image) const {
    if (image != nullptr) g_object_unref(image);
  }
};
using Image = std::unique_ptr<VipsImage, Unref>;

// Runs one libvips operation, `call(&out)`, which must succeed: a failure
// ends the benchmark.
template <typename Call>
Image op(const char* what, Call call) {
  VipsImage* out = nullptr;
  if (call(&out) != 0 || out == nullptr) {
    std::cerr << what << ": " << vips_error_buffer() << "\n";
    std::exit(2);
  }
  return Image(out);
}

// sRGB without alpha (flattened onto white), as float.
Image comparable(VipsImage* in) {
  Image image = op("srgb", [&](VipsImage** o) {
    return vips_colourspace(in, o, VIPS_INTERPRETATION_sRGB, nullptr);
  });
  if (vips_image_hasalpha(image.get())) {
    VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
    image = op("flatten", [&](VipsImage** o) {
      return vips_flatten(image.get(), o, "background", white, nullptr);
    });
    vips_area_unref(VIPS_AREA(white));
  }
  return op("float", [&](VipsImage** o) { return vips_cast_float(image.get(), o, nullptr); });
}

Image load(const fs::path& file) {
  return comparable(op(file.c_str(), [&](VipsImage** o) {
                      return (*o = vips_image_new_from_file(file.c_str(), nullptr)) ? 0 : -1;
                    }).get());
}

double mean(VipsImage* image) {
  double value = 0;
  if (vips_avg(image, &value, nullptr) != 0) op("avg", [](VipsImage**) { return -1; });
  return value;
}

Image blur(VipsImage* in) {
  return op("gaussblur", [&](VipsImage** o) {
    return vips_gaussblur(in, o, 1.5, "precision", VIPS_PRECISION_FLOAT, nullptr);
  });
}

Image multiply(VipsImage* a, VipsImage* b) {
  return op("multiply", [&](VipsImage** o) { return vips_multiply(a, b, o, nullptr); });
}

Image linear(VipsImage* in, double a, double b) {
  return op("linear", [&](VipsImage** o) { return vips_linear1(in, o, a, b, nullptr); });
}

Image subtract(VipsImage* a, VipsImage* b) {
  return op("subtract", [&](VipsImage** o) { return vips_subtract(a, b, o, nullptr); });
}

Image add(VipsImage* a, VipsImage* b) {
  return op("add", [&](VipsImage** o) { return vips_add(a, b, o, nullptr); });
}

// Mean SSIM of the luminance of two images of the same size.
double ssim(VipsImage* a, VipsImage* b) {
  Image x = op("bw", [&](VipsImage** o) {
    return vips_colourspace(a, o, VIPS_INTERPRETATION_B_W, nullptr);
  });
  Image y = op("bw", [&](VipsImage** o) {
    return vips_colourspace(b, o, VIPS_INTERPRETATION_B_W, nullptr);
  });
  x = op("float", [&](VipsImage** o) { return vips_cast_float(x.get(), o, nullptr); });
  y = op("float", [&](VipsImage** o) { return vips_cast_float(y.get(), o, nullptr); });
  const double c1 = std::pow(0.01 * 255, 2), c2 = std::pow(0.03 * 255, 2);
  Image mx = blur(x.get()), my = blur(y.get());
  Image mxx = multiply(mx.get(), mx.get()), myy = multiply(my.get(), my.get());
  Image mxy = multiply(mx.get(), my.get());
  Image sxx = subtract(blur(multiply(x.get(), x.get()).get()).get(), mxx.get());
  Image syy = subtract(blur(multiply(y.get(), y.get()).get()).get(), myy.get());
  Image sxy = subtract(blur(multiply(x.get(), y.get()).get()).get(), mxy.get());
  Image top = multiply(linear(mxy.get(), 2, c1).get(), linear(sxy.get(), 2, c2).get());
  Image bottom = multiply(linear(add(mxx.get(), myy.get()).get(), 1, c1).get(),
                          linear(add(sxx.get(), syy.get()).get(), 1, c2).get());
  Image map =
      op("divide", [&](VipsImage** o) { return vips_divide(top.get(), bottom.get(), o, nullptr); });
  return mean(map.get());
}

double psnr(VipsImage* a, VipsImage* b) {
  Image d = subtract(a, b);
  const double mse = mean(multiply(d.get(), d.get()).get());
  return mse <= 0 ? 99.0 : 10 * std::log10(255.0 * 255.0 / mse);
}

// The original, decoded whole, upright, resized to width x height in float.
Image reference(const fs::path& original, int width, int height) {
  Image in =
      comparable(op(original.c_str(), [&](VipsImage** o) {
                   return (*o = vips_image_new_from_file(original.c_str(), nullptr)) ? 0 : -1;
                 }).get());
  in = op("autorot", [&](VipsImage** o) { return vips_autorot(in.get(), o, nullptr); });
  if (in->Xsize != in->Ysize && width == height) {
    // A square from a non-square original: no shared crop to refer to.
    return nullptr;
  }
  return op("resize", [&](VipsImage** o) {
    return vips_resize(in.get(), o, static_cast<double>(width) / in->Xsize, "vscale",
                       static_cast<double>(height) / in->Ysize, nullptr);
  });
}

}  // namespace

userimg::config::ImagesConfig benchImagesConfig() {
  userimg::config::ImagesConfig config;
  if (const char* siblings = std::getenv("BENCH_SIBLINGS");
      siblings && std::string(siblings) == "0") {
    config.siblingFormats.clear();
  }
  if (const char* keep = std::getenv("BENCH_KEEP_JPEG"); keep && std::string(keep) == "0") {
    config.keepJpeg = false;
  }
  return config;
}

int emitOutputs(const std::vector<EmitCase>& cases, const fs::path& dir) {
  const userimg::config::ImagesConfig config = benchImagesConfig();
  if (auto status = userimg::image::initImageLibrary(config); !status.isOk()) return 1;
  const userimg::image::VipsImageProcessor processor(config);
  for (const EmitCase& c : cases) {
    const fs::path out = dir / c.slug;
    const fs::path work = out / "work";
    fs::create_directories(work);
    auto result = processor.process(
        c.cover ? userimg::core::ImageKind::kCover : userimg::core::ImageKind::kProfile, c.input,
        work);
    if (!result) {
      std::cerr << c.slug << ": " << result.status().toString() << "\n";
      return 1;
    }
    fs::rename(result->file, out / ("main." + result->extension));
    for (const auto& variant : result->variants) {
      fs::rename(variant.file, out / (variant.name + "." + variant.extension));
    }
    fs::remove_all(work);
  }
  return 0;
}

int compareOutputs(const std::vector<EmitCase>& cases, const fs::path& older,
                   const fs::path& newer) {
  if (VIPS_INIT("userimg_image_bench") != 0) return 2;
  std::printf(
      "| case | output | SSIM new vs old | PSNR new vs old (dB) | SSIM old vs reference | SSIM "
      "new vs reference | bytes old / new |\n|---|---|---|---|---|---|---|\n");
  for (const EmitCase& c : cases) {
    if (!fs::exists(newer / c.slug)) continue;
    std::map<std::string, fs::path> names;
    for (const auto& entry : fs::directory_iterator(newer / c.slug)) {
      names[entry.path().stem().string()] = entry.path();
    }
    for (const auto& [name, file] : names) {
      const fs::path before = older / c.slug / file.filename();
      if (!fs::exists(before)) continue;
      Image a = load(before), b = load(file);
      std::string sameSize = "n/a (sizes differ)";
      char cell[64];
      std::string psnrCell = "n/a";
      if (a->Xsize == b->Xsize && a->Ysize == b->Ysize) {
        std::snprintf(cell, sizeof cell, "%.4f", ssim(a.get(), b.get()));
        sameSize = cell;
        std::snprintf(cell, sizeof cell, "%.1f", psnr(a.get(), b.get()));
        psnrCell = cell;
      }
      std::string refOld = "n/a (no shared crop)", refNew = refOld;
      if (Image ref = reference(c.input, b->Xsize, b->Ysize)) {
        std::snprintf(cell, sizeof cell, "%.4f", ssim(b.get(), ref.get()));
        refNew = cell;
        if (a->Xsize == b->Xsize && a->Ysize == b->Ysize) {
          std::snprintf(cell, sizeof cell, "%.4f", ssim(a.get(), ref.get()));
          refOld = cell;
        }
      }
      std::printf("| %s | %s | %s | %s | %s | %s | %ju / %ju |\n", c.slug.c_str(), name.c_str(),
                  sameSize.c_str(), psnrCell.c_str(), refOld.c_str(), refNew.c_str(),
                  static_cast<std::uintmax_t>(fs::file_size(before)),
                  static_cast<std::uintmax_t>(fs::file_size(file)));
    }
  }
  return 0;
}

namespace {

// An encoder setting the sibling comparison tries.
struct Trial {
  std::string label;   // "jpeg 85", "webp 80"
  std::string suffix;  // vips_image_write_to_buffer's: ".webp[Q=80,strip]"
};

double cpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

// `pristine` (uchar) encoded by `trial`: the median CPU time of `runs`
// encodes, the bytes and the decoded result's SSIM against `pristine`.
void trialRow(const std::string& slug, const std::string& size, VipsImage* pristine,
              const Trial& trial, int runs, std::size_t jpegBytes) {
  std::vector<double> times;
  std::string bytes;
  for (int i = 0; i < runs; ++i) {
    void* out = nullptr;
    std::size_t length = 0;
    const double start = cpuMs();
    if (vips_image_write_to_buffer(pristine, trial.suffix.c_str(), &out, &length, nullptr) != 0) {
      op(trial.suffix.c_str(), [](VipsImage**) { return -1; });
    }
    // As userimg stores it: libvips 8.14.1's webpsave adds an EXIF chunk
    // despite "strip" (image/webp_metadata.h).
    if (trial.suffix.rfind(".webp", 0) == 0) {
      length = userimg::image::stripWebpMetadata(static_cast<unsigned char*>(out), length);
    }
    times.push_back(cpuMs() - start);
    bytes.assign(static_cast<const char*>(out), length);
    g_free(out);
  }
  std::sort(times.begin(), times.end());
  Image decoded = comparable(
      op("decode", [&](VipsImage** o) {
        return (*o = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr)) ? 0 : -1;
      }).get());
  Image reference = comparable(pristine);
  const double saved = jpegBytes == 0 ? 0 : 100.0 * (1.0 - double(bytes.size()) / jpegBytes);
  std::printf("| %s | %s | %s | %zu | %+.0f %% | %.4f | %.2f |\n", slug.c_str(), size.c_str(),
              trial.label.c_str(), bytes.size(), -saved, ssim(decoded.get(), reference.get()),
              times[times.size() / 2]);
}

}  // namespace

int compareSiblingFormats(const std::vector<EmitCase>& cases, int runs) {
  if (VIPS_INIT("userimg_image_bench") != 0) return 2;
  vips_concurrency_set(1);
  const std::vector<Trial> trials = {
      {"jpeg 85 (variants today)", ".jpg[Q=85,optimize_coding,strip]"},
      {"webp 80", ".webp[Q=80,strip]"},
      {"webp 85", ".webp[Q=85,strip]"},
      {"webp 90", ".webp[Q=90,strip]"},
      {"webp 80 effort 0", ".webp[Q=80,effort=0,strip]"},
      {"webp 80 effort 2", ".webp[Q=80,effort=2,strip]"},
      {"avif 45", ".avif[Q=45,strip]"},
      {"avif 50", ".avif[Q=50,strip]"},
      {"avif 60", ".avif[Q=60,strip]"}};
  std::printf(
      "| case | variant | encoder | bytes | vs JPEG | SSIM vs unencoded | encode CPU ms "
      "(median) |\n|---|---|---|---|---|---|---|\n");
  for (const EmitCase& c : cases) {
    const std::vector<int> sizes = c.cover ? std::vector<int>{640} : std::vector<int>{64, 128, 256};
    for (const int size : sizes) {
      // The variant's pixels before any encoder: one lanczos3 resize (and
      // the attention crop for a square) of the original, first frame.
      Image pristine = op("thumbnail", [&](VipsImage** o) {
        return c.cover ? vips_thumbnail(c.input.c_str(), o, size, "height", VIPS_MAX_COORD, nullptr)
                       : vips_thumbnail(c.input.c_str(), o, size, "height", size, "crop",
                                        VIPS_INTERESTING_ATTENTION, nullptr);
      });
      pristine = op("copy", [&](VipsImage** o) {
        return (*o = vips_image_copy_memory(pristine.get())) ? 0 : -1;
      });
      // Pixels only: a photograph's ICC profile and XMP would weigh on every
      // encoder (userimg stores none).
      gchar** fields = vips_image_get_fields(pristine.get());
      for (gchar** field = fields; *field != nullptr; ++field) {
        const std::string name = *field;
        if (name.rfind("exif-", 0) == 0 || name.rfind("xmp-", 0) == 0 ||
            name.rfind("icc-", 0) == 0 || name.rfind("iptc-", 0) == 0) {
          vips_image_remove(pristine.get(), *field);
        }
      }
      g_strfreev(fields);
      const std::string name = std::to_string(size) + (c.cover ? "w" : "");
      void* jpeg = nullptr;
      std::size_t jpegBytes = 0;
      if (vips_image_write_to_buffer(pristine.get(), trials[0].suffix.c_str(), &jpeg, &jpegBytes,
                                     nullptr) != 0) {
        return 2;
      }
      g_free(jpeg);
      for (const Trial& trial : trials) {
        trialRow(c.slug, name, pristine.get(), trial, runs, jpegBytes);
      }
    }
  }
  return 0;
}

}  // namespace bench
