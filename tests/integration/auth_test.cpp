// Authentication on every route of both surfaces: each kind of bad credential
// is answered 401 in the surface's shape with WWW-Authenticate: Bearer, and
// changes nothing.

#include <cppunit/extensions/HelperMacros.h>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

// The payload of `token` replaced by one naming `otherUser`, signature kept.
std::string withForgedSubject(const std::string& token, const std::string& otherUser) {
  const std::string forged = mintToken(otherUser);
  const auto firstDot = token.find('.');
  const auto lastDot = token.rfind('.');
  const auto forgedFirst = forged.find('.');
  const auto forgedLast = forged.rfind('.');
  return token.substr(0, firstDot) + forged.substr(forgedFirst, forgedLast - forgedFirst) +
         token.substr(lastDot);
}

class AuthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AuthTest);
  CPPUNIT_TEST(testBadCredentialsAre401OnEveryRoute);
  CPPUNIT_TEST(testMissingTokenOnSurfaceBSaysNotAuthenticated);
  CPPUNIT_TEST(testValidTokenPassesOnEveryRoute);
  CPPUNIT_TEST(testBearerSchemeIsCaseInsensitive);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testBadCredentialsAre401OnEveryRoute() {
    const std::string victim = uniqueUserId("auth-victim");
    const std::string token = mintToken(victim);
    Reply up = postMultipart("/api/resume/user-images/", token,
                             {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const auto before = mediaFiles();

    const std::vector<std::pair<std::string, std::string>> credentials = {
        {"no Authorization header", ""},
        {"Basic scheme", "Basic dXNlcjpwYXNzd29yZA=="},
        {"Bearer without a token", "Bearer"},
        {"Bearer with a blank token", "Bearer    "},
        {"a token without a scheme", token},
        {"garbage token", "Bearer not.a.jwt"},
        {"wrong signature", bearer(mintTokenWithSecret("some-other-secret-0123456789", victim))},
        {"expired token", bearer(mintToken(victim, -3600))},
        {"alg none", bearer(unsignedToken(victim))},
        {"forged subject",
         bearer(withForgedSubject(mintToken(uniqueUserId("auth-other")), victim))},
    };
    for (const ApiRoute& route : apiRoutes()) {
      for (const auto& [what, authorization] : credentials) {
        Reply reply = callRoute(route, authorization);
        const std::string context = what + ": " + reply.describe();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 401, reply.status);
        CPPUNIT_ASSERT_MESSAGE("no WWW-Authenticate: Bearer for " + context,
                               reply.header("www-authenticate").rfind("Bearer", 0) == 0);
        assertJsonError(reply, 401, route.errorKey);
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        "files added by refused requests: " + join(added(before, mediaFiles())), before.size(),
        mediaFiles().size());
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("victim's profile after refused requests",
                                 up.jsonString("profile_image"), current.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("victim's cover after refused requests",
                                 up.jsonString("cover_image"), current.cover);
    assertMediaServed(current.profile);
    assertMediaServed(current.cover);
  }

  void testMissingTokenOnSurfaceBSaysNotAuthenticated() {
    for (const ApiRoute& route : apiRoutes()) {
      if (route.errorKey != "detail") continue;
      assertJsonError(callRoute(route, ""), 401, "detail", "Not authenticated");
    }
  }

  // The control for the matrix above: the same requests with a good token
  // are not refused.
  void testValidTokenPassesOnEveryRoute() {
    const std::string token = mintToken(uniqueUserId("auth-ok"));
    for (const ApiRoute& route : apiRoutes()) {
      Reply reply = callRoute(route, bearer(token));
      CPPUNIT_ASSERT_MESSAGE("a valid token was refused: " + reply.describe(),
                             reply.status == 200 || reply.status == 404);
    }
  }

  // RFC 7235: the scheme name is case-insensitive.
  void testBearerSchemeIsCaseInsensitive() {
    const std::string token = mintToken(uniqueUserId("m-scheme"));
    for (const char* scheme : {"bearer ", "BEARER "}) {
      Reply reply = send(
          {.method = "GET", .path = "/api/resume/user-images/", .authorization = scheme + token});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string("scheme '") + scheme + "': " + reply.describe(), 200,
                                   reply.status);
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuthTest, "auth");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("auth");

}  // namespace
}  // namespace userimg::it
