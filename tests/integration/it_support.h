#pragma once
// Support for the integration tests: the stack under test (from the
// environment), an HTTP client that talks to it through nginx, multipart
// bodies, real images made with libvips, tokens, and a view of the media
// tree. Everything here fails a CppUnit assertion (with a message naming
// what broke) rather than returning errors.
//
// The target comes from:
//   USERIMG_IT_BASE_URL    http://127.0.0.1:PORT (nginx in front of the app)
//   USERIMG_IT_SECRET      the stack's [jwt] secret (HS256)
//   USERIMG_IT_MEDIA_ROOT  the stack's [storage] root (served as /media/)
//   USERIMG_IT_MAX_BYTES   the stack's [upload] max_bytes
//   USERIMG_IT_PATH_PREFIX the URL path the stack mounts everything under
//                          ("/~user" on the shared-hosting stack; optional)
//   USERIMG_IT_APP_CONTROL a command that takes the app down, up or kills it
//                          (stack.sh app DIR; optional, see controlApp())
//   USERIMG_IT_API_ONLY_HOST 1 when the web server serves nothing but the API

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace userimg::it {

// The stack under test. Read once; a missing variable fails the test.
struct Target {
  std::string host;
  int port = 0;
  std::string secret;
  std::filesystem::path mediaRoot;
  std::int64_t maxBytes = 0;
  std::string pathPrefix;  // "" or "/~user": no trailing '/'
  std::string appControl;  // "" when the stack offers none
  // The web server serves the API alone and answers every other path
  // itself, in JSON (USERIMG_IT_API_ONLY_HOST=1: the nginx server block).
  bool apiOnlyHost = false;

  static const Target& get();

  // `path` as the client asks for it: under pathPrefix, unless it already
  // is (a URL the API returned). Tests write paths as at the site's root.
  std::string mounted(const std::string& path) const;
};

// The default profile image URL and the fixed parts of media URLs, under
// the stack's path prefix.
std::string defaultProfileUrl();
std::string profileUrlPrefix();
std::string coverUrlPrefix();

// Runs the stack's app control with `action`: "down" (the app is stopped
// and stays unreachable: killed, or for mod_fcgid made unable to start),
// "up" (it is back and answers), "kill" (kill -9 of the running app; a
// process manager may start it again, else it is started again). Fails the
// test when the stack has no control or the action fails.
void controlApp(const std::string& action);
// True when the stack offers an app control.
bool hasAppControl();
// How many app processes run now (mod_fcgid runs several; 1 elsewhere).
int appProcesses();

// One file (or plain field when filename is empty) of a multipart body.
struct Part {
  std::string name;
  std::string filename;
  std::string contentType;
  std::string data;
};

// A complete HTTP exchange, kept for assertions and their messages.
struct Reply {
  std::string method;
  std::string path;
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  // "" when absent.
  std::string header(const std::string& lowerName) const;
  // "POST /api/... -> 400 {...}": for assertion messages.
  std::string describe() const;
  // The body as a JSON object; fails the test when it is not one.
  Poco::JSON::Object::Ptr json() const;
  // The string member `key` of the JSON body; fails when absent or not a string.
  std::string jsonString(const std::string& key) const;
};

// Request options beyond method and path.
struct RequestSpec {
  std::string method = "GET";
  std::string path;
  std::string authorization;  // the whole header value; omitted when empty
  std::string contentType;    // omitted when empty
  std::string body;
  bool chunked = false;  // send the body with Transfer-Encoding: chunked
  std::vector<std::pair<std::string, std::string>> extraHeaders;
};

// Sends one request through the web server on a fresh connection and reads
// the reply. spec.path is mounted under the stack's path prefix.
Reply send(const RequestSpec& spec);

// "Bearer <token>".
std::string bearer(const std::string& token);

// Shortcuts with a bearer token ("" for none).
Reply get(const std::string& path, const std::string& token);
Reply del(const std::string& path, const std::string& token);
Reply postMultipart(const std::string& path, const std::string& token,
                    const std::vector<Part>& parts, bool chunked = false);

// A profile image upload of `png` on surface A (POST /api/resume/user-images/,
// field profile_image) or B (POST /users/me/profile-image, field file).
Reply uploadProfilePng(const std::string& token, const std::string& png, bool surfaceA);

// Every route of both surfaces, an upload carrying a small PNG.
struct ApiRoute {
  std::string method;
  std::string path;
  std::string errorKey;  // "error" (surface A) or "detail" (surface B)
  std::string field;     // multipart field for POST, "" otherwise
};
const std::vector<ApiRoute>& apiRoutes();
// One call of `route` with this whole Authorization value ("" for none).
Reply callRoute(const ApiRoute& route, const std::string& authorization);

// A multipart/form-data body and its Content-Type.
struct Multipart {
  std::string contentType;
  std::string body;
};
Multipart buildMultipart(const std::vector<Part>& parts);

// A user id that no other test uses: "<prefix>-<random hex>".
std::string uniqueUserId(const std::string& prefix);

// Tokens. mintToken signs with the stack's secret, like userimgctl token.
std::string mintToken(const std::string& userId, std::int64_t ttlSeconds = 3600,
                      const std::string& email = "", const std::string& username = "");
std::string mintTokenWithSecret(const std::string& secret, const std::string& userId,
                                std::int64_t ttlSeconds = 3600);
// An unsigned token: header {"alg":"none"}, empty signature.
std::string unsignedToken(const std::string& userId);

// Real, decodable images of the given size (libvips).
std::string pngImage(int width = 48, int height = 32);
std::string jpegImage(int width = 48, int height = 32);
std::string gifImage(int width = 48, int height = 32);
std::string webpImage(int width = 48, int height = 32);

// Parts carrying an image in `field`.
Part pngPart(const std::string& field);
Part jpegPart(const std::string& field);

// The media tree (it_media.cpp): relative paths of every image file under
// the root (an image's variant files are not listed; see
// orphanVariantFiles()).
std::set<std::string> mediaFiles();
// Variant files ("<image stem>_<name>.<ext>") whose image file is gone:
// objects nothing can reference any more. mediaFiles() lists images only.
std::set<std::string> orphanVariantFiles();
// The file behind a /media/ URL (fails when the URL is not under /media/).
std::filesystem::path mediaPathFor(const std::string& url);
// Files in `after` that are not in `before`.
std::set<std::string> added(const std::set<std::string>& before,
                            const std::set<std::string>& after);
// "a, b, c" for messages.
std::string join(const std::set<std::string>& items);

// True when `url` looks like /media/<dir>/<2 hex>/<uuid>.<ext>.
bool isMediaUrl(const std::string& url, const std::string& prefix);

// Polls `condition` every 50 ms for up to `seconds`; returns its last value.
bool eventually(const std::function<bool()>& condition, double seconds = 5.0);

// Surface A's images as {profile, cover}; cover "" when null. Fails on
// anything but a 200 with the documented shape.
struct CurrentImages {
  std::string profile;
  std::string cover;
};
CurrentImages currentImages(const std::string& token);

// Fails unless `reply` has `status` and a JSON object body whose `key`
// ("error" for /api/resume/, "detail" for /users/) is a non-empty string,
// equal to `message` when one is given.
void assertJsonError(const Reply& reply, int status, const std::string& key,
                     const std::string& message = "");

// Fails unless `url` answers 200 through nginx with an image/* type and
// X-Content-Type-Options: nosniff, and its file is in the media tree.
void assertMediaServed(const std::string& url);

// Fails unless the file behind `url` leaves the media tree (within
// `seconds`) and `url` then answers a JSON 404.
void assertMediaGone(const std::string& url, double seconds = 5.0);

// Replaces a stored file with a non-empty directory for its lifetime, so the
// store cannot remove it; puts the bytes back afterwards.
class UndeletableFile {
 public:
  explicit UndeletableFile(std::filesystem::path file);
  ~UndeletableFile();
  UndeletableFile(const UndeletableFile&) = delete;
  UndeletableFile& operator=(const UndeletableFile&) = delete;

 private:
  std::filesystem::path file_;
  std::string bytes_;
};

}  // namespace userimg::it
