// Both surfaces over one user record, users kept apart, and concurrent
// uploads: the properties that only show with the real stack.

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

constexpr const char* kImages = "/api/resume/user-images/";

class CrossSurfaceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CrossSurfaceTest);
  CPPUNIT_TEST(testUploadViaAVisibleViaB);
  CPPUNIT_TEST(testUploadViaBVisibleViaA);
  CPPUNIT_TEST(testReplaceAcrossSurfacesRemovesOldFile);
  CPPUNIT_TEST(testDeleteViaBOfImageUploadedViaA);
  CPPUNIT_TEST(testUsersCannotTouchEachOthersImages);
  CPPUNIT_TEST(testConcurrentUploadsLeaveExactlyOneImage);
  CPPUNIT_TEST(testConcurrentUploadsOfManyUsersAllSucceed);
  CPPUNIT_TEST(testConcurrentDeletesSucceedOnce);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUploadViaAVisibleViaB() {
    const std::string token = mintToken(uniqueUserId("x-a2b"));
    Reply up = postMultipart(kImages, token, {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    Reply me = get("/users/me", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(me.describe(), 200, me.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("B's profile_image_url after A's upload",
                                 up.jsonString("profile_image"),
                                 me.jsonString("profile_image_url"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("B's cover_image_url after A's upload",
                                 up.jsonString("cover_image"), me.jsonString("cover_image_url"));
  }

  void testUploadViaBVisibleViaA() {
    const std::string token = mintToken(uniqueUserId("x-b2a"));
    Reply profile = postMultipart("/users/me/profile-image", token,
                                  {{"file", "p.png", "image/png", pngImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(profile.describe(), 200, profile.status);
    Reply cover = postMultipart("/users/me/cover-image", token,
                                {{"file", "c.jpg", "image/jpeg", jpegImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(cover.describe(), 200, cover.status);
    const CurrentImages current = currentImages(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("A's profile_image after B's upload",
                                 profile.jsonString("image_url"), current.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("A's cover_image after B's upload", cover.jsonString("image_url"),
                                 current.cover);
  }

  void testReplaceAcrossSurfacesRemovesOldFile() {
    const std::string token = mintToken(uniqueUserId("x-replace"));
    Reply viaA = postMultipart(kImages, token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(viaA.describe(), 200, viaA.status);
    Reply viaB = postMultipart("/users/me/profile-image", token,
                               {{"file", "p.png", "image/png", pngImage()}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(viaB.describe(), 200, viaB.status);
    assertMediaGone(viaA.jsonString("profile_image"));
    assertMediaServed(viaB.jsonString("image_url"));
    CPPUNIT_ASSERT_EQUAL(viaB.jsonString("image_url"), currentImages(token).profile);
  }

  void testDeleteViaBOfImageUploadedViaA() {
    const std::string token = mintToken(uniqueUserId("x-del"));
    Reply up = postMultipart(kImages, token, {pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    Reply gone = del("/users/me/cover-image", token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(gone.describe(), 200, gone.status);
    assertMediaGone(up.jsonString("cover_image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("A's cover after B's delete", std::string(),
                                 currentImages(token).cover);
    assertJsonError(del(std::string(kImages) + "?type=cover_image", token), 404, "error");
  }

  void testUsersCannotTouchEachOthersImages() {
    const std::string alice = mintToken(uniqueUserId("x-alice"));
    const std::string bob = mintToken(uniqueUserId("x-bob"));
    Reply up = postMultipart(kImages, alice, {pngPart("profile_image"), pngPart("cover_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string profile = up.jsonString("profile_image");
    const std::string cover = up.jsonString("cover_image");

    // Bob has nothing to delete, on either surface.
    assertJsonError(del(std::string(kImages) + "?type=profile_image", bob), 404, "error");
    assertJsonError(del(std::string(kImages) + "?type=cover_image", bob), 404, "error");
    assertJsonError(del("/users/me/profile-image", bob), 404, "detail",
                    "User has no profile image");
    assertJsonError(del("/users/me/cover-image", bob), 404, "detail", "User has no cover image");
    const CurrentImages bobs = currentImages(bob);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("Bob sees Alice's profile", defaultProfileUrl(), bobs.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("Bob sees Alice's cover", std::string(), bobs.cover);

    // Bob's own uploads, replacements and deletes leave Alice's alone.
    for (int i = 0; i < 2; ++i) {
      Reply bobUp = postMultipart(kImages, bob, {pngPart("profile_image"), pngPart("cover_image")});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(bobUp.describe(), 200, bobUp.status);
    }
    Reply bobDel = del("/users/me/profile-image", bob);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(bobDel.describe(), 200, bobDel.status);

    const CurrentImages alices = currentImages(alice);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("Alice's profile after Bob's activity", profile, alices.profile);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("Alice's cover after Bob's activity", cover, alices.cover);
    assertMediaServed(profile);
    assertMediaServed(cover);
  }

  void testConcurrentUploadsLeaveExactlyOneImage() {
    constexpr int kUploads = 16;
    const std::string token = mintToken(uniqueUserId("x-race"));
    // Prepare everything first so the requests really overlap.
    std::vector<Multipart> forms;
    for (int i = 0; i < kUploads; ++i) {
      const std::string field = "profile_image";
      forms.push_back(buildMultipart({{field, "p.png", "image/png", pngImage(64 + i, 48)}}));
    }
    const auto before = mediaFiles();
    std::vector<Reply> replies(kUploads);
    std::vector<std::string> failures(kUploads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kUploads; ++i) {
      threads.emplace_back([&, i] {
        try {
          // Half through each surface: both serialise on the same record.
          if (i % 2 == 0) {
            replies[i] = send({.method = "POST",
                               .path = kImages,
                               .authorization = bearer(token),
                               .contentType = forms[i].contentType,
                               .body = forms[i].body});
          } else {
            Multipart b = buildMultipart({{"file", "p.png", "image/png", pngImage(64 + i, 48)}});
            replies[i] = send({.method = "POST",
                               .path = "/users/me/profile-image",
                               .authorization = bearer(token),
                               .contentType = b.contentType,
                               .body = b.body});
          }
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    }
    for (auto& thread : threads) thread.join();
    std::set<std::string> urls;
    for (int i = 0; i < kUploads; ++i) {
      CPPUNIT_ASSERT_MESSAGE("upload " + std::to_string(i) + " threw: " + failures[i],
                             failures[i].empty());
      CPPUNIT_ASSERT_EQUAL_MESSAGE(
          "concurrent upload " + std::to_string(i) + ": " + replies[i].describe(), 200,
          replies[i].status);
      urls.insert(replies[i].jsonString(i % 2 == 0 ? "profile_image" : "image_url"));
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("distinct URLs handed out", std::size_t{kUploads}, urls.size());

    const std::string winner = currentImages(token).profile;
    CPPUNIT_ASSERT_MESSAGE("the record points at none of the uploads: " + winner,
                           urls.count(winner) == 1);
    assertMediaServed(winner);
    // Every loser's file is removed; exactly the winner's remains.
    std::set<std::string> left;
    CPPUNIT_ASSERT_MESSAGE(
        "after 16 racing uploads the media tree should hold exactly the winner's new file; "
        "it holds: " +
            join(added(before, mediaFiles())) + " (winner " + winner + ")",
        eventually([&] {
          left = added(before, mediaFiles());
          return left.size() == 1;
        }));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the one file left is not the one referenced",
                                 mediaPathFor(winner).string(),
                                 (Target::get().mediaRoot / *left.begin()).string());
    CPPUNIT_ASSERT_MESSAGE("variant files left behind by the losers: " + join(orphanVariantFiles()),
                           orphanVariantFiles().empty());
    for (const std::string& url : urls) {
      if (url != winner) {
        Reply loser = get(url, "");
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a replaced upload is still served: " + loser.describe(), 404,
                                     loser.status);
      }
    }
  }

  // Ten DELETEs of one image at once, through both surfaces: the first to
  // clear the record answers 200, every other one finds no image (404 in its
  // surface's shape), as if they had come one after another.
  void testConcurrentDeletesSucceedOnce() {
    constexpr int kDeletes = 10;
    const std::string token = mintToken(uniqueUserId("x-del-race"));
    Reply up = postMultipart(kImages, token, {pngPart("profile_image")});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    const std::string url = up.jsonString("profile_image");
    std::vector<Reply> replies(kDeletes);
    std::vector<std::string> failures(kDeletes);
    std::vector<std::thread> threads;
    for (int i = 0; i < kDeletes; ++i) {
      threads.emplace_back([&, i] {
        try {
          replies[i] = del(i % 2 == 0 ? std::string(kImages) + "?type=profile_image"
                                      : std::string("/users/me/profile-image"),
                           token);
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    }
    for (auto& thread : threads) thread.join();
    int succeeded = 0;
    for (int i = 0; i < kDeletes; ++i) {
      CPPUNIT_ASSERT_MESSAGE("delete " + std::to_string(i) + " threw: " + failures[i],
                             failures[i].empty());
      if (replies[i].status == 200) {
        ++succeeded;
        continue;
      }
      if (i % 2 == 0) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE("delete " + std::to_string(i) + ": " + replies[i].describe(),
                                     404, replies[i].status);
        CPPUNIT_ASSERT_MESSAGE("surface A's error shape: " + replies[i].describe(),
                               !replies[i].jsonString("error").empty());
      } else {
        assertJsonError(replies[i], 404, "detail", "User has no profile image");
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("exactly one of the concurrent deletes succeeds", 1, succeeded);
    assertMediaGone(url);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the record is cleared", defaultProfileUrl(),
                                 currentImages(token).profile);
  }

  void testConcurrentUploadsOfManyUsersAllSucceed() {
    constexpr int kUsers = 12;
    std::vector<std::string> tokens;
    for (int i = 0; i < kUsers; ++i) tokens.push_back(mintToken(uniqueUserId("x-many")));
    const std::string image = pngImage(80, 60);
    std::vector<Reply> replies(kUsers);
    std::vector<std::string> failures(kUsers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kUsers; ++i) {
      threads.emplace_back([&, i] {
        try {
          replies[i] = postMultipart(kImages, tokens[i],
                                     {{"profile_image", "p.png", "image/png", image},
                                      {"cover_image", "c.png", "image/png", image}});
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    }
    for (auto& thread : threads) thread.join();
    for (int i = 0; i < kUsers; ++i) {
      CPPUNIT_ASSERT_MESSAGE("user " + std::to_string(i) + " threw: " + failures[i],
                             failures[i].empty());
      CPPUNIT_ASSERT_EQUAL_MESSAGE("user " + std::to_string(i) + ": " + replies[i].describe(), 200,
                                   replies[i].status);
      const CurrentImages current = currentImages(tokens[i]);
      CPPUNIT_ASSERT_EQUAL(replies[i].jsonString("profile_image"), current.profile);
      CPPUNIT_ASSERT_EQUAL(replies[i].jsonString("cover_image"), current.cover);
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CrossSurfaceTest, "cross_surface");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("cross_surface");

}  // namespace
}  // namespace userimg::it
