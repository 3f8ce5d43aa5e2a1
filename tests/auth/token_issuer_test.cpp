#include <Poco/JSON/Object.h>
#include <Poco/JWT/Token.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "auth/jwt_verifier.h"
#include "auth/token_issuer.h"

namespace userimg::auth {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

class FixedClock final : public core::Clock {
 public:
  explicit FixedClock(std::int64_t now) : now_(now) {}
  std::int64_t nowSeconds() const override { return now_; }

 private:
  std::int64_t now_;
};

class TokenIssuerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TokenIssuerTest);
  CPPUNIT_TEST(testIssuesTokenTheVerifierAccepts);
  CPPUNIT_TEST(testSetsIssuedAtAndExpiryAsWholeSeconds);
  CPPUNIT_TEST(testOmitsEmptyOptionalClaims);
  CPPUNIT_TEST(testSetsIssuerAndAudienceWhenConfigured);
  CPPUNIT_TEST(testPrefersHs256);
  CPPUNIT_TEST(testUsesFirstConfiguredAlgorithmWithoutHs256);
  CPPUNIT_TEST(testTokenExpiresAfterTtl);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    config_ = config::AuthConfig();
    config_.secret = "issuer-test-secret-issuer-test-secret";
  }

  void testIssuesTokenTheVerifierAccepts() {
    TokenClaims claims;
    claims.userId = "u-1";
    claims.email = "u1@example.com";
    claims.username = "user1";
    const std::string token = issue(claims);
    FixedClock clock(kNow);
    auto p = JwtVerifier(config_, clock).verify(token);
    CPPUNIT_ASSERT_MESSAGE(p.status().toString(), p.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("u-1"), p->userId);
    CPPUNIT_ASSERT_EQUAL(std::string("u1@example.com"), p->email);
    CPPUNIT_ASSERT_EQUAL(std::string("user1"), p->username);
  }

  void testSetsIssuedAtAndExpiryAsWholeSeconds() {
    TokenClaims claims;
    claims.userId = "u-1";
    claims.ttlSeconds = 120;
    const Poco::JWT::Token token(issue(claims));
    CPPUNIT_ASSERT(token.payload().get("iat").isInteger());
    CPPUNIT_ASSERT_EQUAL(Poco::Int64(kNow), token.payload().getValue<Poco::Int64>("iat"));
    CPPUNIT_ASSERT_EQUAL(Poco::Int64(kNow + 120), token.payload().getValue<Poco::Int64>("exp"));
    CPPUNIT_ASSERT_EQUAL(std::string("u-1"), token.getSubject());
    CPPUNIT_ASSERT_EQUAL(std::string("JWT"), token.getType());
  }

  void testOmitsEmptyOptionalClaims() {
    TokenClaims claims;
    claims.userId = "u-1";
    const Poco::JWT::Token token(issue(claims));
    for (const char* name : {"email", "username", "iss", "aud"}) {
      CPPUNIT_ASSERT_MESSAGE(name, !token.payload().has(name));
    }
  }

  void testSetsIssuerAndAudienceWhenConfigured() {
    config_.issuer = "https://auth.example.com";
    config_.audience = "userimg";
    TokenClaims claims;
    claims.userId = "u-1";
    const std::string jwt = issue(claims);
    const Poco::JWT::Token token(jwt);
    CPPUNIT_ASSERT_EQUAL(config_.issuer, token.getIssuer());
    CPPUNIT_ASSERT(token.getAudience() == std::vector<std::string>{"userimg"});
    FixedClock clock(kNow);
    CPPUNIT_ASSERT(JwtVerifier(config_, clock).verify(jwt).ok());
  }

  void testPrefersHs256() {
    config_.algorithms = {"HS384", "HS256", "HS512"};
    CPPUNIT_ASSERT_EQUAL(std::string("HS256"), algorithmOf(issue(userClaims())));
  }

  void testUsesFirstConfiguredAlgorithmWithoutHs256() {
    config_.algorithms = {"HS512", "HS384"};
    CPPUNIT_ASSERT_EQUAL(std::string("HS384"), algorithmOf(issue(userClaims())));
    config_.algorithms = {"HS512"};
    const std::string jwt = issue(userClaims());
    CPPUNIT_ASSERT_EQUAL(std::string("HS512"), algorithmOf(jwt));
    FixedClock clock(kNow);
    CPPUNIT_ASSERT(JwtVerifier(config_, clock).verify(jwt).ok());
  }

  void testTokenExpiresAfterTtl() {
    config_.leewaySeconds = 0;
    TokenClaims claims = userClaims();
    claims.ttlSeconds = 60;
    const std::string jwt = issue(claims);
    FixedClock before(kNow + 59);
    CPPUNIT_ASSERT(JwtVerifier(config_, before).verify(jwt).ok());
    FixedClock after(kNow + 60);
    CPPUNIT_ASSERT_EQUAL(std::string("Token has expired"),
                         JwtVerifier(config_, after).verify(jwt).status().message());
  }

 private:
  static TokenClaims userClaims() {
    TokenClaims claims;
    claims.userId = "u-1";
    return claims;
  }

  static std::string algorithmOf(const std::string& jwt) {
    return Poco::JWT::Token(jwt).getAlgorithm();
  }

  std::string issue(const TokenClaims& claims) {
    FixedClock clock(kNow);
    return TokenIssuer(config_, clock).issue(claims);
  }

  config::AuthConfig config_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TokenIssuerTest, "auth");

}  // namespace
}  // namespace userimg::auth
