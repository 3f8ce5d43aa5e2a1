// What depends on the web server in front of the app and its shipped conf
// (nginx, Apache with mod_proxy_fcgi, mod_fcgid, shared hosting): the
// bearer token reaches the app, real photo sizes get through, and whatever
// the web server answers itself (the app down or killed, a request it
// cannot read) is JSON in the surface's shape, never an HTML page.

#include <cppunit/extensions/HelperMacros.h>
#include <vips/vips.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "integration/invariants.h"
#include "integration/it_support.h"
#include "integration/raw_http.h"

namespace userimg::it {
namespace {

// An incompressible PNG of a little over `bytes` bytes (random RGB).
std::string noisePng(std::size_t bytes) {
  const int side = static_cast<int>(std::sqrt(static_cast<double>(bytes) / 3.0)) + 8;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(side) * side * 3);
  std::mt19937 random(42);
  for (unsigned char& byte : pixels) byte = static_cast<unsigned char>(random());
  VipsImage* image =
      vips_image_new_from_memory(pixels.data(), pixels.size(), side, side, 3, VIPS_FORMAT_UCHAR);
  void* buffer = nullptr;
  size_t length = 0;
  if (image == nullptr || vips_pngsave_buffer(image, &buffer, &length, nullptr) != 0) {
    vips_error_clear();
  }
  std::string png = buffer != nullptr ? std::string(static_cast<char*>(buffer), length) : "";
  g_free(buffer);
  if (image != nullptr) g_object_unref(image);
  if (png.empty()) CPPUNIT_FAIL("libvips could not make a noise PNG");
  return png;
}

// The app down for the lifetime of the object (back up when it goes, also
// when an assertion failed), or until bringUp().
class AppDown {
 public:
  AppDown() { controlApp("down"); }
  ~AppDown() {
    if (down_) {
      // No assertion here (it may be unwinding one): just bring the app back.
      [[maybe_unused]] const int status = std::system((Target::get().appControl + " up").c_str());
    }
  }
  AppDown(const AppDown&) = delete;
  AppDown& operator=(const AppDown&) = delete;

  void bringUp() {
    down_ = false;
    controlApp("up");
  }

