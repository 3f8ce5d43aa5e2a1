// Part of the "errors" suite: requests the web server refuses itself,
// mostly before it has chosen any conf for the path (a broken request line,
// a URI or a header too long, wrong framing, headers that never end), sent
// as raw bytes. Each answer keeps its status and is JSON in the shape of
// the surface the request was for ({"detail": ...} for /users/...,
// {"error": ...} for /api/resume/... and for a request whose path could not
// be read), with no server signature in the body.
//
// USERIMG_IT_WEB_SERVER says what stands in front of the app: nginx (the
// default), apache, or shared-hosting, where the answers given before any
// .htaccess is read are the host's own pages (README.md, "Shared hosting":
// a known limit), which is asserted as such.

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>

#include "integration/it_support.h"
#include "integration/raw_http.h"

namespace userimg::it {
namespace {

enum class WebServer { kNginx, kApache, kSharedHosting };

WebServer webServer() {
  const char* name = std::getenv("USERIMG_IT_WEB_SERVER");
  const std::string value = name != nullptr ? name : "nginx";
  if (value == "apache") return WebServer::kApache;
  if (value == "shared-hosting") return WebServer::kSharedHosting;
  CPPUNIT_ASSERT_EQUAL_MESSAGE("USERIMG_IT_WEB_SERVER", std::string("nginx"), value);
  return WebServer::kNginx;
}

// A JSON error of the web server's own, in the surface's shape.
void assertJsonAnswer(const Reply& reply, int status, const std::string& key) {
  assertJsonError(reply, status, key);
  CPPUNIT_ASSERT_MESSAGE("Content-Type of " + reply.describe(),
                         reply.header("content-type").rfind("application/json", 0) == 0);
  for (const char* signature : {"nginx", "Apache", "<"}) {
    CPPUNIT_ASSERT_MESSAGE("a server signature in " + reply.describe(),
                           reply.body.find(signature) == std::string::npos);
  }
}

// An answer given before the web server read any conf of the path: JSON,
// except on shared hosting, where it is the host's page with the status.
void assertEarlyAnswer(const Reply& reply, int status, const std::string& key) {
  if (webServer() != WebServer::kSharedHosting) {
    assertJsonAnswer(reply, status, key);
    return;
  }
  CPPUNIT_ASSERT_EQUAL_MESSAGE("status of " + reply.describe(), status, reply.status);
  CPPUNIT_ASSERT_MESSAGE("the host's own page (a .htaccess cannot change it): " + reply.describe(),
                         reply.header("content-type").rfind("text/html", 0) == 0);
}

// "METHOD <path under the prefix> HTTP/1.1" and headers, not yet ended.
std::string requestHead(const std::string& method, const std::string& path) {
  const Target& target = Target::get();
  return method + " " + target.mounted(path) + " HTTP/1.1\r\nHost: " + target.host +
         "\r\nConnection: close\r\n";
}

struct Surface {
  std::string path;
  std::string key;
};
const Surface kSurfaces[] = {{"/users/me", "detail"}, {"/api/resume/user-images/", "error"}};

class MalformedRequestsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MalformedRequestsTest);
  CPPUNIT_TEST(testBrokenRequestLineIsJson400);
  CPPUNIT_TEST(testInvalidContentLengthIsJson400);
  CPPUNIT_TEST(testOverlongUriIsJson414);
  CPPUNIT_TEST(testOversizedHeaderIsJson400);
  CPPUNIT_TEST(testUnknownTransferEncodingIsJson);
  CPPUNIT_TEST(testTraceIsJson405);
  CPPUNIT_TEST(testPostWithoutLengthIsTheAppsJson);
  CPPUNIT_TEST(testHeadersThatNeverEndGetNoHtml);
  CPPUNIT_TEST_SUITE_END();

 public:
  // No path can be read: surface A's shape.
  void testBrokenRequestLineIsJson400() {
    RawAnswer raw = sendRawBytes("a broken request line", "GET\x01 nonsense\r\n\r\n");
    CPPUNIT_ASSERT_MESSAGE("no answer to a broken request line", raw.answered);
    assertEarlyAnswer(raw.reply, 400, "error");
  }

