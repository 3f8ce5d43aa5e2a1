// avatars/lookup_route.h over the API harness's fakes: the batch lookup's
// scope check, its limits, its answer, and that it provisions nobody.

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "api/api_harness.h"
#include "auth/token_issuer.h"
#include "avatars/lookup_route.h"
#include "avatars/route_test_support.h"

namespace userimg::avatars {
namespace {

using namespace testing;

constexpr const char* kLookupSecret = "lookup-test-secret-0123456789";

class LookupRouteTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LookupRouteTest);
  CPPUNIT_TEST(testAnswersKnownUsersAndNullForUnknownIds);
  CPPUNIT_TEST(testProvisionsNobody);
  CPPUNIT_TEST(testWithoutATokenIs401);
  CPPUNIT_TEST(testAUsersTokenIs403);
  CPPUNIT_TEST(testScopeMustBeAWholeItem);
  CPPUNIT_TEST(testMoreThan100IdsIs400);
  CPPUNIT_TEST(testMalformedBodiesAre400);
  CPPUNIT_TEST(testASeparateSecretSignsLookupTokens);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { install(nullptr); }
  void tearDown() override {
    router_ = http::Router();
    h_.reset();
  }

  void testAnswersKnownUsersAndNullForUnknownIds() {
    upload(h_->tokenFor("17"));
    send("GET", "/users/me", h_->tokenFor("42"));
    http::Response response = lookup(scoped(kApiSecret()), R"({"ids": ["17", "42", "99", "17"]})");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    auto users = jsonOf(response)->getObject("users");
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, users->size());
    CPPUNIT_ASSERT(users->isNull("99"));
    auto seventeen = users->getObject("17");
    const auto record = *h_->users().user("17");
    CPPUNIT_ASSERT_EQUAL(record.profile->url, stringAt(seventeen, "profile_image_url"));
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"), stringAt(seventeen, "cover_image_url"));
    CPPUNIT_ASSERT(seventeen->getObject("profile_image")->has("variants"));
    CPPUNIT_ASSERT(seventeen->isNull("cover_image"));
    CPPUNIT_ASSERT_EQUAL("/avatars/" + record.publicKey, stringAt(seventeen, "public_avatar_url"));
    CPPUNIT_ASSERT_EQUAL("/covers/" + record.publicKey, stringAt(seventeen, "public_cover_url"));
    auto fortyTwo = users->getObject("42");
    CPPUNIT_ASSERT_EQUAL(std::string("<null>"), stringAt(fortyTwo, "profile_image_url"));
    CPPUNIT_ASSERT_EQUAL(std::string("no-store"), headerOf(response, "Cache-Control"));
  }

  void testProvisionsNobody() {
    const std::size_t before = h_->users().userCount();
    http::Response response = lookup(scoped(kApiSecret()), R"({"ids": ["new-1", "new-2"]})");
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(before, h_->users().userCount());
    // Not even the token's own subject.
    CPPUNIT_ASSERT(!h_->users().user("userimg-lookup"));
  }

  void testWithoutATokenIs401() {
    http::Response response = lookup("", R"({"ids": ["1"]})");
    CPPUNIT_ASSERT_EQUAL(401, response.status);
    CPPUNIT_ASSERT(stringAt(jsonOf(response), "error") != "<absent>");
    CPPUNIT_ASSERT_EQUAL(401, lookup("Bearer forged", R"({"ids": ["1"]})").status);
  }

  void testAUsersTokenIs403() {
    http::Response response = lookup(h_->tokenFor("alice"), R"({"ids": ["1"]})");
    CPPUNIT_ASSERT_EQUAL(403, response.status);
    CPPUNIT_ASSERT(stringAt(jsonOf(response), "error").find(kLookupScope) != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("the 403 provisions nobody either", !h_->users().user("alice"));
  }

  void testScopeMustBeAWholeItem() {
    CPPUNIT_ASSERT_EQUAL(
        200,
        lookup(scoped(kApiSecret(), "openid userimg:lookup profile"), R"({"ids": []})").status);
    for (const char* scope : {"userimg:lookups", "userimg", "openid", "xuserimg:lookup"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(scope, 403,
                                   lookup(scoped(kApiSecret(), scope), R"({"ids": []})").status);
    }
  }

  void testMoreThan100IdsIs400() {
    std::string ids;
    for (int i = 0; i < 100; ++i) ids += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
    CPPUNIT_ASSERT_EQUAL(200, lookup(scoped(kApiSecret()), "{\"ids\": [" + ids + "]}").status);
    http::Response over = lookup(scoped(kApiSecret()), "{\"ids\": [" + ids + ",\"100\"]}");
    CPPUNIT_ASSERT_EQUAL(400, over.status);
    CPPUNIT_ASSERT(stringAt(jsonOf(over), "error").find("100") != std::string::npos);
  }

  void testMalformedBodiesAre400() {
    for (const char* body :
         {"", "not json", "[]", R"({"ids": "17"})", R"({"ids": [17]})", R"({"users": ["17"]})"}) {
      http::Response response = lookup(scoped(kApiSecret()), body);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 400, response.status);
      CPPUNIT_ASSERT_MESSAGE(body, stringAt(jsonOf(response), "error") != "<absent>");
    }
  }

  void testASeparateSecretSignsLookupTokens() {
    config::AuthConfig auth;
    auth.secret = kLookupSecret;
    auto verifier = std::make_unique<auth::JwtVerifier>(auth, h_->clock());
    install(verifier.get());
    CPPUNIT_ASSERT_EQUAL(200, lookup(scoped(kLookupSecret), R"({"ids": []})").status);
    // Signed with the users' secret: known, but not allowed.
    CPPUNIT_ASSERT_EQUAL(403, lookup(scoped(kApiSecret()), R"({"ids": []})").status);
    CPPUNIT_ASSERT_EQUAL(403, lookup(h_->tokenFor("alice"), R"({"ids": []})").status);
    CPPUNIT_ASSERT_EQUAL(401,
                         lookup(scoped("some-other-secret-0123456789"), R"({"ids": []})").status);
    router_ = http::Router();
    verifier_ = std::move(verifier);
  }

 private:
  static std::string kApiSecret() { return api::testing::kSecret; }

  void install(const auth::JwtVerifier* lookupVerifier) {
    if (!h_) {
      h_ = std::make_unique<ApiHarness>();
      h_->processor().setVariantSizes({64, 128});
      h_->context().publicMountPrefix = "";
    }
    router_ = http::Router();
    api::addUsersMeRoutes(router_, h_->context());
    addLookupRoute(router_, h_->context(), h_->users(), {lookupVerifier, std::string()});
  }

  std::string scoped(const std::string& secret, const std::string& scope = kLookupScope) {
    config::AuthConfig auth;
    auth.secret = secret;
    return "Bearer " +
           auth::TokenIssuer(auth, h_->clock()).issue({"userimg-lookup", 3600, "", "", scope});
  }
  http::Response send(const std::string& method, const std::string& path,
                      const std::string& authorization) {
    return sendOn(router_, method, path, authorization);
  }
  http::Response lookup(const std::string& authorization, const std::string& body) {
    return router_.dispatch(
        ApiHarness::request("POST", kLookupPath, authorization, body, "application/json").request);
  }
  void upload(const std::string& token) { uploadProfileOn(router_, token); }

  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<auth::JwtVerifier> verifier_;
  http::Router router_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LookupRouteTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
