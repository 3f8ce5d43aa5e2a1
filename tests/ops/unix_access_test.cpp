// Who may do what on a path, from its owners and modes (ops/unix_access.h).

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "ops/fake_paths.h"
#include "ops/unix_access.h"

namespace userimg::ops {
namespace {

using testing::FakePaths;

// uid 1000 "svc" in groups 1000 and 33 ("www-data"); uid 33 "web" in 33.
const UnixUser kService{"svc", 1000, 1000, {1000, 33}};
const UnixUser kWeb{"web", 33, 33, {33}};
const UnixUser kRoot{"root", 0, 0, {0}};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

FakePaths tree() {
  FakePaths paths;
  paths.dir("/", 0, 0, 0755).dir("/var", 0, 0, 0755).dir("/var/lib", 0, 0, 0755);
  return paths;
}

class UnixAccessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UnixAccessTest);
  CPPUNIT_TEST(testOwnerBitsDecideForTheOwnerEvenWhenGroupWouldAllow);
  CPPUNIT_TEST(testGroupMemberGetsGroupBits);
  CPPUNIT_TEST(testOthersGetOtherBits);
  CPPUNIT_TEST(testRootMayDoEverything);
  CPPUNIT_TEST(testPackagedLayoutIsWritableByServiceAndReadableByWeb);
  CPPUNIT_TEST(testClosedAncestorStopsTheWayNamingItAndTheFix);
  CPPUNIT_TEST(testMissingPermissionOnTargetNamesTheFix);
  CPPUNIT_TEST(testMissingPathIsReported);
  CPPUNIT_TEST(testLooksUpRealUsersAndGroups);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOwnerBitsDecideForTheOwnerEvenWhenGroupWouldAllow() {
    const PathInfo info{1000, 33, S_IFDIR | 0070};
    CPPUNIT_ASSERT_EQUAL(unsigned{kRead | kWrite | kSearch},
                         missingAccess(info, kService, kRead | kWrite | kSearch));
  }

  void testGroupMemberGetsGroupBits() {
    const PathInfo info{1000, 33, S_IFDIR | 0750};
    CPPUNIT_ASSERT_EQUAL(0u, missingAccess(info, kWeb, kRead | kSearch));
    CPPUNIT_ASSERT_EQUAL(unsigned{kWrite}, missingAccess(info, kWeb, kWrite));
  }

  void testOthersGetOtherBits() {
    const PathInfo info{0, 0, S_IFDIR | 0711};
    CPPUNIT_ASSERT_EQUAL(0u, missingAccess(info, kWeb, kSearch));
    CPPUNIT_ASSERT_EQUAL(unsigned{kRead}, missingAccess(info, kWeb, kRead | kSearch));
  }

  void testRootMayDoEverything() {
    CPPUNIT_ASSERT_EQUAL(0u, missingAccess(PathInfo{5, 5, S_IFDIR}, kRoot, kRead | kWrite));
  }

  void testPackagedLayoutIsWritableByServiceAndReadableByWeb() {
    // As the README's install: /var/lib/userimg userimg:userimg 0711,
    // media userimg:www-data 2750.
    const FakePaths paths = tree()
                                .dir("/var/lib/userimg", 1000, 1000, 0711)
                                .dir("/var/lib/userimg/media", 1000, 33, 02750);
    CPPUNIT_ASSERT(
        checkAccess("/var/lib/userimg/media", kService, kWrite | kSearch, paths.stat()).allowed);
    const AccessVerdict web =
        checkAccess("/var/lib/userimg/media/", kWeb, kRead | kSearch, paths.stat());
    CPPUNIT_ASSERT_MESSAGE(web.reason, web.allowed);
  }

  void testClosedAncestorStopsTheWayNamingItAndTheFix() {
    const FakePaths paths = tree()
                                .dir("/var/lib/userimg", 1000, 1000, 0700)
                                .dir("/var/lib/userimg/media", 1000, 33, 0750);
    const AccessVerdict verdict =
        checkAccess("/var/lib/userimg/media", kWeb, kRead | kSearch, paths.stat());
    CPPUNIT_ASSERT(!verdict.allowed);
    CPPUNIT_ASSERT_MESSAGE(verdict.reason,
                           contains(verdict.reason, "web cannot enter /var/lib/userimg ("));
    CPPUNIT_ASSERT_MESSAGE(verdict.reason, contains(verdict.reason, "0700"));
    CPPUNIT_ASSERT_MESSAGE(verdict.reason, contains(verdict.reason, "chmod o+x /var/lib/userimg"));
  }

  void testMissingPermissionOnTargetNamesTheFix() {
    const FakePaths paths = tree().dir("/var/lib/media", 0, 0, 0755);
    const AccessVerdict service =
        checkAccess("/var/lib/media", kService, kWrite | kSearch, paths.stat());
    CPPUNIT_ASSERT(!service.allowed);
    CPPUNIT_ASSERT_MESSAGE(service.reason,
                           contains(service.reason, "svc has no w permission on /var/lib/media"));
    CPPUNIT_ASSERT_MESSAGE(service.reason, contains(service.reason, "chown svc /var/lib/media"));
    const FakePaths owned = tree().dir("/var/lib/media", 1000, 1000, 0500);
    const AccessVerdict owner =
        checkAccess("/var/lib/media", kService, kWrite | kSearch, owned.stat());
    CPPUNIT_ASSERT_MESSAGE(owner.reason, contains(owner.reason, "chmod u+w /var/lib/media"));
  }

  void testMissingPathIsReported() {
    const AccessVerdict verdict = checkAccess("/var/lib/nothing", kService, kWrite, tree().stat());
    CPPUNIT_ASSERT(!verdict.allowed);
    CPPUNIT_ASSERT_EQUAL(std::string("/var/lib/nothing does not exist"), verdict.reason);
  }

  void testLooksUpRealUsersAndGroups() {
    auto root = lookupUser("root");
    CPPUNIT_ASSERT(root.ok());
    CPPUNIT_ASSERT_EQUAL(uid_t{0}, root->uid);
    CPPUNIT_ASSERT(!root->groups.empty());
    CPPUNIT_ASSERT(!lookupUser("no-such-user-userimg-test").ok());
    CPPUNIT_ASSERT(lookupGroup("root").has_value());
    CPPUNIT_ASSERT(!lookupGroup("no-such-group-userimg-test").has_value());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UnixAccessTest, "ops");

}  // namespace
}  // namespace userimg::ops
