#include "image/placeholder/blurhash.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <glib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "image/image_fixtures.h"
#include "image/placeholder/test_pixels.h"

namespace userimg::image::placeholder {
namespace {

using fixtures::blank;
using fixtures::Pixels;
using fixtures::solid;

// The pattern the reference vectors below were made from: a red ramp across,
// a green ramp down and blue noise of every frequency.
Pixels pattern(int width, int height) {
  Pixels p = blank(width, height, 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* q = p.at(x, y);
      q[0] = static_cast<std::uint8_t>(x * 255 / (width - 1));
      q[1] = static_cast<std::uint8_t>(y * 255 / (height - 1));
      q[2] = static_cast<std::uint8_t>(((x ^ y) * 37) & 0xFF);
    }
  }
  return p;
}

// A reference image of tests/image/placeholder/data, with the bands it has.
Pixels referenceImage(const std::string& name) {
  testing::ensureLibrary();
  testing::Image image = testing::load(std::filesystem::path(USERIMG_PLACEHOLDER_DATA) / name);
  CPPUNIT_ASSERT(vips_image_get_format(image.get()) == VIPS_FORMAT_UCHAR);
  std::size_t size = 0;
  void* memory = vips_image_write_to_memory(image.get(), &size);
  CPPUNIT_ASSERT(memory != nullptr);
  const auto* bytes = static_cast<const std::uint8_t*>(memory);
  Pixels p{vips_image_get_width(image.get()), vips_image_get_height(image.get()),
           vips_image_get_bands(image.get()), std::vector<std::uint8_t>(bytes, bytes + size)};
  g_free(memory);
  return p;
}

std::string encode(const PixelView& view, int x, int y) {
  core::Result<std::string> hash = blurhashEncode(view, x, y);
  CPPUNIT_ASSERT_MESSAGE(hash.status().toString(), hash.ok());
  return *hash;
}

std::string refusal(const core::Status& status) {
  CPPUNIT_ASSERT(!status.isOk());
  CPPUNIT_ASSERT(status.code() == core::StatusCode::kInvalidArgument);
  return status.message();
}

std::vector<std::uint8_t> decode(const std::string& hash, int width, int height) {
  core::Result<std::vector<std::uint8_t>> pixels = blurhashDecode(hash, width, height);
  CPPUNIT_ASSERT_MESSAGE(pixels.status().toString(), pixels.ok());
  return *pixels;
}

class BlurhashTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BlurhashTest);
  CPPUNIT_TEST(testEncodesBase83Digits);
  CPPUNIT_TEST(testRefusesNonBase83Digits);
  CPPUNIT_TEST(testWritesComponentCountAndLength);
  CPPUNIT_TEST(testWritesQuantisedMaximumOfAcTerms);
  CPPUNIT_TEST(testKeepsUniformColourExactlyInDcTerm);
  CPPUNIT_TEST(testAveragesInLinearLight);
  CPPUNIT_TEST(testEncodesReferenceImages);
  CPPUNIT_TEST(testMatchesReferenceEncoderOnPixelArrays);
  CPPUNIT_TEST(testDecodesReferenceHashes);
  CPPUNIT_TEST(testDecodesToRequestedSize);
  CPPUNIT_TEST(testRoundTripsHashes);
  CPPUNIT_TEST(testCompositesAlphaOntoWhite);
  CPPUNIT_TEST(testReadsRowsByStride);
  CPPUNIT_TEST(testRefusesInvalidComponents);
  CPPUNIT_TEST(testRefusesInvalidPixelViews);
  CPPUNIT_TEST(testRefusesMalformedHashes);
  CPPUNIT_TEST(testRefusesInvalidDecodeSizes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEncodesBase83Digits() {
    CPPUNIT_ASSERT_EQUAL(std::string("0"), base83Encode(0, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("A"), base83Encode(10, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("a"), base83Encode(36, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("#"), base83Encode(62, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("~"), base83Encode(82, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("10"), base83Encode(83, 2));
    CPPUNIT_ASSERT_EQUAL(std::string("~~"), base83Encode(83 * 83 - 1, 2));
    // An AC term of three zeros (level 9 of 19 each): 9 x 361 + 9 x 19 + 9.
    CPPUNIT_ASSERT_EQUAL(std::string("fQ"), base83Encode(3429, 2));
    // The DC term of "LEHV6nWB2yk8pyo0adR*.7kCMdnj": sRGB (151, 150, 149).
    CPPUNIT_ASSERT_EQUAL(std::string("HV6n"), base83Encode(0x979695, 4));
    CPPUNIT_ASSERT_EQUAL(std::string("0000"), base83Encode(0, 4));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), base83Encode(83, 1));  // modulo 83^digits
    const std::string alphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    for (std::uint32_t i = 0; i < 83; ++i) {
      CPPUNIT_ASSERT_EQUAL(alphabet.substr(i, 1), base83Encode(i, 1));
    }
    for (std::uint32_t v : {0u, 1u, 82u, 83u, 6858u, 0xFFFFFFu, 83u * 83 * 83 * 83 - 1}) {
      CPPUNIT_ASSERT_EQUAL(static_cast<std::int32_t>(v), base83Decode(base83Encode(v, 4)));
    }
    CPPUNIT_ASSERT_EQUAL(std::int32_t{0x979695}, base83Decode("HV6n"));
  }

  void testRefusesNonBase83Digits() {
    CPPUNIT_ASSERT_EQUAL(std::int32_t{-1}, base83Decode(""));
    CPPUNIT_ASSERT_EQUAL(std::int32_t{-1}, base83Decode("00000"));
    for (const char* bad : {" ", "\"", "'", "/", "\\", "&", "<", "!", "`", "(", ")"}) {
      CPPUNIT_ASSERT_EQUAL(std::int32_t{-1}, base83Decode(bad));
    }
    CPPUNIT_ASSERT_EQUAL(std::int32_t{-1}, base83Decode(std::string_view("0\0", 2)));
  }

  void testWritesComponentCountAndLength() {
    const Pixels p = pattern(16, 12);
    for (int x = 1; x <= 9; ++x) {
      for (int y = 1; y <= 9; ++y) {
        const std::string hash = encode(p.view(), x, y);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4 + 2 * x * y), hash.size());
        CPPUNIT_ASSERT_EQUAL(base83Encode((x - 1) + (y - 1) * 9, 1), hash.substr(0, 1));
      }
    }
    CPPUNIT_ASSERT_EQUAL('L', encode(p.view(), 4, 3)[0]);
    CPPUNIT_ASSERT_EQUAL('|', encode(p.view(), 9, 9)[0]);
  }

  void testWritesQuantisedMaximumOfAcTerms() {
    // No AC term: the maximum character is 0 whatever the image.
    CPPUNIT_ASSERT_EQUAL('0', encode(pattern(16, 12).view(), 1, 1)[1]);
    // 8x1, black but for pixel 0 at sRGB 188 (linear 0.5029): the one AC
    // term is 2 x 0.5029 / 8 = 0.1257 a channel; floor(0.1257 x 166 - 0.5)
    // = 20 ("K"), so the maximum is 21 / 166 and the term, nearly that, is
    // level 18 in each channel: 18 x 361 + 18 x 19 + 18 = 6858 ("~q"). The
    // DC term is 0.5029 / 8 = 0.0629, sRGB 71 (0x474747, "8E6$").
    Pixels dot = solid(8, 1, {0, 0, 0});
    std::fill_n(dot.at(0, 0), 3, 188);
    CPPUNIT_ASSERT_EQUAL(std::string("1K8E6$~q"), encode(dot.view(), 2, 1));
    // Black left half, white right half: the term is -0.503, beyond the
    // largest maximum (83 / 166): clamped to 82 ("~") and to level 0 ("00").
    Pixels halves = solid(8, 2, {0, 0, 0});
    for (int y = 0; y < 2; ++y) {
      for (int x = 4; x < 8; ++x) std::fill_n(halves.at(x, y), 3, 255);
    }
    CPPUNIT_ASSERT_EQUAL(std::string("1~Lqe900"), encode(halves.view(), 2, 1));
  }

  void testKeepsUniformColourExactlyInDcTerm() {
    for (const std::vector<std::uint8_t>& colour : std::vector<std::vector<std::uint8_t>>{
             {0, 0, 0}, {255, 255, 255}, {12, 200, 99}, {1, 2, 3}}) {
      const std::string hash = encode(solid(7, 5, colour).view(), 4, 3);
      const std::uint32_t rgb = (colour[0] << 16) | (colour[1] << 8) | colour[2];
      CPPUNIT_ASSERT_EQUAL(base83Encode(rgb, 4), hash.substr(2, 4));
    }
  }

  void testAveragesInLinearLight() {
    // Half black, half white: the mean is 0.5 in linear light, sRGB 188
    // (averaging the sRGB bytes would give 128).
    Pixels p = solid(4, 4, {0, 0, 0});
    for (int y = 0; y < 4; ++y) {
      for (int x = 0; x < 4; x += 2) std::fill_n(p.at(x, y), 3, 255);
    }
    CPPUNIT_ASSERT_EQUAL(base83Encode(0xBCBCBC, 4), encode(p.view(), 1, 1).substr(2, 4));
  }

  // Published with the algorithm (see tests/image/placeholder/data/README.md).
  // pic1 and pic2 are RGBA, pic2_bw grey and alpha (all opaque).
  void testEncodesReferenceImages() {
    const Pixels pic1 = referenceImage("pic1.png");
    CPPUNIT_ASSERT_EQUAL(4, pic1.channels);
    CPPUNIT_ASSERT_EQUAL(std::string("LaJHjmVu8_~po#smR+a~xaoLWCRj"), encode(pic1.view(), 4, 3));
    CPPUNIT_ASSERT_EQUAL(std::string("LlMF%n00%#MwS|WCWEM{R*bbWBbH"),
                         encode(referenceImage("pic2.png").view(), 4, 3));
    const Pixels bw = referenceImage("pic2_bw.png");
    CPPUNIT_ASSERT_EQUAL(2, bw.channels);
    CPPUNIT_ASSERT_EQUAL(std::string("LjIY5?00?bIUofWBWBM{WBofWBj["), encode(bw.view(), 4, 3));
  }

  // Made by running woltapp/blurhash's C encoder (C/encode.c at commit
  // 0a1f978, blurHashForPixels) on pattern(); its Swift and Python encoders
  // agree with it. (Its TypeScript encoder does not on the first four: it
  // takes the largest signed AC value where the others take the largest
  // magnitude.)
  void testMatchesReferenceEncoderOnPixelArrays() {
    CPPUNIT_ASSERT_EQUAL(std::string("L$HewM2rwwX8l}WBjse=gJfkfOfi"),
                         encode(pattern(32, 24).view(), 4, 3));
    CPPUNIT_ASSERT_EQUAL(
        std::string("|$HewM2rwwX8a|ofWpofWpl}WBjse=fQe:fOe;fQgJfkfOfifRfkfNfhfQn,WpjvfRfNfPfSfQfRe;"
                    "fPfOfRfPfRfNfOfQofWqjrfPfQfPfOfOfSeqfQfPfQfPfRfOfSfMoyWojtfRfQfRfSfRfNeqfQfSf"
                    "PfOfOfTfSfQ"),
        encode(pattern(32, 24).view(), 9, 9));
    CPPUNIT_ASSERT_EQUAL(std::string("00HewM"), encode(pattern(32, 24).view(), 1, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("D$Hx+m2=wzkUSJuvR+jre.a}"),
                         encode(pattern(17, 11).view(), 5, 2));
    CPPUNIT_ASSERT_EQUAL(std::string("U$HV9s2Y$5Sghpawjsf8gcfifPfji~a}jtfO"),
                         encode(pattern(64, 64).view(), 4, 4));
    // A flat image: only the terms even along both axes are 0 ("fQ"). The
    // cosines are sampled at x / width, so a row of cos(pi x / 8) sums to 1,
    // not 0, and the (1, 0) term is 2 x DC / 8: the largest (with (0, 1)),
    // it sets the maximum, and its blue, the brightest channel, is level 18.
    // The leak shrinks as 1 / width.
    CPPUNIT_ASSERT_EQUAL(std::string("LN4p@pp3fQp3p3j^fQj^fQfQfQfQ"),
                         encode(solid(8, 8, {40, 90, 200}).view(), 4, 3));
    CPPUNIT_ASSERT_EQUAL(std::string("L24p@pp3fQp3p3fRfQfRfQfQfQfQ"),
                         encode(solid(64, 64, {40, 90, 200}).view(), 4, 3));
  }

  // Painted at 4x3 by woltapp/blurhash's C decoder (C/decode.c at 0a1f978)
  // and its TypeScript decoder (TypeScript/src/decode.ts), which agree to the
  // byte. The first hash is the one its README and tests decode.
  void testDecodesReferenceHashes() {
    const struct {
      const char* hash;
      std::vector<int> rgb;
    } kCases[] = {
        {"LEHV6nWB2yk8pyo0adR*.7kCMdnj",
         {135, 164, 177, 161, 173, 177, 181, 180, 171, 160, 172, 174,
          124, 154, 169, 148, 148, 154, 164, 145, 134, 146, 152, 155,
          124, 144, 154, 144, 134, 132, 163, 130, 104, 148, 140, 134}},
        {"LlMF%n00%#MwS|WCWEM{R*bbWBbH",
         {91,  67,  0,  157, 134, 116, 171, 122, 80, 204, 178, 151, 135, 88, 0,  167, 128, 113,
          178, 115, 80, 215, 183, 162, 162, 109, 59, 167, 109, 98,  181, 99, 80, 224, 183, 169}},
        {"LaJHjmVu8_~po#smR+a~xaoLWCRj",
         {186, 159, 154, 153, 129, 132, 205, 201, 193, 198, 196, 183,
          180, 160, 148, 124, 104, 107, 189, 190, 182, 194, 193, 177,
          179, 157, 136, 115, 94,  94,  183, 184, 174, 195, 189, 167}},
    };
    for (const auto& c : kCases) {
      const std::vector<std::uint8_t> pixels = decode(c.hash, 4, 3);
      CPPUNIT_ASSERT_EQUAL(c.rgb.size(), pixels.size());
      for (std::size_t i = 0; i < pixels.size(); ++i) {
        CPPUNIT_ASSERT_MESSAGE(std::string(c.hash) + " byte " + std::to_string(i),
                               std::abs(pixels[i] - c.rgb[i]) <= 1);
      }
    }
  }

  void testDecodesToRequestedSize() {
    CPPUNIT_ASSERT_EQUAL(std::size_t{32 * 20 * 3},
                         decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 32, 20).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 1, 1).size());
    // A hash whose AC terms are all 0 paints its DC colour everywhere.
    std::string flat = "L0" + base83Encode(0x0CC863, 4);
    for (int k = 1; k < 12; ++k) flat += "fQ";
    const std::vector<std::uint8_t> pixels = decode(flat, 5, 3);
    for (std::size_t i = 0; i < pixels.size(); i += 3) {
      CPPUNIT_ASSERT(pixels[i] == 12 && pixels[i + 1] == 200 && pixels[i + 2] == 99);
    }
  }

  // encode(decode(h)) == h holds exactly for 1x1 hashes only, here as in the
  // reference implementation: BlurHash samples its cosines at x / width, not
  // at pixel centres, so they are not orthogonal on a pixel grid (a flat
  // image leaks 2 x DC / width into every odd term, see
  // testMatchesReferenceEncoderOnPixelArrays), and the square-root
  // quantisation is fine enough near 0 to show it. So: 1x1 hashes come back
  // exactly, and larger ones come back as the reference's C decoder and
  // encoder bring them back (C/decode.c and C/encode.c at 0a1f978).
  void testRoundTripsHashes() {
    for (std::uint32_t rgb : {0x000000u, 0xFFFFFFu, 0x0CC863u, 0x7F8081u}) {
      const std::string hash = "00" + base83Encode(rgb, 4);
      for (int side : {1, 7, 32}) {
        const std::vector<std::uint8_t> pixels = decode(hash, side, side);
        const PixelView view{side, side, 3, static_cast<std::size_t>(side) * 3, pixels.data()};
        CPPUNIT_ASSERT_EQUAL(hash, encode(view, 1, 1));
      }
    }
    const struct {
      const char* hash;
      int side;
      const char* again;
    } kCases[] = {
        {"LEHV6nWB2yk8pyo0adR*.7kCMdnj", 32, "LIHV6ot875tRyZj[WBWq%gj[VsjZ"},
        {"LEHV6nWB2yk8pyo0adR*.7kCMdnj", 128, "LFHV6nbH2yoxu6j@axWV.7j[RPjZ"},
        {"LlMF%n00%#MwS|WCWEM{R*bbWBbH", 128, "LkMFzf00%#MwS}WCa#RjR*bHaybH"},
        {"LaJHjmVu8_~po#smR+a~xaoLWCRj", 64, "LbJR8Ma28_~ptRoLWCj]xaoLafWB"},
    };
    for (const auto& c : kCases) {
      const std::vector<std::uint8_t> pixels = decode(c.hash, c.side, c.side);
      const PixelView view{c.side, c.side, 3, static_cast<std::size_t>(c.side) * 3, pixels.data()};
      CPPUNIT_ASSERT_EQUAL(std::string(c.again), encode(view, 4, 3));
    }
  }

  void testCompositesAlphaOntoWhite() {
    // Opaque RGBA is RGB.
    CPPUNIT_ASSERT_EQUAL(encode(pattern(16, 12).view(), 4, 3),
                         encode(withAlpha(pattern(16, 12), 255).view(), 4, 3));
    // Transparent black is white, not black (what ignoring alpha gives).
    const std::string white = encode(solid(8, 8, {255, 255, 255}).view(), 4, 3);
    CPPUNIT_ASSERT_EQUAL(white, encode(solid(8, 8, {0, 0, 0, 0}).view(), 4, 3));
    CPPUNIT_ASSERT(white != encode(solid(8, 8, {0, 0, 0}).view(), 4, 3));
    // Half-transparent red on white: (255, 127, 127), composited in sRGB.
    CPPUNIT_ASSERT_EQUAL(encode(solid(8, 8, {255, 127, 127}).view(), 4, 3),
                         encode(solid(8, 8, {255, 0, 0, 128}).view(), 4, 3));
    // Grey and alpha alike: grey 0 at alpha 64 is grey 191.
    CPPUNIT_ASSERT_EQUAL(encode(solid(8, 8, {191, 191, 191}).view(), 4, 3),
                         encode(solid(8, 8, {0, 64}).view(), 4, 3));
    CPPUNIT_ASSERT_EQUAL(encode(solid(8, 8, {70, 70, 70}).view(), 4, 3),
                         encode(solid(8, 8, {70}).view(), 4, 3));
  }

  void testReadsRowsByStride() {
    const Pixels packed = pattern(10, 6);
    std::vector<std::uint8_t> padded(static_cast<std::size_t>(6) * 37, 0xAB);
    for (int y = 0; y < 6; ++y) {
      std::copy_n(packed.bytes.data() + y * 30, 30, padded.data() + y * 37);
    }
    const PixelView view{10, 6, 3, 37, padded.data()};
    CPPUNIT_ASSERT_EQUAL(encode(packed.view(), 4, 3), encode(view, 4, 3));
  }

  void testRefusesInvalidComponents() {
    const Pixels p = pattern(8, 8);
    CPPUNIT_ASSERT_EQUAL(std::string("BlurHash components must be 1-9 along each axis; got 0x3"),
                         refusal(blurhashEncode(p.view(), 0, 3).status()));
    CPPUNIT_ASSERT_EQUAL(std::string("BlurHash components must be 1-9 along each axis; got 4x10"),
                         refusal(blurhashEncode(p.view(), 4, 10).status()));
    refusal(blurhashEncode(p.view(), -1, -1).status());
  }

  void testRefusesInvalidPixelViews() {
    const std::uint8_t bytes[16] = {};
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view is 0x4; it needs a pixel"),
                         refusal(blurhashEncode({0, 4, 3, 0, bytes}, 4, 3).status()));
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view is 4x-1; it needs a pixel"),
                         refusal(blurhashEncode({4, -1, 3, 12, bytes}, 4, 3).status()));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Pixel view has 5 channels; it needs 1 to 4 (grey, grey and alpha, RGB, RGBA)"),
        refusal(blurhashEncode({1, 1, 5, 5, bytes}, 4, 3).status()));
    refusal(blurhashEncode({1, 1, 0, 5, bytes}, 4, 3).status());
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view's stride is 5 bytes; a row needs 6"),
                         refusal(blurhashEncode({2, 2, 3, 5, bytes}, 4, 3).status()));
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view has no data"),
                         refusal(blurhashEncode({2, 2, 3, 6, nullptr}, 4, 3).status()));
    CPPUNIT_ASSERT(checkPixelView({1, 1, 4, 4, bytes}).isOk());
  }

  void testRefusesMalformedHashes() {
    const auto refusalOf = [](std::string_view hash) {
      return refusal(blurhashDecode(hash, 4, 4).status());
    };
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: bad size character"), refusalOf(""));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: bad size character"), refusalOf("~0000000"));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: bad size character"), refusalOf(" 0HewM"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Not a BlurHash: 27 characters where its size character says 28"),
        refusalOf("LEHV6nWB2yk8pyo0adR*.7kCMdn"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Not a BlurHash: 29 characters where its size character says 28"),
        refusalOf("LEHV6nWB2yk8pyo0adR*.7kCMdnjj"));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: a character outside base 83"),
                         refusalOf("LEHV6nWB2yk8pyo0adR*.7kCMd j"));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: a character outside base 83"),
                         refusalOf("L\"HV6nWB2yk8pyo0adR*.7kCMdnj"));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: a character outside base 83"),
                         refusalOf("00He\"M"));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: DC value beyond 24-bit RGB"),
                         refusalOf("00~~~~"));
    CPPUNIT_ASSERT_EQUAL(std::string("Not a BlurHash: AC value beyond 19 levels a channel"),
                         refusalOf("10HewM~r"));
    CPPUNIT_ASSERT(blurhashDecode("10HewM~q", 4, 4).ok());  // 6858: the largest AC value
  }

  void testRefusesInvalidDecodeSizes() {
    for (const auto& [w, h] :
         std::vector<std::pair<int, int>>{{0, 4}, {4, 0}, {-3, 4}, {1025, 4}, {4, 1025}}) {
      CPPUNIT_ASSERT_EQUAL(std::string("BlurHash decode size must be 1-1024 a side; got ") +
                               std::to_string(w) + "x" + std::to_string(h),
                           refusal(blurhashDecode("00HewM", w, h).status()));
    }
    CPPUNIT_ASSERT(blurhashDecode("00HewM", 1024, 1).ok());
  }

 private:
  static Pixels withAlpha(const Pixels& rgb, std::uint8_t alpha) {
    Pixels p = blank(rgb.width, rgb.height, 4);
    for (std::size_t i = 0, o = 0; i < rgb.bytes.size(); i += 3, o += 4) {
      std::copy_n(rgb.bytes.data() + i, 3, p.bytes.data() + o);
      p.bytes[o + 3] = alpha;
    }
    return p;
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BlurhashTest, "image_placeholder");

}  // namespace
}  // namespace userimg::image::placeholder