  void testInvalidContentLengthIsJson400() {
    for (const Surface& s : kSurfaces) {
      Reply reply = sendRaw("GET", s.path, "Content-Length: abc\r\n\r\n");
      assertEarlyAnswer(reply, 400, s.key);
    }
  }

  // nginx refuses the request line before it has read the path (surface
  // A's shape for both); Apache has read it (each surface's shape).
  void testOverlongUriIsJson414() {
    const std::string query = "?q=" + std::string(20000, 'a');
    for (const Surface& s : kSurfaces) {
      Reply reply = sendRaw("GET", s.path + query, "\r\n");
      reply.path = s.path + "?q=aaa...";
      assertEarlyAnswer(reply, 414, webServer() == WebServer::kNginx ? "error" : s.key);
    }
  }

  // nginx: 494 "Request Header Or Cookie Too Large", sent as 400; Apache:
  // 400 "Size of a request header field exceeds server limit".
  void testOversizedHeaderIsJson400() {
    for (const Surface& s : kSurfaces) {
      Reply reply = sendRaw("GET", s.path, "X-Big: " + std::string(20000, 'b') + "\r\n\r\n");
      assertEarlyAnswer(reply, 400, s.key);
    }
  }

  // nginx answers 501, Apache 400 (RFC 9112: a final coding other than chunked).
  void testUnknownTransferEncodingIsJson() {
    const int status = webServer() == WebServer::kNginx ? 501 : 400;
    for (const Surface& s : kSurfaces) {
      Reply reply = sendRaw("POST", s.path, "Transfer-Encoding: gzip\r\n\r\nxyz");
      assertEarlyAnswer(reply, status, s.key);
    }
  }

  // nginx refuses TRACE with the headers, Apache (TraceEnable Off) with
  // the server's ErrorDocuments although it has read the path.
  void testTraceIsJson405() {
    for (const Surface& s : kSurfaces) {
      assertEarlyAnswer(sendRaw("TRACE", s.path, "\r\n"), 405, s.key);
    }
  }

  // Neither web server answers 411: a POST without Content-Length or
  // chunked body is a POST with an empty body, which the app refuses in
  // its own JSON (a multipart body without its boundary line).
  void testPostWithoutLengthIsTheAppsJson() {
    const std::string token = mintToken(uniqueUserId("e-nolen"));
    const std::string rest = "Authorization: Bearer " + token +
                             "\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n--b\r\n";
    assertJsonError(sendRaw("POST", "/users/me/profile-image", rest), 400, "detail");
    assertJsonError(sendRaw("POST", "/api/resume/user-images/", rest), 400, "error");
  }

  // Headers begun and never ended. Apache answers 408 once mod_reqtimeout's
  // header timeout has passed (2 s in the test stacks); nginx closes the
  // connection after client_header_timeout (2 s in the test stacks)
  // without sending a byte, so no page of any kind reaches the client.
  void testHeadersThatNeverEndGetNoHtml() {
    for (const Surface& s : kSurfaces) {
      RawAnswer raw =
          sendRawBytes("GET " + s.path + " (headers never end)",
                       requestHead("GET", s.path) + "X-Partial: never ends", /*waitSeconds=*/15);
      CPPUNIT_ASSERT_MESSAGE("the server still waits after 15 s for " + s.path, !raw.timedOut);
      if (webServer() == WebServer::kNginx) {
        CPPUNIT_ASSERT_MESSAGE("nginx sent something: " + raw.reply.describe(), !raw.answered);
      } else {
        CPPUNIT_ASSERT_MESSAGE("no answer for " + s.path, raw.answered);
        raw.reply.path = s.path;
        assertEarlyAnswer(raw.reply, 408, s.key);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MalformedRequestsTest, "errors");

}  // namespace
}  // namespace userimg::it
