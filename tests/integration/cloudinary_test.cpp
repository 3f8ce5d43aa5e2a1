// The Cloudinary backend through nginx, against the strict
// cloudinary-test-server (stack "cloudinary": backend = cloudinary,
// credentials from CLOUDINARY_URL, sweeper every second, retries after 1 s,
// gc without grace period). Failures are injected with the server's
// POST /__control and outcomes read from GET /__state.
//
//   USERIMG_IT_CLOUDINARY_BASE    http://127.0.0.1:PORT of the test server
//   USERIMG_IT_CLOUDINARY_SECRET  its API secret (must never leak)
//   CLOUDINARY_URL                the credentials the app uses (for gc and planting)
//   USERIMG_IT_APP_LOG            the app's log

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "config/cloudinary_config.h"
#include "core/clock.h"
#include "integration/gc_support.h"
#include "integration/it_support.h"
#include "storage/cloudinary/cloudinary_blob_store.h"

namespace userimg::it {
namespace {

constexpr const char* kMe = "/users/me";
constexpr const char* kProfile = "/users/me/profile-image";
constexpr const char* kCover = "/users/me/cover-image";
constexpr const char* kImages = "/api/resume/user-images/";
constexpr const char* kUploadPath = "/v1_1/it-cloud/image/upload";
constexpr const char* kDestroyPath = "/v1_1/it-cloud/image/destroy";

std::string serverBase() {
  return requireEnv("USERIMG_IT_CLOUDINARY_BASE");
}

// POST /__control with `json`.
void control(const std::string& json) {
  const HttpReply reply = httpRequest("POST", serverBase() + "/__control", json);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("POST /__control " + json + ": " + reply.body, 200, reply.status);
}

void failNext(const std::string& mode, int count, const std::string& match, int delayMs = 10000) {
  control(R"({"mode": ")" + mode + R"(", "count": )" + std::to_string(count) + R"(, "match": ")" +
          match + R"(", "delay_ms": )" + std::to_string(delayMs) + "}");
}

void recover() {
  control(R"({"mode": "ok", "count": 0})");
}

// Puts the server back to normal whatever the test did.
struct Recover {
  ~Recover() {
    try {
      recover();
    } catch (...) {
    }
  }
};

std::set<std::string> stateIds(const std::string& member) {
  auto state = httpJson(serverBase() + "/__state");
  std::set<std::string> ids;
  auto array = state->getArray(member);
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (member == "resources") {
      ids.insert(array->getObject(static_cast<unsigned>(i))->getValue<std::string>("public_id"));
    } else {
      ids.insert(array->getElement<std::string>(static_cast<unsigned>(i)));
    }
  }
  return ids;
}

bool stored(const std::string& publicId) {
  return stateIds("resources").count(publicId) > 0;
}
bool destroyed(const std::string& publicId) {
  return stateIds("destroyed").count(publicId) > 0;
}

// The public ID inside a delivery URL:
// http://127.0.0.1:P/it-cloud/image/upload/v123/profile_images/<uuid>.jpg
std::string publicIdOf(const std::string& url) {
  const std::string marker = "/it-cloud/image/upload/";
  const auto at = url.find(marker);
  CPPUNIT_ASSERT_MESSAGE("not a delivery URL of the test server: " + url, at != std::string::npos);
  std::string rest = url.substr(at + marker.size());
  if (!rest.empty() && rest[0] == 'v' && rest.find('/') != std::string::npos) {
    rest = rest.substr(rest.find('/') + 1);
  }
  const auto dot = rest.rfind('.');
  return dot == std::string::npos ? rest : rest.substr(0, dot);
}

// Fails unless `url` is the test server's and answers 200 with an image.
void assertDelivered(const std::string& url) {
  CPPUNIT_ASSERT_MESSAGE("image URL " + url + " is not the test server's",
                         url.rfind(serverBase() + "/it-cloud/image/upload/", 0) == 0);
  const HttpReply reply = httpRequest("GET", url);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("fetching " + url, 200, reply.status);
  CPPUNIT_ASSERT_MESSAGE("content type " + reply.contentType,
                         reply.contentType.rfind("image/", 0) == 0);
}

Part filePart() {
  return {"file", "photo.jpg", "image/jpeg", jpegImage(64, 48)};
}

std::string uploadProfileB(const std::string& token) {
  Reply reply = postMultipart(kProfile, token, {filePart()});
  CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
  return reply.jsonString("image_url");
}