 private:
  bool down_ = true;
};

class WebServerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WebServerTest);
  CPPUNIT_TEST(testTokenReachesTheAppOnBothSurfaces);
  CPPUNIT_TEST(testFiveMegabytePhotosAreAccepted);
  // Before the tests that break the app: mod_fcgid spawns fewer processes
  // for a while after failed starts.
  CPPUNIT_TEST(testConcurrentReplacesByAllProcessesLeaveOneImage);
  CPPUNIT_TEST(testKilledDuringUploadsLeavesNoTempFilesOnceBack);
  CPPUNIT_TEST(testMalformedChunkedBodyIsJson400);
  CPPUNIT_TEST(testAnswersWhileTheAppIsDownAreJsonAndChangeNothing);
  CPPUNIT_TEST(testRequestAfterTheAppWasKilledSucceeds);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testTokenReachesTheAppOnBothSurfaces() {
    assertJsonError(get("/api/resume/user-images/", ""), 401, "error");
    assertJsonError(get("/users/me", ""), 401, "detail", "Not authenticated");
    const std::string token = mintToken(uniqueUserId("w-auth"));
    for (const char* path : {"/api/resume/user-images/", "/users/me"}) {
      Reply reply = get(path, token);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("a valid token must reach the app: " + reply.describe(), 200,
                                   reply.status);
    }
  }

  void testFiveMegabytePhotosAreAccepted() {
    const std::string photo = noisePng(5 * 1024 * 1024);
    CPPUNIT_ASSERT_MESSAGE("the photo is " + std::to_string(photo.size()) + " bytes",
                           photo.size() > 5'000'000);
    const std::string token = mintToken(uniqueUserId("w-5mb"));
    Reply a = postMultipart("/api/resume/user-images/", token,
                            {{"cover_image", "big.png", "image/png", photo}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(a.describe(), 200, a.status);
    assertMediaServed(a.jsonString("cover_image"));
    Reply b =
        postMultipart("/users/me/profile-image", token, {{"file", "big.png", "image/png", photo}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(b.describe(), 200, b.status);
    assertMediaServed(b.jsonString("image_url"));
  }

  void testMalformedChunkedBodyIsJson400() {
    const std::string token = mintToken(uniqueUserId("w-chunk"));
    for (const auto& [path, key] : std::vector<std::pair<std::string, std::string>>{
             {"/api/resume/user-images/", "error"}, {"/users/me/profile-image", "detail"}}) {
      Reply reply = sendRaw("POST", path,
                            "Authorization: Bearer " + token +
                                "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                "Transfer-Encoding: chunked\r\n\r\nzz-not-a-size\r\nbody\r\n");
      assertJsonError(reply, 400, key);
    }
  }

  void testAnswersWhileTheAppIsDownAreJsonAndChangeNothing() {
    requireControl();
    const std::string token = mintToken(uniqueUserId("w-down"));
    Reply up = postMultipart("/api/resume/user-images/", token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");
    Reply me = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
    const std::string avatar = me.jsonString("public_avatar_url");
    const std::string cover = me.jsonString("public_cover_url");

    AppDown down;
    const auto assertDownAnswer = [](const Reply& reply, const std::string& errorKey) {
      CPPUNIT_ASSERT_MESSAGE("with the app down: " + reply.describe(),
                             reply.status == 500 || reply.status == 502 || reply.status == 503);
      assertJsonError(reply, reply.status, errorKey);
      if (reply.status == 503) {
        CPPUNIT_ASSERT_MESSAGE("a 503 says when to retry: " + reply.describe(),
                               !reply.header("retry-after").empty());
      }
    };
    for (const ApiRoute& route : apiRoutes())
      assertDownAnswer(callRoute(route, bearer(token)), route.errorKey);
    // The public URLs the web server passes to the app (no cover, a size the
    // app refuses, a method it does not serve) answer in surface B's shape.
    assertDownAnswer(get(cover, ""), "detail");
    assertDownAnswer(get(cover + "?w=-1", ""), "detail");
    assertDownAnswer(send({.method = "POST", .path = avatar}), "detail");
    // The avatar itself: the web server's static link, or the app's answer.
    Reply image = get(avatar + "?s=64", "");
    if (image.status == 200) {
      CPPUNIT_ASSERT_MESSAGE(image.describe(), image.header("content-type").starts_with("image/"));
    } else {
      assertDownAnswer(image, "detail");
    }
    // The images are the web server's to serve: they stay.
    assertMediaServed(url);
    down.bringUp();

    Reply next = get("/api/resume/user-images/", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the very next request after the app is back: " + next.describe(),
                                 200, next.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the image the failed requests did not touch", url,
                                 currentImages(token).profile);
  }

  void testRequestAfterTheAppWasKilledSucceeds() {
    requireControl();
    const std::string token = mintToken(uniqueUserId("w-kill"));
    controlApp("kill");
    Reply next = postMultipart("/users/me/profile-image", token,
                               {{"file", "p.png", "image/png", pngImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the first request after kill -9: " + next.describe(), 200,
                                 next.status);
    assertMediaServed(next.jsonString("image_url"));
  }

  // Under mod_fcgid each process serves one request at a time, so a burst
  // of slow uploads makes it run several, all sharing one database and one
  // media tree: they must still end with one image and nothing left over.
  void testConcurrentReplacesByAllProcessesLeaveOneImage() {
    requireControl();
    const std::string photo = noisePng(3 * 1024 * 1024);
    const std::string token = mintToken(uniqueUserId("w-burst"));
    const auto before = mediaFiles();
    constexpr int kClients = 8;
    constexpr int kRounds = 2;
    std::vector<std::thread> clients;
    std::vector<std::string> failures(kClients);
    std::vector<std::string> urls(kClients);
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        try {
          for (int r = 0; r < kRounds; ++r) {
            Reply reply = postMultipart("/users/me/profile-image", token,
                                        {{"file", "p.png", "image/png", photo}});
            if (reply.status != 200) failures[c] = reply.describe();
          }
        } catch (const std::exception& e) {
          failures[c] = e.what();
        }
      });
    }
    for (std::thread& client : clients) client.join();
    for (const std::string& failure : failures) {
      CPPUNIT_ASSERT_MESSAGE("a concurrent upload failed: " + failure, failure.empty());
    }
    const std::string current = currentImages(token).profile;
    assertMediaServed(current);
    CPPUNIT_ASSERT_MESSAGE("only the current image may remain",
                           eventually([&] { return added(before, mediaFiles()).size() == 1; }));
    CPPUNIT_ASSERT_EQUAL(mediaPathFor(current).lexically_relative(Target::get().mediaRoot).string(),
                         *added(before, mediaFiles()).begin());
    CPPUNIT_ASSERT_MESSAGE("variants of replaced images left: " + join(orphanVariantFiles()),
                           orphanVariantFiles().empty());
    // Where mod_fcgid runs the app, the burst must really have been served
    // by several processes (else this proves nothing about them).
    const int processes = appProcesses();
    const char* several = std::getenv("USERIMG_IT_SEVERAL_PROCESSES");
    const int least = several != nullptr && *several == '1' ? 2 : 1;
    CPPUNIT_ASSERT_MESSAGE("app processes after the burst: " + std::to_string(processes),
                           processes >= least);
    std::cerr << "(" << processes << " app processes) ";
  }

  // kill -9 while uploads are spooled and processed: the dead process's
  // spool files and work directories stay behind until a process starts
  // again and removes them (issue 12); nothing is left that nobody owns.
  void testKilledDuringUploadsLeavesNoTempFilesOnceBack() {
    requireControl();
    const std::filesystem::path temp = stackTempDir();
    const std::string photo = noisePng(3 * 1024 * 1024);
    const std::string token = mintToken(uniqueUserId("w-crash"));
    CPPUNIT_ASSERT_EQUAL(200, get("/users/me", token).status);  // a process is up
    constexpr int kClients = 6;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&] {
        try {
          postMultipart("/users/me/profile-image", token, {{"file", "p.png", "image/png", photo}});
        } catch (const std::exception&) {
          // The connection dies with the app: expected.
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    AppDown down;  // kill -9, and back up even when an assertion fails
    for (std::thread& client : clients) client.join();
    const std::string left = unownedTempEntries(temp);
    CPPUNIT_ASSERT_MESSAGE("a killed process leaves its scratch directory", !left.empty());

    down.bringUp();
    Reply next = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the first request once back: " + next.describe(), 200,
                                 next.status);
    std::string still;
    const bool swept = eventually([&] {
      still = unownedTempEntries(temp);
      return still.empty();
    });
    CPPUNIT_ASSERT_MESSAGE(
        "temp entries of the killed process after a restart:" + still + " (were:" + left + ")",
        swept);
    // An upload answered before the kill is whole; the others changed nothing.
    const std::string current = currentImages(token).profile;
    if (current != defaultProfileUrl()) assertMediaServed(current);
  }

 private:
  static void requireControl() {
    // Every stack registered with the web_server suite passes a control;
    // a missing one is a harness error, not a reason to pass.
    CPPUNIT_ASSERT_MESSAGE("USERIMG_IT_APP_CONTROL is not set for this stack", hasAppControl());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WebServerTest, "web_server");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("web_server");

}  // namespace
}  // namespace userimg::it
