// The per-user upload rate limit through the web server (suite
// "rate_limit", issue 12), against a stack started with
// --uploads-per-minute 3 (integration.sqlite-limits, integration.mysql-limits):
// on each surface, three uploads by one user in a minute are 200 and the
// fourth is 429 with Retry-After and the surface's error body; another user
// is unaffected; the first user's image is still the third upload; nothing
// is orphaned.

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

constexpr int kLimit = 3;  // the stacks' [upload] per_user_per_minute

class RateLimitTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RateLimitTest);
  CPPUNIT_TEST(testUserImagesOverTheLimitIs429WithRetryAfter);
  CPPUNIT_TEST(testProfileImageOverTheLimitIs429WithRetryAfter);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUserImagesOverTheLimitIs429WithRetryAfter() {
    checkSurface("rl-a", "/api/resume/user-images/", "profile_image", "profile_image", "error");
  }

  void testProfileImageOverTheLimitIs429WithRetryAfter() {
    checkSurface("rl-b", "/users/me/profile-image", "file", "image_url", "detail");
  }

 private:
  // kLimit + 1 uploads by one user through `path`: kLimit 200s and one 429.
  // The two users are new, so their minutes start empty (unless the minute
  // turns during the uploads, which only restarts the count: the test then
  // retries once in the new minute).
  void checkSurface(const std::string& prefix, const std::string& path, const std::string& field,
                    const std::string& urlKey, const std::string& errorKey) {
    for (int attempt = 0;; ++attempt) {
      const std::string token = mintToken(uniqueUserId(prefix));
      std::string last;
      bool turned = false;
      for (int i = 0; i < kLimit; ++i) {
        Reply up = postMultipart(path, token, {{field, "p.png", "image/png", pngImage()}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
        last = up.jsonString(urlKey);
      }
      Reply refused = postMultipart(path, token, {{field, "p.png", "image/png", pngImage()}});
      if (refused.status == 200 && attempt == 0) turned = true;  // a new minute began
      if (turned) continue;
      assertJsonError(refused, 429, errorKey);
      const std::string retryAfter = refused.header("retry-after");
      CPPUNIT_ASSERT_MESSAGE("Retry-After '" + retryAfter + "'", !retryAfter.empty() &&
                                                                     std::stoi(retryAfter) >= 1 &&
                                                                     std::stoi(retryAfter) <= 60);
      CPPUNIT_ASSERT_MESSAGE(refused.describe(), refused.jsonString(errorKey).find(
                                                     "Too many uploads") != std::string::npos);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("the image is still the last admitted upload", last,
                                   currentImages(token).profile);
      const std::string other = mintToken(uniqueUserId(prefix + "-other"));
      Reply others = postMultipart(path, other, {{field, "p.png", "image/png", pngImage()}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE("another user: " + others.describe(), 200, others.status);
      checkInvariants({token, other});
      return;
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RateLimitTest, "rate_limit");

}  // namespace
}  // namespace userimg::it