std::string meUrl(const std::string& token, const std::string& key) {
  Reply reply = get(kMe, token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
  auto body = reply.json();
  return body->isNull(key) ? std::string() : body->getValue<std::string>(key);
}

bool waitUntil(const std::function<bool()>& condition, double seconds) {
  return eventually(condition, seconds);
}

class CloudinaryTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CloudinaryTest);
  CPPUNIT_TEST(testSurfaceBUploadStoresOnCloudinary);
  CPPUNIT_TEST(testSurfaceAUploadStoresBothKinds);
  CPPUNIT_TEST(testReplaceDestroysPreviousAsset);
  CPPUNIT_TEST(testDeleteDestroysAssetOnBothSurfaces);
  CPPUNIT_TEST(testRefusedUploadIs500AndChangesNothing);
  CPPUNIT_TEST(testTimedOutUploadIs500AndChangesNothing);
  CPPUNIT_TEST(testDeleteWhenDestroyFailsKeepsRecordThenRetrySucceeds);
  CPPUNIT_TEST(testDestroyFailingDuringReplaceIsSweptLater);
  CPPUNIT_TEST(testGcRemovesPlantedOrphansOnlyWithApply);
  CPPUNIT_TEST(testApiSecretNeverLeaks);
  CPPUNIT_TEST(testWebpSiblingsAreDeliveryUrlsConvertedToWebp);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { recover(); }

  void testWebpSiblingsAreDeliveryUrlsConvertedToWebp() {
    const std::string token = mintToken(uniqueUserId("cld-siblings"));
    const std::size_t assetsBefore = stateIds("resources").size();
    Reply reply = postMultipart(kProfile, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("one asset: siblings are made on delivery", assetsBefore + 1,
                                 stateIds("resources").size());
    const auto variants = reply.json()->getObject("variants");
    const auto siblings = reply.json()->getObject("variants_webp");
    CPPUNIT_ASSERT_MESSAGE(reply.describe(), variants && siblings);
    for (const char* name : {"64", "128", "256"}) {
      const std::string jpeg = variants->getValue<std::string>(name);
      const std::string webp = siblings->getValue<std::string>(name);
      // The same transformation and public ID, WebP by the extension.
      CPPUNIT_ASSERT_EQUAL(jpeg + ".webp", webp);
      const HttpReply delivered = httpRequest("GET", webp);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(webp, 200, delivered.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(webp, std::string("image/webp"), delivered.contentType);
      CPPUNIT_ASSERT(delivered.body.size() > 12 && delivered.body.compare(8, 4, "WEBP") == 0);
    }
  }

  void testSurfaceBUploadStoresOnCloudinary() {
    const std::string token = mintToken(uniqueUserId("cld-b"));
    const std::string url = uploadProfileB(token);
    assertDelivered(url);
    const std::string id = publicIdOf(url);
    CPPUNIT_ASSERT_MESSAGE("public ID " + id, id.rfind("profile_images/", 0) == 0);
    CPPUNIT_ASSERT_MESSAGE(id + " must be stored", stored(id));
    CPPUNIT_ASSERT_EQUAL(url, meUrl(token, "profile_image_url"));

    Reply cover = postMultipart(kCover, token, {filePart()});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(cover.describe(), 200, cover.status);
    const std::string coverUrl = cover.jsonString("image_url");
    assertDelivered(coverUrl);
    CPPUNIT_ASSERT(publicIdOf(coverUrl).rfind("cover_images/", 0) == 0);
    CPPUNIT_ASSERT_EQUAL(coverUrl, meUrl(token, "cover_image_url"));
  }

  void testSurfaceAUploadStoresBothKinds() {
    const std::string token = mintToken(uniqueUserId("cld-a"));
    Reply reply = postMultipart(kImages, token,
                                {{"profile_image", "p.jpg", "image/jpeg", jpegImage(64, 64)},
                                 {"cover_image", "c.png", "image/png", pngImage(120, 40)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    const std::string profile = reply.jsonString("profile_image");
    const std::string cover = reply.jsonString("cover_image");
    assertDelivered(profile);
    assertDelivered(cover);
    CPPUNIT_ASSERT(stored(publicIdOf(profile)));
    CPPUNIT_ASSERT(stored(publicIdOf(cover)));
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL(profile, current.profile);
    CPPUNIT_ASSERT_EQUAL(cover, current.cover);
  }

  void testReplaceDestroysPreviousAsset() {
    const std::string token = mintToken(uniqueUserId("cld-replace"));
    const std::string first = uploadProfileB(token);
    const std::string second = uploadProfileB(token);
    CPPUNIT_ASSERT(first != second);
    const std::string oldId = publicIdOf(first);
    CPPUNIT_ASSERT_MESSAGE(oldId + " must be destroyed", destroyed(oldId));
    CPPUNIT_ASSERT_MESSAGE(oldId + " must be gone", !stored(oldId));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the old URL must stop answering", 404,
                                 httpRequest("GET", first).status);
    assertDelivered(second);
    CPPUNIT_ASSERT_EQUAL(second, meUrl(token, "profile_image_url"));
  }

  void testDeleteDestroysAssetOnBothSurfaces() {
    const std::string token = mintToken(uniqueUserId("cld-delete"));
    const std::string url = uploadProfileB(token);
    Reply deleted = del(kProfile, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(deleted.describe(), 200, deleted.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Profile image deleted successfully"),
                         deleted.jsonString("message"));
    CPPUNIT_ASSERT(destroyed(publicIdOf(url)));
    CPPUNIT_ASSERT_EQUAL(std::string(), meUrl(token, "profile_image_url"));

    Reply cover =
        postMultipart(kImages, token, {{"cover_image", "c.jpg", "image/jpeg", jpegImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(cover.describe(), 200, cover.status);
    const std::string coverId = publicIdOf(cover.jsonString("cover_image"));
    Reply deletedA = del(std::string(kImages) + "?type=cover_image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(deletedA.describe(), 200, deletedA.status);
    CPPUNIT_ASSERT(destroyed(coverId));
    CPPUNIT_ASSERT_EQUAL(std::string(), currentImages(token).cover);
  }

  void testRefusedUploadIs500AndChangesNothing() {
    Recover guard;
    const std::string token = mintToken(uniqueUserId("cld-refused"));
    const std::string before = uploadProfileB(token);
    const auto resourcesBefore = stateIds("resources");

    failNext("400", 1, kUploadPath);
    Reply b = postMultipart(kProfile, token, {filePart()});
    assertJsonError(b, 500, "detail", "Error uploading image");
    failNext("401", 1, kUploadPath);
    Reply a = postMultipart(kImages, token, {jpegPart("profile_image")});
    assertJsonError(a, 500, "error");

    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record is untouched", before,
                                 meUrl(token, "profile_image_url"));
    CPPUNIT_ASSERT_MESSAGE("the previous image is untouched", stored(publicIdOf(before)));
    assertDelivered(before);
    CPPUNIT_ASSERT_MESSAGE("nothing was stored", stateIds("resources") == resourcesBefore);
  }

  void testTimedOutUploadIs500AndChangesNothing() {
    Recover guard;
    const std::string token = mintToken(uniqueUserId("cld-timeout"));
    const std::string before = uploadProfileB(token);
    const auto resourcesBefore = stateIds("resources");

    // The stack's timeout_ms is 3000: every attempt of the upload waits longer.
    failNext("timeout", 10, kUploadPath, 8000);
    Reply b = postMultipart(kProfile, token, {filePart()});
    assertJsonError(b, 500, "detail", "Error uploading image");
    failNext("timeout", 10, kUploadPath, 8000);
    Reply a = postMultipart(kImages, token, {jpegPart("profile_image")});
    assertJsonError(a, 500, "error");
    recover();

    CPPUNIT_ASSERT_EQUAL(before, meUrl(token, "profile_image_url"));
    CPPUNIT_ASSERT(stored(publicIdOf(before)));
    assertDelivered(before);
    CPPUNIT_ASSERT_MESSAGE("nothing was stored", stateIds("resources") == resourcesBefore);
  }

  void testDeleteWhenDestroyFailsKeepsRecordThenRetrySucceeds() {
    Recover guard;
    const std::string token = mintToken(uniqueUserId("cld-del-fail"));
    const std::string url = uploadProfileB(token);
    const std::string id = publicIdOf(url);

    failNext("400", 1, kDestroyPath);
    Reply failed = del(kProfile, token);
    assertJsonError(failed, 500, "detail", "Error deleting image from Cloudinary");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record still points at the image", url,
                                 meUrl(token, "profile_image_url"));
    CPPUNIT_ASSERT(stored(id));

    failNext("403", 1, kDestroyPath);
    Reply failedA = del(std::string(kImages) + "?type=profile_image", token);
    assertJsonError(failedA, 500, "error");
    CPPUNIT_ASSERT_EQUAL(url, meUrl(token, "profile_image_url"));

    recover();
    Reply retried = del(kProfile, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(retried.describe(), 200, retried.status);
    CPPUNIT_ASSERT(destroyed(id));
    CPPUNIT_ASSERT_EQUAL(std::string(), meUrl(token, "profile_image_url"));
  }

  void testDestroyFailingDuringReplaceIsSweptLater() {
    Recover guard;
    const std::string token = mintToken(uniqueUserId("cld-sweep"));
    const std::string first = uploadProfileB(token);
    const std::string oldId = publicIdOf(first);

    // The stack makes 2 attempts per call: the removal after the commit
    // fails, and so does the sweeper's first retry; its next retry succeeds.
    failNext("500", 4, kDestroyPath);
    const std::string second = uploadProfileB(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the replace itself succeeds", second,
                                 meUrl(token, "profile_image_url"));
    CPPUNIT_ASSERT_MESSAGE("the old asset is still there, queued for deletion", stored(oldId));
    CPPUNIT_ASSERT_MESSAGE(oldId + " must be removed by the sweeper within 15 s",
                           waitUntil([&] { return destroyed(oldId) && !stored(oldId); }, 15.0));
    assertDelivered(second);
  }

  void testGcRemovesPlantedOrphansOnlyWithApply() {
    const std::string token = mintToken(uniqueUserId("cld-gc"));
    const std::string referenced = publicIdOf(uploadProfileB(token));
    const std::string profileOrphan = plantOrphan(core::ImageKind::kProfile);
    const std::string coverOrphan = plantOrphan(core::ImageKind::kCover);
    CPPUNIT_ASSERT(stored(profileOrphan) && stored(coverOrphan));
    // Cloudinary times have seconds: be older than "now - 0".
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));

    const CommandResult dry = runCtl({"gc"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(dry.output, 0, dry.exitCode);
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "orphan profile", profileOrphan));
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "orphan cover", coverOrphan));
    CPPUNIT_ASSERT_MESSAGE("a referenced asset is no orphan:\n" + dry.output,
                           dry.output.find(referenced) == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(dry.output, dry.output.find("--apply") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("a dry run removes nothing",
                           stored(profileOrphan) && stored(coverOrphan));

    const CommandResult applied = runCtl({"gc", "--apply"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(applied.output, 0, applied.exitCode);
    CPPUNIT_ASSERT_MESSAGE(applied.output,
                           lineWith(applied.output, "removed profile", profileOrphan));
    CPPUNIT_ASSERT_MESSAGE(applied.output, lineWith(applied.output, "removed cover", coverOrphan));
    CPPUNIT_ASSERT(destroyed(profileOrphan) && !stored(profileOrphan));
    CPPUNIT_ASSERT(destroyed(coverOrphan) && !stored(coverOrphan));
    CPPUNIT_ASSERT_MESSAGE("the referenced asset stays", stored(referenced));
    CPPUNIT_ASSERT_EQUAL(referenced, publicIdOf(meUrl(token, "profile_image_url")));

    const CommandResult again = runCtl({"gc"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(again.output, 0, again.exitCode);
    CPPUNIT_ASSERT_MESSAGE(again.output, again.output.find(profileOrphan) == std::string::npos);
  }

  void testApiSecretNeverLeaks() {
    const std::string secret = requireEnv("USERIMG_IT_CLOUDINARY_SECRET");
    std::ifstream log(requireEnv("USERIMG_IT_APP_LOG"));
    std::stringstream text;
    text << log.rdbuf();
    CPPUNIT_ASSERT_MESSAGE("the app log must not be empty", !text.str().empty());
    CPPUNIT_ASSERT_MESSAGE("the API secret is in the app log",
                           text.str().find(secret) == std::string::npos);
    const CommandResult gc = runCtl({"gc"});
    CPPUNIT_ASSERT_MESSAGE("the API secret is in gc's output",
                           gc.output.find(secret) == std::string::npos);
    // The server refuses (400) any request that carries the secret; none did.
    auto state = httpJson(serverBase() + "/__state");
    std::ostringstream json;
    state->stringify(json);
    CPPUNIT_ASSERT_MESSAGE("a request carried the secret",
                           json.str().find(secret) == std::string::npos);
  }

 private:
  // An asset the database knows nothing of, uploaded with a signed request
  // made by the backend itself (as a crash between store and commit leaves).
  std::string plantOrphan(core::ImageKind kind) {
    auto parsed = config::parseCloudinaryUrl(requireEnv("CLOUDINARY_URL"));
    CPPUNIT_ASSERT_MESSAGE(parsed.status().toString(), parsed.ok());
    config::CloudinaryConfig cfg = parsed.value();
    cfg.deliveryPrefix = serverBase();
    core::SystemClock clock;
    auto store = storage::cloudinary::makeCloudinaryBlobStore(cfg, clock);
    CPPUNIT_ASSERT_MESSAGE(store.status().toString(), store.ok());
    const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                       ("userimg-it-orphan-" + uniqueUserId("f") + ".jpg");
    std::ofstream(file, std::ios::binary) << jpegImage(32, 32);
    storage::PutRequest put;
    put.kind = kind;
    put.source = file;
    put.extension = "jpg";
    put.contentType = "image/jpeg";
    auto planted = store.value()->put(put);
    std::filesystem::remove(file);
    CPPUNIT_ASSERT_MESSAGE(planted.status().toString(), planted.ok());
    return planted->key;
  }
};

}  // namespace

// Only for the cloudinary stack: not in the default registry.
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CloudinaryTest, "cloudinary");

}  // namespace userimg::it
