// The bound on waiting uploads through the web server (suite "queue", issue
// 12), against a stack with [images] concurrency = 1 and queue = 1
// (integration.sqlite-limits, integration.mysql-limits): while one upload
// holds the only image turn (paused there by the failpoint "image.turn")
// and another waits for it (the failpoint "image.queued" notes that it
// does), a third is answered at once with 503, Retry-After and the
// surface's error body, and nothing of it is stored; once the turn is free
// the two held uploads succeed. Needs a build with failpoints.

#include <cppunit/extensions/HelperMacros.h>

#include <future>
#include <string>
#include <vector>

#include "integration/failpoints.h"
#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

struct Surface {
  const char* path;
  const char* field;
  const char* errorKey;
};
constexpr Surface kSurfaceA{"/api/resume/user-images/", "profile_image", "error"};
constexpr Surface kSurfaceB{"/users/me/profile-image", "file", "detail"};

Reply upload(const Surface& surface, const std::string& token) {
  return postMultipart(surface.path, token,
                       {{surface.field, "q.png", "image/png", pngImage(120, 90)}});
}

class QueueTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(QueueTest);
  CPPUNIT_TEST(testUploadBeyondTheQueueIs503AtOnceOnBothSurfaces);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override { disarmFailpoints(); }

  void testUploadBeyondTheQueueIs503AtOnceOnBothSurfaces() {
    const std::string holder = mintToken(uniqueUserId("q-hold"));
    const std::string waiter = mintToken(uniqueUserId("q-wait"));
    const std::string refusedA = mintToken(uniqueUserId("q-refused-a"));
    const std::string refusedB = mintToken(uniqueUserId("q-refused-b"));
    for (const std::string& token : {holder, waiter, refusedA, refusedB}) {
      Reply me = get("/users/me", token);  // provisioned before the turn is taken
      CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
    }

    armFailpoints({"image.turn pause", "image.queued note"});
    auto held = std::async(std::launch::async, [&] { return upload(kSurfaceA, holder); });
    awaitFailpoint("image.turn");
    auto queued = std::async(std::launch::async, [&] { return upload(kSurfaceB, waiter); });
    awaitFailpoint("image.queued");

    const auto before = mediaFiles();
    const Reply a = upload(kSurfaceA, refusedA);
    const Reply b = upload(kSurfaceB, refusedB);
    const auto during = mediaFiles();
    disarmFailpoints();
    const Reply first = held.get();
    const Reply second = queued.get();

    for (const auto& [reply, key] : {std::pair{a, "error"}, std::pair{b, "detail"}}) {
      assertJsonError(reply, 503, key);
      const std::string retryAfter = reply.header("retry-after");
      CPPUNIT_ASSERT_MESSAGE("Retry-After '" + retryAfter + "': " + reply.describe(),
                             !retryAfter.empty() && std::stoi(retryAfter) >= 1);
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("files stored by refused uploads: " + join(added(before, during)),
                                 std::size_t{0}, added(before, during).size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the held upload: " + first.describe(), 200, first.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the queued upload: " + second.describe(), 200, second.status);
    // The refused users have no image; the turn is free again for them.
    CPPUNIT_ASSERT_EQUAL(defaultProfileUrl(), currentImages(refusedA).profile);
    CPPUNIT_ASSERT_EQUAL(defaultProfileUrl(), currentImages(refusedB).profile);
    Reply again = upload(kSurfaceB, refusedB);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(again.describe(), 200, again.status);
    checkInvariants({holder, waiter, refusedA, refusedB});
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(QueueTest, "queue");

}  // namespace
}  // namespace userimg::it
