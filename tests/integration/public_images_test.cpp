// The public image URLs (issue 14) through the web server, on every stack:
// GET /avatars/<key>?s=N and /covers/<key>?w=N reach the current image in
// at most one redirect, at the size asked, with public caching whose ETag
// follows replaces and deletes; the default image without one; rotated and
// unknown keys alike; and the URLs in both surfaces' JSON.
//
// Behind nginx on local storage (USERIMG_IT_WEB_SERVER unset or nginx, no
// Cloudinary) a user's current image is answered by nginx itself from the
// static links (avatars/static_links.h, userimg-locations.conf): a 200 with
// the image, no redirect; a redirect there only for what has no link (the
// default image). Elsewhere the app's 302.
//
// On the Cloudinary stack (USERIMG_IT_CLOUDINARY_BASE set) the redirect
// goes to the test server's delivery URL with the size's transformation,
// which that server does not apply: there the size is checked in the URL,
// elsewhere in the pixels of the served file.

#include <cppunit/extensions/HelperMacros.h>
#include <vips/vips.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "it_support.h"

namespace userimg::it {
namespace {

constexpr const char* kMe = "/users/me";
constexpr const char* kProfile = "/users/me/profile-image";
constexpr const char* kCover = "/users/me/cover-image";

bool onCloudinary() {
  const char* base = std::getenv("USERIMG_IT_CLOUDINARY_BASE");
  return base != nullptr && *base != '\0';
}

// True where nginx serves users' current images without the app.
bool servedStatically() {
  const char* web = std::getenv("USERIMG_IT_WEB_SERVER");
  return !onCloudinary() && (web == nullptr || *web == '\0' || std::string(web) == "nginx");
}

// GET of a whole URL another server may answer (Cloudinary's delivery).
Reply fetchAbsolute(const std::string& url) {
  Poco::URI uri(url);
  Reply reply;
  reply.method = "GET";
  reply.path = url;
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  Poco::Net::HTTPRequest request("GET", uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  reply.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[lower] = value;
  }
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

// `location` on the stack's own server: an absolute URL of it is made
// domain-relative; another server's is left alone.
bool isOwnServer(const std::string& location) {
  if (location.starts_with("/")) return true;
  const Target& target = Target::get();
  return location.starts_with("http://" + target.host + ":" + std::to_string(target.port) + "/");
}

// What a browser ends with: the public URL's answer, the image itself or
// one redirect, followed. Fails unless that ends in a 200 image.
struct Followed {
  Reply first;  // the public URL's own answer (a 200 image or a 302)
  Reply image;  // the image: `first` itself, or where it led
  bool redirected() const { return first.status == 302; }
};
Followed follow(const std::string& url,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  Followed out;
  out.first = send({.method = "GET", .path = url, .extraHeaders = headers});
  if (out.first.status == 200 && servedStatically()) {
    out.image = out.first;
    CPPUNIT_ASSERT_MESSAGE(out.image.describe(),
                           out.image.header("content-type").starts_with("image/"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(out.image.describe(), std::string("nosniff"),
                                 out.image.header("x-content-type-options"));
    return out;
  }
  CPPUNIT_ASSERT_EQUAL_MESSAGE(out.first.describe(), 302, out.first.status);
  std::string location = out.first.header("location");
  CPPUNIT_ASSERT_MESSAGE(out.first.describe(), !location.empty());
  if (isOwnServer(location)) {
    if (!location.starts_with("/")) location = Poco::URI(location).getPathAndQuery();
    out.image = get(location, "");
  } else {
    out.image = fetchAbsolute(location);
  }
  CPPUNIT_ASSERT_EQUAL_MESSAGE("one redirect, then the image: " + out.image.describe(), 200,
                               out.image.status);
  CPPUNIT_ASSERT_MESSAGE(out.image.describe(),
                         out.image.header("content-type").starts_with("image/"));
  return out;
}

std::pair<int, int> dimensionsOf(const std::string& bytes) {
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  CPPUNIT_ASSERT_MESSAGE("the served bytes decode as an image", image != nullptr);
  std::pair<int, int> size{vips_image_get_width(image), vips_image_get_height(image)};
  g_object_unref(image);
  return size;
}

// The caller's public URLs from GET /users/me (provisioning the caller).
std::pair<std::string, std::string> publicUrls(const std::string& token) {
  Reply me = get(kMe, token);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
  return {me.jsonString("public_avatar_url"), me.jsonString("public_cover_url")};
}

void upload(const std::string& path, const std::string& token, const std::string& jpeg) {
  Reply reply = postMultipart(path, token, {{"file", "photo.jpg", "image/jpeg", jpeg}});
  CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
}

class PublicImagesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PublicImagesTest);
  CPPUNIT_TEST(testBothSurfacesNameThePublicUrls);
  CPPUNIT_TEST(testNewUsersAvatarIsTheDefaultImage);
  CPPUNIT_TEST(testUploadedAvatarIsServedAtEachSize);
  CPPUNIT_TEST(testAnswersArePublicForMaxAgeAndRevalidate);
  CPPUNIT_TEST(testRevalidationAfterAReplaceGetsTheNewImage);
  CPPUNIT_TEST(testRevalidationAfterAnEqualSizedReplaceGetsTheNewImage);
  CPPUNIT_TEST(testDeletedAvatarIsTheDefaultAgain);
  CPPUNIT_TEST(testD404WithoutImageIsAJson404);
  CPPUNIT_TEST(testRotatedKeyAnswersLikeAnUnknownOne);
  CPPUNIT_TEST(testCoverIs404ThenServedAtItsWidth);
  CPPUNIT_TEST(testBadSizeIsAJson400);
  CPPUNIT_TEST(testOtherMethodsAndBodiesGetJson);
  CPPUNIT_TEST(testRacingReplacesLeaveThePublicUrlOnTheWinner);
  CPPUNIT_TEST(testStaticLinksFollowTheRecord);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testBothSurfacesNameThePublicUrls() {
    const std::string token = mintToken(uniqueUserId("pub-json"));
    const auto [avatar, cover] = publicUrls(token);
    CPPUNIT_ASSERT_MESSAGE(avatar, avatar.starts_with(Target::get().mounted("/avatars/")));
    const std::string key = avatar.substr(avatar.rfind('/') + 1);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("22 characters of base64url", std::size_t{22}, key.size());
    CPPUNIT_ASSERT_EQUAL(Target::get().mounted("/covers/" + key), cover);
    Reply images = get("/api/resume/user-images/", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(images.describe(), 200, images.status);
    auto urls = images.json()->getObject("public");
    CPPUNIT_ASSERT_MESSAGE(images.describe(), urls);
    CPPUNIT_ASSERT_EQUAL(avatar, urls->getValue<std::string>("profile_image"));
    CPPUNIT_ASSERT_EQUAL(cover, urls->getValue<std::string>("cover_image"));
    // The owner's own answers stay private.
    CPPUNIT_ASSERT_EQUAL(std::string("no-store"), images.header("cache-control"));
  }

  void testNewUsersAvatarIsTheDefaultImage() {
    const auto [avatar, cover] = publicUrls(mintToken(uniqueUserId("pub-default")));
    Followed followed = follow(avatar);
    CPPUNIT_ASSERT_EQUAL(get(defaultProfileUrl(), "").body, followed.image.body);
  }

  void testUploadedAvatarIsServedAtEachSize() {
    const std::string token = mintToken(uniqueUserId("pub-sizes"));
    const std::string avatar = publicUrls(token).first;
    upload(kProfile, token, jpegImage(400, 300));
    // [images] profile_variants is 64,128,256 on every stack.
    for (const auto& [asked, side] : {std::pair{"64", 64}, std::pair{"100", 128},
                                      std::pair{"128", 128}, std::pair{"5000", 256}}) {
      Followed followed = follow(avatar + "?s=" + asked);
      // No app hop where nginx has the link.
      CPPUNIT_ASSERT_EQUAL_MESSAGE(
          "s=" + std::string(asked) + " redirected: " + followed.first.describe(),
          !servedStatically(), followed.redirected());
      if (onCloudinary()) {
        const std::string location = followed.first.header("location");
        const std::string size = "w_" + std::to_string(side) + ",h_" + std::to_string(side);
        CPPUNIT_ASSERT_MESSAGE("s=" + std::string(asked) + ": " + location,
                               location.find(size) != std::string::npos);
      } else {
        CPPUNIT_ASSERT_MESSAGE("s=" + std::string(asked),
                               dimensionsOf(followed.image.body) == std::pair(side, side));
      }
    }
  }

  void testAnswersArePublicForMaxAgeAndRevalidate() {
    const std::string token = mintToken(uniqueUserId("pub-cache"));
    const std::string avatar = publicUrls(token).first;
    upload(kProfile, token, jpegImage(200, 200));
    Reply first = send({.path = avatar + "?s=64"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), std::string("public, max-age=300"),
                                 first.header("cache-control"));
    const std::string etag = first.header("etag");
    CPPUNIT_ASSERT_MESSAGE(first.describe(), etag.size() > 2 && etag.front() == '"');
    Reply again = send({.path = avatar + "?s=64", .extraHeaders = {{"If-None-Match", etag}}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(again.describe(), 304, again.status);
    CPPUNIT_ASSERT_EQUAL(etag, again.header("etag"));
  }

  void testRevalidationAfterAReplaceGetsTheNewImage() {
    const std::string token = mintToken(uniqueUserId("pub-replace"));
    const std::string avatar = publicUrls(token).first;
    upload(kProfile, token, jpegImage(200, 200));
    Followed before = follow(avatar + "?s=128");
    const std::string etag = before.first.header("etag");
    upload(kProfile, token, pngImage(300, 300));
    Followed after = follow(avatar + "?s=128", {{"If-None-Match", etag}});
    CPPUNIT_ASSERT_MESSAGE("a new ETag", after.first.header("etag") != etag);
    CPPUNIT_ASSERT_EQUAL(before.redirected(), after.redirected());
    if (before.redirected()) {
      CPPUNIT_ASSERT_MESSAGE("a new target",
                             after.first.header("location") != before.first.header("location"));
    }
    CPPUNIT_ASSERT_MESSAGE("the new image's bytes", after.image.body != before.image.body);
    // (Cloudinary's stand-in serves the stored image: no transformation.)
    if (!onCloudinary()) {
      CPPUNIT_ASSERT_MESSAGE("128x128", dimensionsOf(after.image.body) == std::pair(128, 128));
    }
    // The replaced image is gone, so a client whose cached redirect has
    // expired never gets its bytes again.
    const std::string old = before.first.header("location");
    if (before.redirected() && !onCloudinary() && isOwnServer(old)) {
      CPPUNIT_ASSERT_MESSAGE(old, eventually([&] { return get(old, "").status == 404; }));
    }
  }

  // A replace by an image of the same size and format: nginx's ETag (the
  // file's mtime and size) must still change, or a client revalidating
  // would keep the old picture.
  void testRevalidationAfterAnEqualSizedReplaceGetsTheNewImage() {
    const std::string token = mintToken(uniqueUserId("pub-same"));
    const std::string avatar = publicUrls(token).first;
    const std::string png = pngImage(200, 200);
    Reply first = postMultipart(kProfile, token, {{"file", "p.png", "image/png", png}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    Followed before = follow(avatar);
    // The same bytes again within the same second: same size, same mtime.
    Reply second = postMultipart(kProfile, token, {{"file", "p.png", "image/png", png}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(second.describe(), 200, second.status);
    CPPUNIT_ASSERT_MESSAGE("a new object",
                           first.jsonString("image_url") != second.jsonString("image_url"));
    Reply again =
        send({.path = avatar, .extraHeaders = {{"If-None-Match", before.first.header("etag")}}});
    CPPUNIT_ASSERT_MESSAGE("revalidating after a replace: " + again.describe(),
                           again.status == 200 || again.status == 302);
    CPPUNIT_ASSERT_MESSAGE("a new ETag", again.header("etag") != before.first.header("etag"));
  }

  void testDeletedAvatarIsTheDefaultAgain() {
    const std::string token = mintToken(uniqueUserId("pub-delete"));
    const std::string avatar = publicUrls(token).first;
    upload(kProfile, token, jpegImage(200, 200));
    const std::string etag = follow(avatar).first.header("etag");
    CPPUNIT_ASSERT_EQUAL(200, del(kProfile, token).status);
    Followed after = follow(avatar, {{"If-None-Match", etag}});
    CPPUNIT_ASSERT_EQUAL(get(defaultProfileUrl(), "").body, after.image.body);
  }

  void testD404WithoutImageIsAJson404() {
    const std::string token = mintToken(uniqueUserId("pub-d404"));
    const std::string avatar = publicUrls(token).first;
    Reply none = send({.path = avatar + "?d=404"});
    assertJsonError(none, 404, "detail");
    CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=300"), none.header("cache-control"));
    upload(kProfile, token, jpegImage(200, 200));
    follow(avatar + "?d=404&s=64");
  }

  void testRotatedKeyAnswersLikeAnUnknownOne() {
    const std::string token = mintToken(uniqueUserId("pub-rotate"));
    const std::string old = publicUrls(token).first;
    upload(kProfile, token, jpegImage(200, 200));
    Reply rotated =
        send({.method = "POST", .path = "/users/me/public-key", .authorization = bearer(token)});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(rotated.describe(), 200, rotated.status);
    const std::string next = rotated.jsonString("public_avatar_url");
    CPPUNIT_ASSERT(next != old);
    CPPUNIT_ASSERT_EQUAL(next, publicUrls(token).first);
    follow(next + "?s=64");

    const std::string unknown = Target::get().mounted("/avatars/AAAAAAAAAAAAAAAAAAAAAA");
    for (const char* query : {"", "?d=404", "?s=64"}) {
      Reply a = send({.path = old + query});
      Reply b = send({.path = unknown + query});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(a.describe(), b.status, a.status);
      CPPUNIT_ASSERT_EQUAL(b.header("location"), a.header("location"));
      CPPUNIT_ASSERT_EQUAL(b.header("etag"), a.header("etag"));
      CPPUNIT_ASSERT_EQUAL(b.body, a.body);
    }
    // Without a token nothing rotates.
    Reply anonymous = send({.method = "POST", .path = "/users/me/public-key"});
    assertJsonError(anonymous, 401, "detail", "Not authenticated");
  }

  void testCoverIs404ThenServedAtItsWidth() {
    const std::string token = mintToken(uniqueUserId("pub-cover"));
    const std::string cover = publicUrls(token).second;
    assertJsonError(send({.path = cover}), 404, "detail");
    upload(kCover, token, jpegImage(1600, 900));
    // [images] cover_variants is 640 on every stack.
    Followed followed = follow(cover + "?w=300");
    if (onCloudinary()) {
      CPPUNIT_ASSERT_MESSAGE(followed.first.header("location"),
                             followed.first.header("location").find("w_640") != std::string::npos);
    } else {
      CPPUNIT_ASSERT_EQUAL(640, dimensionsOf(followed.image.body).first);
    }
    follow(cover);
  }

  void testBadSizeIsAJson400() {
    const auto [avatar, cover] = publicUrls(mintToken(uniqueUserId("pub-400")));
    assertJsonError(send({.path = avatar + "?s=big"}), 400, "detail");
    assertJsonError(send({.path = cover + "?w=-1"}), 400, "detail");
  }

  // Only GET and HEAD are served; anything else, with a body or without,
  // gets a JSON 4xx in surface B's shape (from the app, or from the web
  // server for a body over the public locations' 1 KiB), never an HTML page,
  // also where the web server has a link for the key.
  void testOtherMethodsAndBodiesGetJson() {
    const std::string token = mintToken(uniqueUserId("pub-methods"));
    const auto [avatar, cover] = publicUrls(token);
    upload(kProfile, token, jpegImage(200, 200));
    upload(kCover, token, jpegImage(800, 400));
    for (const std::string& url : {avatar, avatar + "?s=64", cover, cover + "?w=640"}) {
      for (const std::string& body : {std::string(), std::string(24 * 1024, 'x')}) {
        for (const char* method : {"POST", "PUT", "DELETE"}) {
          Reply reply = send({.method = method,
                              .path = url,
                              .contentType = body.empty() ? "" : "application/octet-stream",
                              .body = body});
          CPPUNIT_ASSERT_MESSAGE(reply.describe(), reply.status >= 400 && reply.status < 500);
          assertJsonError(reply, reply.status, "detail", "");
        }
      }
    }
    // Still served after all that.
    follow(avatar + "?s=64");
  }

  void testRacingReplacesLeaveThePublicUrlOnTheWinner() {
    const std::string token = mintToken(uniqueUserId("pub-race"));
    const std::string avatar = publicUrls(token).first;
    std::vector<std::thread> racers;
    for (int i = 0; i < 4; ++i) {
      racers.emplace_back([&token, i] {
        try {
          postMultipart(kProfile, token,
                        {{"file", "photo.jpg", "image/jpeg", jpegImage(100 + 10 * i, 100)}});
        } catch (...) {
          // A failed racer is no winner: the check below still holds.
        }
      });
    }
    for (std::thread& racer : racers) racer.join();
    Reply me = get(kMe, token);
    const std::string winner = me.jsonString("profile_image_url");
    Followed followed = follow(avatar);
    if (!followed.redirected()) {
      CPPUNIT_ASSERT_MESSAGE("the public URL serves the record's image",
                             get(winner, "").body == followed.image.body);
      return;
    }
    std::string location = followed.first.header("location");
    if (!location.starts_with("/") && isOwnServer(location)) {
      location = Poco::URI(location).getPathAndQuery();
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the public URL follows the record", winner, location);
  }

  // avatars/static_links.h on the stack's real media tree: after an upload
  // the user's link directory names the record's objects, after a replace
  // the new ones, after a delete it is gone; the links are never served as
  // /media/ (a JSON 404). On Cloudinary there is no link at all.
  void testStaticLinksFollowTheRecord() {
    namespace fs = std::filesystem;
    const std::string token = mintToken(uniqueUserId("pub-links"));
    const std::string avatar = publicUrls(token).first;
    const std::string key = avatar.substr(avatar.rfind('/') + 1);
    const fs::path dir = Target::get().mediaRoot / "public" / "avatars" / key.substr(0, 2) / key;
    for (int round = 0; round < 2; ++round) {
      upload(kProfile, token, jpegImage(300 + round * 20, 300));
      if (onCloudinary()) {
        CPPUNIT_ASSERT_MESSAGE(dir.string(), !fs::exists(dir));
        // A link left in the media tree (from a time on local storage) is
        // never served: where the app keeps none, nginx looks for none.
        fs::create_directories(dir);
        {
          std::ofstream stale(dir / "128.jpg", std::ios::binary);
          stale << jpegImage(64, 64);
        }
        fs::permissions(dir / "128.jpg",
                        fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
        const Reply answer = get(avatar + "?s=128", "");
        fs::remove_all(dir);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.describe(), 302, answer.status);
        return;
      }
      const std::string url = get(kMe, token).jsonString("profile_image_url");
      CPPUNIT_ASSERT_MESSAGE(dir.string(), fs::is_symlink(dir / "image.jpg"));
      CPPUNIT_ASSERT_EQUAL(fs::canonical(mediaPathFor(url)), fs::canonical(dir / "image.jpg"));
      for (const char* size : {"64", "128", "256"}) {
        const fs::path link = dir / (std::string(size) + ".jpg");
        CPPUNIT_ASSERT_MESSAGE(link.string(), fs::is_symlink(link) && fs::exists(link));
      }
      const std::string asMedia = url.substr(0, url.find("/media/") + 7) + "public/avatars/" +
                                  key.substr(0, 2) + "/" + key + "/image.jpg";
      Reply refused = get(asMedia, "");
      CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.describe(), 404, refused.status);
      CPPUNIT_ASSERT_MESSAGE(refused.describe(),
                             refused.header("content-type").starts_with("application/json"));
    }
    CPPUNIT_ASSERT_EQUAL(200, del(kProfile, token).status);
    CPPUNIT_ASSERT_MESSAGE(dir.string(), !fs::exists(dir));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublicImagesTest, "public_images");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("public_images");

}  // namespace
}  // namespace userimg::it
