// The image pipeline seen from outside: a phone-like photo, stored rotated
// by an EXIF tag and carrying GPS coordinates, uploaded through nginx on both
// surfaces, comes back (fetched from the served URL) upright, bounded and
// without any EXIF; its variants are served at their configured sizes; a
// crop sent with it cuts the profile squares, or is the stored cover.

#include <cppunit/extensions/HelperMacros.h>
#include <vips/vips.h>

#include <filesystem>
#include <string>

#include "image/image_fixtures.h"
#include "it_support.h"

namespace userimg::it {
namespace {

namespace fs = std::filesystem;
namespace testing = image::testing;
using testing::contains;
using testing::Image;

// The photo: 1600x1200 stored, left half red and right half blue, tagged
// orientation 6 (display rotated 90 degrees clockwise, so upright it is
// 1200x1600 with red on top), with a GPS EXIF block spliced in.
std::string rotatedGpsPhoto(const fs::path& dir) {
  Image red = testing::solidImage(800, 1200, 230, 20, 20);
  Image blue = testing::solidImage(800, 1200, 20, 20, 230);
  VipsImage* joined = nullptr;
  CPPUNIT_ASSERT(vips_join(red.get(), blue.get(), &joined, VIPS_DIRECTION_HORIZONTAL, nullptr) ==
                 0);
  Image photo(joined);
  const fs::path plain = dir / "plain.jpg";
  testing::save(photo.get(), plain, "[strip]");
  // One EXIF block, as a phone writes it: orientation and GPS together.
  const std::string bytes =
      testing::spliceAfterSoi(testing::readBytes(plain), testing::gpsExifSegment(6));
  const fs::path tagged = dir / "rotated.jpg";
  testing::writeBytes(tagged, bytes);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("fixture orientation", 6,
                               vips_image_get_orientation(testing::load(tagged).get()));
  CPPUNIT_ASSERT_MESSAGE("fixture lacks its GPS block", contains(bytes, testing::kGpsDatum));
  return bytes;
}

// Fetches `url` through nginx and loads it with libvips.
Image fetchImage(const std::string& url, const fs::path& dir, std::string& bytes) {
  Reply reply = get(url, "");
  CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
  bytes = reply.body;
  const fs::path file = dir / "fetched.jpg";
  testing::writeBytes(file, bytes);
  return testing::load(file);
}

const unsigned char* pixel(VipsImage* image, int x, int y) {
  VipsRegion* region = vips_region_new(image);
  VipsRect rect{x, y, 1, 1};
  CPPUNIT_ASSERT(vips_region_prepare(region, &rect) == 0);
  static thread_local unsigned char out[4];
  const auto* p = reinterpret_cast<const unsigned char*>(VIPS_REGION_ADDR(region, x, y));
  for (int band = 0; band < std::min(image->Bands, 4); ++band) out[band] = p[band];
  g_object_unref(region);
  return out;
}

void assertUprightAndClean(const std::string& url, int width, int height, const fs::path& dir) {
  std::string bytes;
  Image image = fetchImage(url, dir, bytes);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("served width of " + url, width, image->Xsize);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("served height of " + url, height, image->Ysize);
  CPPUNIT_ASSERT_MESSAGE("EXIF survived in " + url,
                         vips_image_get_typeof(image.get(), "exif-data") == 0);
  CPPUNIT_ASSERT_MESSAGE("GPS bytes survived in " + url, !contains(bytes, testing::kGpsDatum));
  CPPUNIT_ASSERT_MESSAGE("an Exif APP1 segment survived in " + url, !contains(bytes, "Exif"));
  CPPUNIT_ASSERT_MESSAGE("top of " + url + " is not red: not upright",
                         pixel(image.get(), width / 2, height / 8)[0] > 180);
  CPPUNIT_ASSERT_MESSAGE("bottom of " + url + " is not blue: not upright",
                         pixel(image.get(), width / 2, height * 7 / 8)[2] > 180);
}

class ImagePipelineTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImagePipelineTest);
  CPPUNIT_TEST(testProfileViaSurfaceAIsUprightBoundedAndStripped);
  CPPUNIT_TEST(testCoverViaSurfaceBIsUprightUnscaledAndStripped);
  CPPUNIT_TEST(testProfileVariantsAreServedAtTheirSizes);
  CPPUNIT_TEST(testProfileCropViaSurfaceBCutsTheSquares);
  CPPUNIT_TEST(testCoverCropViaSurfaceAIsTheStoredCover);
  CPPUNIT_TEST(testCropOutsideTheImageIs400AndKeepsThePreviousImage);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    testing::ensureLibrary();
    dir_ = std::make_unique<testing::TempDir>();
    photo_ = rotatedGpsPhoto(dir_->path());
  }
  void tearDown() override { dir_.reset(); }

  void testProfileViaSurfaceAIsUprightBoundedAndStripped() {
    const std::string token = mintToken(uniqueUserId("pipeline-a"));
    Reply reply = postMultipart("/api/resume/user-images/", token,
                                {{"profile_image", "phone.jpg", "image/jpeg", photo_}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    // Upright it is 1200x1600; a profile image's longest side is 1024.
    assertUprightAndClean(reply.jsonString("profile_image"), 768, 1024, dir_->path());
  }

  void testCoverViaSurfaceBIsUprightUnscaledAndStripped() {
    const std::string token = mintToken(uniqueUserId("pipeline-b"));
    Reply reply = postMultipart("/users/me/cover-image", token,
                                {{"file", "phone.jpg", "image/jpeg", photo_}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    // 1200 wide is under the cover limit (2560): never enlarged.
    assertUprightAndClean(reply.jsonString("image_url"), 1200, 1600, dir_->path());

    Reply me = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
    auto cover = me.json()->getObject("cover_image");
    CPPUNIT_ASSERT_MESSAGE("GET /users/me lacks cover_image metadata: " + me.describe(), cover);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 1200, cover->getValue<int>("width"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 1600, cover->getValue<int>("height"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), std::string("image/jpeg"),
                                 cover->getValue<std::string>("content_type"));
    CPPUNIT_ASSERT_MESSAGE(me.describe(), cover->getValue<Poco::Int64>("bytes") > 0);
  }

  void testProfileVariantsAreServedAtTheirSizes() {
    const std::string token = mintToken(uniqueUserId("pipeline-variants"));
    Reply reply = postMultipart("/users/me/profile-image", token,
                                {{"file", "phone.jpg", "image/jpeg", photo_}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    auto variants = reply.json()->getObject("variants");
    CPPUNIT_ASSERT_MESSAGE("no variants object: " + reply.describe(), variants);
    for (int side : {64, 128, 256}) {
      const std::string name = std::to_string(side);
      CPPUNIT_ASSERT_MESSAGE("variant " + name + " missing: " + reply.describe(),
                             variants->has(name));
      std::string bytes;
      Image image = fetchImage(variants->getValue<std::string>(name), dir_->path(), bytes);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("width of variant " + name, side, image->Xsize);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("height of variant " + name, side, image->Ysize);
      CPPUNIT_ASSERT_MESSAGE("GPS bytes survived in variant " + name,
                             !contains(bytes, testing::kGpsDatum));
    }
  }

  void testProfileCropViaSurfaceBCutsTheSquares() {
    // Upright the photo is 1200x1600, red above blue: the bottom half's
    // squares are blue; the stored image stays whole (red on top).
    const std::string token = mintToken(uniqueUserId("pipeline-crop-b"));
    Reply reply = postMultipart(
        "/users/me/profile-image", token,
        {{"file", "phone.jpg", "image/jpeg", photo_}, {"crop", "", "", "0,800,1200,800"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    assertUprightAndClean(reply.jsonString("image_url"), 768, 1024, dir_->path());
    auto variants = reply.json()->getObject("variants");
    CPPUNIT_ASSERT_MESSAGE("no variants object: " + reply.describe(), variants);
    for (const std::string name : {"64", "128", "256"}) {
      std::string bytes;
      Image square = fetchImage(variants->getValue<std::string>(name), dir_->path(), bytes);
      const unsigned char* centre = pixel(square.get(), square->Xsize / 2, square->Ysize / 2);
      CPPUNIT_ASSERT_MESSAGE("variant " + name + " is not from the crop (not blue)",
                             centre[2] > 180 && centre[0] < 80);
    }
  }

  void testCoverCropViaSurfaceAIsTheStoredCover() {
    const std::string token = mintToken(uniqueUserId("pipeline-crop-a"));
    Reply reply = postMultipart("/api/resume/user-images/", token,
                                {{"cover_image", "phone.jpg", "image/jpeg", photo_},
                                 {"cover_image_crop", "", "", "100,0,1000,500"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    std::string bytes;
    Image cover = fetchImage(reply.jsonString("cover_image"), dir_->path(), bytes);
    CPPUNIT_ASSERT_EQUAL(1000, cover->Xsize);
    CPPUNIT_ASSERT_EQUAL(500, cover->Ysize);
    CPPUNIT_ASSERT_MESSAGE("the cover is not the crop of the red top",
                           pixel(cover.get(), 500, 250)[0] > 180);
  }

  void testCropOutsideTheImageIs400AndKeepsThePreviousImage() {
    const std::string token = mintToken(uniqueUserId("pipeline-crop-bad"));
    Reply first = postMultipart("/api/resume/user-images/", token,
                                {{"profile_image", "phone.jpg", "image/jpeg", photo_}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string before = first.jsonString("profile_image");

    Reply a = postMultipart("/api/resume/user-images/", token,
                            {{"profile_image", "phone.jpg", "image/jpeg", photo_},
                             {"profile_image_crop", "", "", "0,0,1201,100"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(a.describe(), 400, a.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(a.describe(),
                                 std::string("crop 0,0,1201,100 is outside the 1200x1600 image"),
                                 a.jsonString("error"));
    Reply b = postMultipart(
        "/users/me/profile-image", token,
        {{"file", "phone.jpg", "image/jpeg", photo_}, {"crop", "", "", "10,10,x,10"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(b.describe(), 400, b.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(b.describe(),
                                 std::string("crop: crop must be x,y,width,height in whole pixels"),
                                 b.jsonString("detail"));

    Reply after = get("/api/resume/user-images/", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(after.describe(), 200, after.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "the previous image must stay: " + after.describe(), before,
        after.json()->getObject("images")->getValue<std::string>("profile_image"));
    CPPUNIT_ASSERT_EQUAL(200, get(before, "").status);
  }

 private:
  std::unique_ptr<testing::TempDir> dir_;
  std::string photo_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImagePipelineTest, "image_pipeline");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("image_pipeline");

}  // namespace
}  // namespace userimg::it
