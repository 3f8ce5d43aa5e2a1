#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "image/orc_guard.h"
#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "observe/request_notes.h"
#include "processor_fixture.h"
// After image_fixtures.h (vips.h), which defines what vector.h uses.
#include <vips/vector.h>

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using core::StatusCode;
using namespace testing;

class VipsImageProcessorTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsImageProcessorTest);
  CPPUNIT_TEST(testRotatesUprightFromExifOrientation);
  CPPUNIT_TEST(testRemovesGpsExif);
  CPPUNIT_TEST(testKeepsPngAlpha);
  CPPUNIT_TEST(testKeepsAnimatedGifFrames);
  CPPUNIT_TEST(testRefusesDecompressionBombBeforeDecoding);
  CPPUNIT_TEST(testRefusesTruncatedJpeg);
  CPPUNIT_TEST(testRefusesNonImagesByName);
  CPPUNIT_TEST(testRefusesJpegMagicFollowedByHtml);
  CPPUNIT_TEST(testReencodesJpegWithTrailingHtml);
  CPPUNIT_TEST(testRefusesHugeDimensions);
  CPPUNIT_TEST(testRefusesTooManyFrames);
  CPPUNIT_TEST(testMakesProfileVariants);
  CPPUNIT_TEST(testBoundsCoverWidthWithoutUpscaling);
  CPPUNIT_TEST(testBoundsProfileLongestSide);
  CPPUNIT_TEST(testStoresHeicAsJpeg);
  CPPUNIT_TEST(testStoresAvifAsJpeg);
  CPPUNIT_TEST(testLoadsNoLibvipsModuleButHeif);
  CPPUNIT_TEST(testOrcCodeIsCompiledUnderTheGuard);
  CPPUNIT_TEST(testKeepsWebp);
  CPPUNIT_TEST(testLeavesNothingBehindOnFailure);
  CPPUNIT_TEST(testProcessesConcurrently);
  CPPUNIT_TEST(testBlocksOtherLoaders);
  CPPUNIT_TEST(testConvertsEmbeddedProfileToSrgb);
  CPPUNIT_TEST(testConvertsCmykToSrgb);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRotatesUprightFromExifOrientation() {
    // Left half red, right half blue, stored 200x100 with orientation 6
    // (display rotated 90 degrees clockwise): upright, red is on top.
    Image tagged = redBesideBlue(100, 6);
    const fs::path input = *dir_ / "rotated.jpg";
    save(tagged.get(), input);
    CPPUNIT_ASSERT_EQUAL(6, vips_image_get_orientation(load(input).get()));

    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(100, *result->width);
    CPPUNIT_ASSERT_EQUAL(200, *result->height);
    Image out = load(result->file);
    CPPUNIT_ASSERT_EQUAL(100, out->Xsize);
    CPPUNIT_ASSERT_EQUAL(200, out->Ysize);
    CPPUNIT_ASSERT_EQUAL(1, vips_image_get_orientation(out.get()));
    CPPUNIT_ASSERT(pixelAt(out.get(), 50, 20)[0] > 200);   // red on top
    CPPUNIT_ASSERT(pixelAt(out.get(), 50, 180)[2] > 200);  // blue below
  }

  void testRemovesGpsExif() {
    Image image = noiseImage(320, 240);
    const fs::path plain = *dir_ / "plain.jpg";
    save(image.get(), plain, "[strip]");
    const fs::path input = *dir_ / "gps.jpg";
    writeBytes(input, spliceAfterSoi(readBytes(plain), gpsExifSegment()));
    Image loaded = load(input);
    CPPUNIT_ASSERT(vips_image_get_typeof(loaded.get(), "exif-data") != 0);
    CPPUNIT_ASSERT(vips_image_get_typeof(loaded.get(), "exif-ifd3-GPSLatitude") != 0);

    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    std::vector<fs::path> outputs = {result->file};
    for (const auto& variant : result->variants) outputs.push_back(variant.file);
    for (const fs::path& file : outputs) {
      const std::string bytes = readBytes(file);
      CPPUNIT_ASSERT(!contains(bytes, kGpsDatum));
      CPPUNIT_ASSERT(!contains(bytes, std::string("Exif\0\0", 6)));
      CPPUNIT_ASSERT(!contains(bytes, "\xFF\xE1"));  // no APP1 (EXIF or XMP) at all
      CPPUNIT_ASSERT(vips_image_get_typeof(load(file).get(), "exif-data") == 0);
    }
  }

  void testKeepsPngAlpha() {
    const fs::path input = *dir_ / "alpha.png";
    save(noiseImage(300, 200, true).get(), input);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("image/png"), result->contentType);
    CPPUNIT_ASSERT_EQUAL(std::string("png"), result->extension);
    CPPUNIT_ASSERT_EQUAL(4, load(result->file)->Bands);
    for (const auto& variant : result->variants) {
      CPPUNIT_ASSERT_EQUAL(std::string("png"), variant.extension);
      CPPUNIT_ASSERT_EQUAL(4, load(variant.file)->Bands);
    }
  }

  void testKeepsAnimatedGifFrames() {
    const fs::path input = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), input);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("image/gif"), result->contentType);
    CPPUNIT_ASSERT_EQUAL(160, *result->width);
    CPPUNIT_ASSERT_EQUAL(120, *result->height);
    Image out = load(result->file);
    CPPUNIT_ASSERT_EQUAL(3, vips_image_get_n_pages(out.get()));
    CPPUNIT_ASSERT_EQUAL(120, vips_image_get_page_height(out.get()));
    // Its variants are still images (vips_variants_test.cpp).
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, result->variants.size());
    for (const auto& variant : result->variants) {
      Image v = load(variant.file);
      const int side = std::stoi(variant.name);
      CPPUNIT_ASSERT_EQUAL(side, v->Xsize);
      CPPUNIT_ASSERT_EQUAL(side, v->Ysize);
      CPPUNIT_ASSERT_EQUAL(side, variant.width);
      CPPUNIT_ASSERT_EQUAL(side, variant.height);
    }
  }

  void testRefusesDecompressionBombBeforeDecoding() {
    const fs::path input = *dir_ / "bomb.png";
    const std::string png = bombPng(30000, 30000);
    CPPUNIT_ASSERT(png.size() < 16 * 1024);
    writeBytes(input, png);
    const long rssBefore = residentKilobytes();
    observe::clearNotes();
    const auto start = std::chrono::steady_clock::now();
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_EQUAL(std::string("bomb"), observe::notes().outcome);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const long rssAfter = residentKilobytes();
    CPPUNIT_ASSERT(!result);
    CPPUNIT_ASSERT(result.status().code() == StatusCode::kInvalidImage);
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 30000x30000; the limit is 50 megapixels"),
                         result.status().message());
    CPPUNIT_ASSERT(elapsed < std::chrono::seconds(1));
    CPPUNIT_ASSERT(rssAfter - rssBefore < 50 * 1024);
  }

  void testRefusesTruncatedJpeg() {
    const fs::path whole = *dir_ / "whole.jpg";
    save(noiseImage(800, 600).get(), whole);
    const std::string bytes = readBytes(whole);
    const fs::path input = *dir_ / "truncated.jpg";
    writeBytes(input, bytes.substr(0, bytes.size() * 6 / 10));
    expectRefusal(input, "Image data is corrupt or truncated");
  }

  void testRefusesNonImagesByName() {
    const std::pair<const char*, std::string> cases[] = {
        {"SVG",
         "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
         "height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"},
        {"PDF", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"},
        {"HTML", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"},
        {"BMP",
         std::string("BM\x3A\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\1\0\0\0\1\0\0\0\1\0\x18\0", 30) +
             std::string(28, '\0')},
    };
    for (const auto& [name, bytes] : cases) {
      const fs::path input = *dir_ / (std::string("upload-") + name);
      writeBytes(input, bytes);
      expectRefusal(input, std::string("Unsupported image format: ") + name);
    }
    const fs::path tiff = *dir_ / "image.tif";
    save(noiseImage(32, 32).get(), tiff);
    expectRefusal(tiff, "Unsupported image format: TIFF");
    const fs::path text = *dir_ / "notes.txt";
    writeBytes(text, "just some text");
    expectRefusal(text, "Unsupported image format");
  }

  void testRefusesJpegMagicFollowedByHtml() {
    const fs::path input = *dir_ / "polyglot.jpg";
    writeBytes(input, "\xFF\xD8\xFF<html><body><script>alert(document.cookie)</script></html>");
    expectRefusal(input, "Image data is corrupt or truncated");
  }

  void testReencodesJpegWithTrailingHtml() {
    const fs::path plain = *dir_ / "plain.jpg";
    save(noiseImage(200, 150).get(), plain);
    const fs::path input = *dir_ / "trailing.jpg";
    writeBytes(input, readBytes(plain) + "<html><script>alert(1)</script></html>");
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT(!contains(readBytes(result->file), "<html"));
    CPPUNIT_ASSERT(!contains(readBytes(result->file), "<script"));
    CPPUNIT_ASSERT_EQUAL(200, load(result->file)->Xsize);
  }

  void testRefusesHugeDimensions() {
    VipsImage* black = nullptr;
    CPPUNIT_ASSERT(vips_black(&black, 25000, 8, nullptr) == 0);
    Image wide(black);
    const fs::path input = *dir_ / "wide.png";
    save(wide.get(), input);
    expectRefusal(input, "Image is 25000x8; the limit is 20000 pixels wide");
  }

  void testRefusesTooManyFrames() {
    const fs::path input = *dir_ / "frames.gif";
    save(animation(40, 30, 3).get(), input);
    config::ImagesConfig config;
    config.maxFrames = 2;
    auto result = VipsImageProcessor(config).process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT(!result);
    CPPUNIT_ASSERT_EQUAL(std::string("Image has 3 frames; the limit is 2"),
                         result.status().message());
  }

  void testMakesProfileVariants() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(800, 600).get(), input);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, result->variants.size());
    const char* names[] = {"64", "128", "256"};
    for (std::size_t i = 0; i < 3; ++i) {
      const ProcessedVariant& variant = result->variants[i];
      const int side = std::stoi(names[i]);
      CPPUNIT_ASSERT_EQUAL(std::string(names[i]), variant.name);
      CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), variant.contentType);
      CPPUNIT_ASSERT_EQUAL(work_, variant.file.parent_path());
      CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(fs::file_size(variant.file)), variant.bytes);
      Image v = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(side, v->Xsize);
      CPPUNIT_ASSERT_EQUAL(side, v->Ysize);
      CPPUNIT_ASSERT_EQUAL(side, variant.width);
    }
    // A tiny upload still gets squares of the configured sizes.
    const fs::path tiny = *dir_ / "tiny.jpg";
    save(noiseImage(40, 30).get(), tiny);
    auto small = processor().process(ImageKind::kProfile, tiny, work_);
    CPPUNIT_ASSERT_MESSAGE(small.status().toString(), small.ok());
    CPPUNIT_ASSERT_EQUAL(40, *small->width);
    CPPUNIT_ASSERT_EQUAL(256, load(small->variants[2].file)->Ysize);
  }

  void testBoundsCoverWidthWithoutUpscaling() {
    const fs::path wide = *dir_ / "wide.jpg";
    save(noiseImage(3000, 1000).get(), wide);
    auto result = processor().process(ImageKind::kCover, wide, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(2560, *result->width);
    CPPUNIT_ASSERT_EQUAL(853, *result->height);
    CPPUNIT_ASSERT_EQUAL(2560, load(result->file)->Xsize);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, result->variants.size());
    CPPUNIT_ASSERT_EQUAL(std::string("640w"), result->variants[0].name);
    CPPUNIT_ASSERT_EQUAL(640, load(result->variants[0].file)->Xsize);
    CPPUNIT_ASSERT_EQUAL(213, result->variants[0].height);

    const fs::path narrow = *dir_ / "narrow.jpg";
    save(noiseImage(500, 300).get(), narrow);
    auto kept = processor().process(ImageKind::kCover, narrow, work_);
    CPPUNIT_ASSERT_MESSAGE(kept.status().toString(), kept.ok());
    CPPUNIT_ASSERT_EQUAL(500, *kept->width);
    CPPUNIT_ASSERT_EQUAL(300, *kept->height);
    CPPUNIT_ASSERT_EQUAL(500, kept->variants[0].width);  // never wider than the cover
  }

  void testBoundsProfileLongestSide() {
    const fs::path tall = *dir_ / "tall.png";
    save(noiseImage(900, 1800).get(), tall);
    auto result = processor().process(ImageKind::kProfile, tall, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(512, *result->width);
    CPPUNIT_ASSERT_EQUAL(1024, *result->height);
  }

  void testStoresHeicAsJpeg() {
    const fs::path input = *dir_ / "photo.heic";
    save(noiseImage(640, 480).get(), input);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), result->contentType);
    CPPUNIT_ASSERT_EQUAL(std::string("jpg"), result->extension);
    CPPUNIT_ASSERT_EQUAL(640, load(result->file)->Xsize);
    CPPUNIT_ASSERT(readBytes(result->file).starts_with("\xFF\xD8\xFF"));
  }

  void testStoresAvifAsJpeg() {
    const fs::path input = *dir_ / "photo.avif";
    save(noiseImage(320, 240).get(), input);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), result->contentType);
    CPPUNIT_ASSERT_EQUAL(320, load(result->file)->Xsize);
  }

  void testLoadsNoLibvipsModuleButHeif() {
    // libvips would load all of its modules; only HEIF is decoded, so only
    // that one is in the process (the others are not even mapped).
    const std::string maps = readBytes("/proc/self/maps");
    CPPUNIT_ASSERT(contains(maps, "/vips-heif."));
    for (const char* other :
         {"/vips-magick.", "/vips-poppler.", "/vips-openslide.", "/vips-jxl."}) {
      CPPUNIT_ASSERT_MESSAGE(other, !contains(maps, other));
    }
    CPPUNIT_ASSERT(vips_type_find("VipsOperation", "heifload_source") != 0);
    CPPUNIT_ASSERT(vips_type_find("VipsOperation", "magickload") == 0);
    CPPUNIT_ASSERT(vips_type_find("VipsOperation", "pdfload") == 0);
  }

  void testOrcCodeIsCompiledUnderTheGuard() {
    // liborc 0.4.33's code memory is not thread-safe: every ORC program
    // libvips compiles must go through image/orc_guard.cpp's lock.
    CPPUNIT_ASSERT_MESSAGE("liborc's orc_program_compile is not interposed", orcGuardInstalled());
    CPPUNIT_ASSERT_MESSAGE("libvips' ORC paths are off", vips_vector_isenabled());
    const long before = orcCompilesGuarded();
    const fs::path input = *dir_ / "orc.jpg";
    save(noiseImage(2400, 1800).get(), input);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_MESSAGE("shrinking a photo compiled no ORC program through the guard",
                           orcCompilesGuarded() > before);
  }

  void testKeepsWebp() {
    const fs::path input = *dir_ / "photo.webp";
    save(noiseImage(640, 480).get(), input);
    auto result = processor().process(ImageKind::kCover, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), result->contentType);
    CPPUNIT_ASSERT_EQUAL(640, load(result->file)->Xsize);
    CPPUNIT_ASSERT_EQUAL(std::string("webp"), result->variants[0].extension);
  }

  void testLeavesNothingBehindOnFailure() {
    const fs::path whole = *dir_ / "whole.jpg";
    save(noiseImage(400, 300).get(), whole);
    const std::string bytes = readBytes(whole);
    const fs::path input = *dir_ / "cut.jpg";
    writeBytes(input, bytes.substr(0, bytes.size() / 2));
    CPPUNIT_ASSERT(!processor().process(ImageKind::kProfile, input, work_));
    CPPUNIT_ASSERT(fs::is_empty(work_));
    auto missing = processor().process(ImageKind::kProfile, whole, *dir_ / "no-such-dir");
    CPPUNIT_ASSERT(!missing);
    CPPUNIT_ASSERT(missing.status().code() == StatusCode::kInternal);
  }

  void testProcessesConcurrently() {
    config::ImagesConfig config = withoutSiblings({});
    config.concurrency = 2;
    const VipsImageProcessor shared(config);
    const fs::path input = *dir_ / "shared.jpg";
    save(noiseImage(1600, 1200).get(), input);
    std::vector<core::Result<ProcessedImage>> results(6, core::Status::internal("not run"));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
      threads.emplace_back([&, i] {
        results[i] = shared.process(i % 2 ? ImageKind::kCover : ImageKind::kProfile, input, work_);
      });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& result : results) {
      CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{3 * (1 + 3) + 3 * (1 + 1)}, work_files());
  }

  void testBlocksOtherLoaders() {
    const fs::path tiff = *dir_ / "blocked.tif";
    save(noiseImage(16, 16).get(), tiff);
    VipsImage* loaded = nullptr;
    CPPUNIT_ASSERT(vips_tiffload(tiff.c_str(), &loaded, nullptr) != 0);
    CPPUNIT_ASSERT(contains(vips_error_buffer(), "blocked"));
    vips_error_clear();
    const fs::path svg = *dir_ / "blocked.svg";
    writeBytes(svg, "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/>");
    CPPUNIT_ASSERT(vips_image_new_from_file(svg.c_str(), nullptr) == nullptr);
    vips_error_clear();
  }

  void testConvertsEmbeddedProfileToSrgb() {
    // Red in Display P3, tagged with the P3 profile: stored as sRGB red with
    // no profile (P3 (200,30,30) is about sRGB (217,0,25)).
    Image tagged = p3Red(64, 64);
    const fs::path input = *dir_ / "p3.jpg";
    save(tagged.get(), input);
    CPPUNIT_ASSERT(vips_image_get_typeof(load(input).get(), VIPS_META_ICC_NAME) != 0);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    Image out = load(result->file);
    CPPUNIT_ASSERT(vips_image_get_typeof(out.get(), VIPS_META_ICC_NAME) == 0);
    const std::vector<double> before = pixelAt(load(input).get(), 32, 32);
    const std::vector<double> after = pixelAt(out.get(), 32, 32);
    CPPUNIT_ASSERT(after[0] > before[0] + 5);  // more saturated red in sRGB numbers
  }

  void testConvertsCmykToSrgb() {
    Image rgb = noiseImage(120, 80);
    VipsImage* cmyk = nullptr;
    CPPUNIT_ASSERT(vips_colourspace(rgb.get(), &cmyk, VIPS_INTERPRETATION_CMYK, nullptr) == 0);
    Image converted(cmyk);
    const fs::path input = *dir_ / "cmyk.jpg";
    save(converted.get(), input, "[strip]");
    CPPUNIT_ASSERT_EQUAL(4, load(input)->Bands);
    auto result = processor().process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    Image out = load(result->file);
    CPPUNIT_ASSERT_EQUAL(3, out->Bands);
    CPPUNIT_ASSERT(vips_image_get_interpretation(out.get()) == VIPS_INTERPRETATION_sRGB);
  }

 private:
  const VipsImageProcessor& processor() {
    static const VipsImageProcessor instance{withoutSiblings(config::ImagesConfig{})};
    return instance;
  }

  // Also checks the reason noted for the access log and the metrics.
  void expectRefusal(const fs::path& input, const std::string& message) {
    observe::clearNotes();
    auto result = processor().process(ImageKind::kProfile, input, work_);
    // The header limits' messages ("Image is 30000x1; ...", "Image has 500
    // frames; ...") are a bomb's.
    const std::string reason =
        message.rfind("Unsupported", 0) == 0                                        ? "bad_type"
        : message.rfind("Image is ", 0) == 0 || message.rfind("Image has ", 0) == 0 ? "bomb"
                                                                                    : "corrupt";
    CPPUNIT_ASSERT_EQUAL_MESSAGE(input.string(), reason, observe::notes().outcome);
    CPPUNIT_ASSERT_MESSAGE(input.string() + " was accepted", !result);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(),
                           result.status().code() == StatusCode::kInvalidImage);
    CPPUNIT_ASSERT_EQUAL(message, result.status().message());
    CPPUNIT_ASSERT(fs::is_empty(work_));
  }

  std::size_t work_files() const { return dir_ ? TempDirCount(work_) : 0; }
  static std::size_t TempDirCount(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsImageProcessorTest, "image");

}  // namespace
}  // namespace userimg::image
