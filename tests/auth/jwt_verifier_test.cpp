#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>

#include "auth/hmac.h"
#include "auth/jwt_verifier.h"
#include "fakes/fixed_clock.h"

namespace userimg::auth {
namespace {

using core::StatusCode;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef";

class FixedClock final : public core::Clock {
 public:
  explicit FixedClock(std::int64_t now) : now_(now) {}
  std::int64_t nowSeconds() const override { return now_; }

 private:
  std::int64_t now_;
};

// Encoding with Poco's encoder keeps the tests independent of auth/base64url.
std::string b64url(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string unb64url(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  std::string out;
  for (int c = decoder.get(); c != -1; c = decoder.get()) out.push_back(static_cast<char>(c));
  return out;
}

// A payload with the claims a valid token carries.
Poco::JSON::Object validClaims() {
  Poco::JSON::Object claims;
  claims.set("sub", std::string("user-42"));
  claims.set("exp", Poco::Int64(kNow + 600));
  claims.set("iat", Poco::Int64(kNow - 10));
  return claims;
}

// Signs with Poco's Signer, an implementation independent of the verifier.
std::string sign(const Poco::JSON::Object& claims, const std::string& algorithm = "HS256",
                 const std::string& secret = kSecret) {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.payload() = claims;
  Poco::JWT::Signer signer(secret);
  return signer.sign(token, algorithm);
}

class JwtVerifierTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(JwtVerifierTest);
  CPPUNIT_TEST(testAcceptsValidTokenAndMapsClaims);
  CPPUNIT_TEST(testFallsBackToPreferredUsername);
  CPPUNIT_TEST(testIgnoresNonStringProfileClaims);
  CPPUNIT_TEST(testRejectsWrongSecret);
  CPPUNIT_TEST(testRejectsTamperedPayload);
  CPPUNIT_TEST(testRejectsAlgNone);
  CPPUNIT_TEST(testRejectsAlgorithmNotConfigured);
  CPPUNIT_TEST(testAcceptsOtherConfiguredHmacAlgorithms);
  CPPUNIT_TEST(testRejectsNonHmacAlgorithmEvenIfConfigured);
  CPPUNIT_TEST(testRejectsMissingExp);
  CPPUNIT_TEST(testRejectsNonNumericExp);
  CPPUNIT_TEST(testRejectsExpiredToken);
  CPPUNIT_TEST(testAcceptsExpiredTokenWithinLeeway);
  CPPUNIT_TEST(testRejectsTokenNotYetValid);
  CPPUNIT_TEST(testAcceptsNbfWithinLeeway);
  CPPUNIT_TEST(testChecksIssuerWhenConfigured);
  CPPUNIT_TEST(testChecksAudienceStringAndArray);
  CPPUNIT_TEST(testRejectsMissingSubject);
  CPPUNIT_TEST(testRejectsNonStringSubject);
  CPPUNIT_TEST(testRejectsSubjectTooLongOrWithControlCharacters);
  CPPUNIT_TEST(testRejectsSubjectWithEdgeSpaces);
  CPPUNIT_TEST(testRejectsGarbage);
  CPPUNIT_TEST(testRejectsSignedPayloadThatIsNotAnObject);
  CPPUNIT_TEST(testRemembersVerifiedTokensUntilTheyExpire);
  CPPUNIT_TEST(testNeverRemembersFailures);
  CPPUNIT_TEST(testRejectsHugeToken);
  CPPUNIT_TEST(testRejectsSignatureDifferingInLastByte);
  CPPUNIT_TEST(testRejectsNonCanonicalSignatureSpelling);
  CPPUNIT_TEST(testRejectsMissingCredentials);
  CPPUNIT_TEST(testAcceptsBearerSchemeCaseInsensitively);
  CPPUNIT_TEST(testRejectsOtherSchemes);
  CPPUNIT_TEST(testMessagesNeverEchoTheToken);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    config_ = config::AuthConfig();
    config_.secret = kSecret;
    config_.leewaySeconds = 30;
  }

  void testAcceptsValidTokenAndMapsClaims() {
    Poco::JSON::Object claims = validClaims();
    claims.set("email", std::string("a@example.com"));
    claims.set("username", std::string("alice"));
    claims.set("preferred_username", std::string("not-this"));
    auto p = verify(sign(claims));
    CPPUNIT_ASSERT_MESSAGE(p.status().toString(), p.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("user-42"), p->userId);
    CPPUNIT_ASSERT_EQUAL(std::string("a@example.com"), p->email);
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), p->username);
  }

  void testFallsBackToPreferredUsername() {
    Poco::JSON::Object claims = validClaims();
    claims.set("preferred_username", std::string("bob"));
    auto p = verify(sign(claims));
    CPPUNIT_ASSERT(p.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("bob"), p->username);
    CPPUNIT_ASSERT_EQUAL(std::string(""), p->email);
  }

  void testIgnoresNonStringProfileClaims() {
    Poco::JSON::Object claims = validClaims();
    claims.set("email", 12);
    claims.set("username", true);
    claims.set("preferred_username", std::string("carol"));
    auto p = verify(sign(claims));
    CPPUNIT_ASSERT(p.ok());
    CPPUNIT_ASSERT_EQUAL(std::string(""), p->email);
    CPPUNIT_ASSERT_EQUAL(std::string("carol"), p->username);
  }

  void testRejectsWrongSecret() {
    expectRejected(sign(validClaims(), "HS256", "another-secret"), "Invalid token signature");
  }

  void testRejectsTamperedPayload() {
    const std::string token = sign(validClaims());
    Poco::JSON::Object claims = validClaims();
    claims.set("sub", std::string("admin"));
    const std::string forged = sign(claims, "HS256", "attacker");
    // The attacker's payload with the genuine header and signature.
    const auto first = token.find('.');
    const auto last = token.rfind('.');
    const auto fFirst = forged.find('.');
    const auto fLast = forged.rfind('.');
    const std::string tampered =
        token.substr(0, first) + forged.substr(fFirst, fLast - fFirst) + token.substr(last);
    expectRejected(tampered, "Invalid token signature");
  }

  void testRejectsAlgNone() {
    const std::string header = b64url(R"({"alg":"none","typ":"JWT"})");
    std::ostringstream payload;
    validClaims().stringify(payload);
    const std::string body = header + "." + b64url(payload.str());
    expectRejected(body + ".", "Invalid token");
    expectRejected(body + "." + b64url("x"), "Token algorithm is not accepted");
    config_.algorithms.insert("none");  // even when misconfigured
    expectRejected(body + "." + b64url("x"), "Token algorithm is not accepted");
  }

  void testRejectsAlgorithmNotConfigured() {
    expectRejected(sign(validClaims(), "HS512"), "Token algorithm is not accepted");
  }

  void testAcceptsOtherConfiguredHmacAlgorithms() {
    config_.algorithms = {"HS384", "HS512"};
    CPPUNIT_ASSERT(verify(sign(validClaims(), "HS384")).ok());
    CPPUNIT_ASSERT(verify(sign(validClaims(), "HS512")).ok());
    expectRejected(sign(validClaims(), "HS256"), "Token algorithm is not accepted");
  }

  void testRejectsNonHmacAlgorithmEvenIfConfigured() {
    config_.algorithms.insert("RS256");
    const std::string token = sign(validClaims());
    const std::string header = b64url(R"({"alg":"RS256","typ":"JWT"})");
    expectRejected(header + token.substr(token.find('.')), "Token algorithm is not accepted");
  }

  void testRejectsMissingExp() {
    Poco::JSON::Object claims = validClaims();
    claims.remove("exp");
    expectRejected(sign(claims), "Token has no expiration time");
  }

  void testRejectsNonNumericExp() {
    Poco::JSON::Object claims = validClaims();
    claims.set("exp", std::string("1900000000"));
    expectRejected(sign(claims), "Token has an invalid expiration time");
    claims.set("exp", true);
    expectRejected(sign(claims), "Token has an invalid expiration time");
    claims.set("exp", Poco::Dynamic::Var());
    expectRejected(sign(claims), "Token has an invalid expiration time");
  }

  void testRejectsExpiredToken() {
    Poco::JSON::Object claims = validClaims();
    claims.set("exp", Poco::Int64(kNow - 31));
    expectRejected(sign(claims), "Token has expired");
    config_.leewaySeconds = 0;
    claims.set("exp", Poco::Int64(kNow));
    expectRejected(sign(claims), "Token has expired");
  }

  void testAcceptsExpiredTokenWithinLeeway() {
    Poco::JSON::Object claims = validClaims();
    claims.set("exp", Poco::Int64(kNow - 29));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
    claims.set("exp", double(kNow) + 0.5);  // a fractional NumericDate
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
  }

  void testRejectsTokenNotYetValid() {
    Poco::JSON::Object claims = validClaims();
    claims.set("nbf", Poco::Int64(kNow + 31));
    expectRejected(sign(claims), "Token is not yet valid");
  }

  void testAcceptsNbfWithinLeeway() {
    Poco::JSON::Object claims = validClaims();
    claims.set("nbf", Poco::Int64(kNow + 30));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
  }

  void testChecksIssuerWhenConfigured() {
    Poco::JSON::Object claims = validClaims();
    CPPUNIT_ASSERT(verify(sign(claims)).ok());  // not configured: not checked
    config_.issuer = "https://auth.example.com";
    expectRejected(sign(claims), "Token issuer is not accepted");
    claims.set("iss", std::string("https://evil.example.com"));
    expectRejected(sign(claims), "Token issuer is not accepted");
    claims.set("iss", std::string("https://auth.example.com"));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
  }

  void testChecksAudienceStringAndArray() {
    config_.audience = "userimg";
    Poco::JSON::Object claims = validClaims();
    expectRejected(sign(claims), "Token audience is not accepted");
    claims.set("aud", std::string("userimg"));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
    claims.set("aud", std::string("other"));
    expectRejected(sign(claims), "Token audience is not accepted");
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    list->add(std::string("other"));
    list->add(7);
    claims.set("aud", list);
    expectRejected(sign(claims), "Token audience is not accepted");
    list->add(std::string("userimg"));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
  }

  void testRejectsMissingSubject() {
    Poco::JSON::Object claims = validClaims();
    claims.remove("sub");
    expectRejected(sign(claims), "Token has no valid subject");
    claims.set("sub", std::string(""));
    expectRejected(sign(claims), "Token has no valid subject");
  }

  void testRejectsNonStringSubject() {
    Poco::JSON::Object claims = validClaims();
    claims.set("sub", 42);
    expectRejected(sign(claims), "Token has no valid subject");
  }

  void testRejectsSubjectTooLongOrWithControlCharacters() {
    Poco::JSON::Object claims = validClaims();
    claims.set("sub", std::string(191, 'u'));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
    claims.set("sub", std::string(192, 'u'));
    expectRejected(sign(claims), "Token has no valid subject");
    claims.set("sub", std::string("user\n42"));
    expectRejected(sign(claims), "Token has no valid subject");
    claims.set("sub", std::string("us\xc3\xa9r"));
    expectRejected(sign(claims), "Token has no valid subject");
  }

  // MariaDB compares ids ignoring trailing spaces: "42 " would act as user 42.
  void testRejectsSubjectWithEdgeSpaces() {
    Poco::JSON::Object claims = validClaims();
    claims.set("sub", std::string("user 42"));
    CPPUNIT_ASSERT(verify(sign(claims)).ok());
    for (const char* sub : {"user42 ", " user42", " "}) {
      claims.set("sub", std::string(sub));
      expectRejected(sign(claims), "Token has no valid subject");
    }
  }

  void testRejectsGarbage() {
    const std::string valid = sign(validClaims());
    for (const std::string& junk :
         {std::string(""), std::string("a.b"), std::string("..."), std::string(".."),
          std::string("abc.def.ghi"), std::string("!!!.@@@.###"), valid + ".x", valid + ".",
          "." + valid, b64url("[1,2]") + "." + b64url("{}") + ".abcd",
          b64url("{\"alg\":\"HS256\"}") + "." + b64url("not json") + ".abcd",
          std::string("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0=.abcd")}) {
      auto p = verify(junk);
      CPPUNIT_ASSERT_MESSAGE(junk, !p.ok());
      CPPUNIT_ASSERT(p.status().code() == StatusCode::kUnauthenticated);
    }
  }

  // Correctly signed, so only the payload's parse can refuse it.
  void testRejectsSignedPayloadThatIsNotAnObject() {
    const std::string header = b64url(R"({"alg":"HS256","typ":"JWT"})");
    for (const std::string payload : {"[1,2]", "\"user-42\"", "42", "not json", "{\"sub\":"}) {
      const std::string input = header + "." + b64url(payload);
      const std::string token = input + "." + b64url(hmac("HS256", kSecret, input).value());
      expectRejected(token, "Invalid token");
    }
  }

  // One verifier across requests, as in the server: the second use of a
  // token comes from the cache, and still expires on time.
  void testRemembersVerifiedTokensUntilTheyExpire() {
    fakes::FixedClock clock(kNow);
    const JwtVerifier verifier(config_, clock);
    Poco::JSON::Object claims = validClaims();
    claims.set("email", std::string("a@example.com"));
    const std::string token = sign(claims);
    for (int i = 0; i < 2; ++i) {
      const auto principal = verifier.verify(token);
      CPPUNIT_ASSERT_MESSAGE(principal.status().toString(), principal.ok());
      CPPUNIT_ASSERT_EQUAL(std::string("user-42"), principal->userId);
      CPPUNIT_ASSERT_EQUAL(std::string("a@example.com"), principal->email);
      CPPUNIT_ASSERT_EQUAL(kNow + 600, principal->expiresAt);
    }
    clock.set(kNow + 600 + config_.leewaySeconds - 1);
    CPPUNIT_ASSERT(verifier.verify(token).ok());
    clock.set(kNow + 600 + config_.leewaySeconds);
    const auto expired = verifier.verify(token);
    CPPUNIT_ASSERT(!expired.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("Token has expired"), expired.status().message());
  }

  void testNeverRemembersFailures() {
    fakes::FixedClock clock(kNow);
    const JwtVerifier verifier(config_, clock);
    const std::string token = sign(validClaims());
    std::string forged = token;
    forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
    for (int i = 0; i < 2; ++i) {
      CPPUNIT_ASSERT(!verifier.verify(forged).ok());
      CPPUNIT_ASSERT(verifier.verify(token).ok());
    }
    // Not yet valid: refused each time, then accepted once nbf is reached.
    Poco::JSON::Object early = validClaims();
    early.set("nbf", Poco::Int64(kNow + 100));
    const std::string later = sign(early);
    CPPUNIT_ASSERT(!verifier.verify(later).ok());
    CPPUNIT_ASSERT(!verifier.verify(later).ok());
    clock.set(kNow + 100 - config_.leewaySeconds);
    CPPUNIT_ASSERT(verifier.verify(later).ok());
  }

  void testRejectsHugeToken() {
    Poco::JSON::Object claims = validClaims();
    claims.set("pad", std::string(9000, 'p'));
    expectRejected(sign(claims), "Token is too long");
    expectRejected(std::string(1 << 20, 'A'), "Token is too long");
  }

  void testRejectsSignatureDifferingInLastByte() {
    const std::string token = sign(validClaims());
    const auto dot = token.rfind('.');
    std::string mac = unb64url(token.substr(dot + 1));
    CPPUNIT_ASSERT_EQUAL(std::size_t{32}, mac.size());
    mac.back() = static_cast<char>(mac.back() ^ 0x01);
    expectRejected(token.substr(0, dot + 1) + b64url(mac), "Invalid token signature");
    mac.pop_back();  // and a truncated one
    expectRejected(token.substr(0, dot + 1) + b64url(mac), "Invalid token signature");
  }

  void testRejectsNonCanonicalSignatureSpelling() {
    const std::string token = sign(validClaims());
    CPPUNIT_ASSERT(verify(token).ok());
    // 32 bytes are 43 characters: the last one carries two unused bits.
    // Setting one gives a string a lenient decoder maps to the same MAC.
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string altered = token;
    altered.back() = alphabet[alphabet.find(token.back()) | 1];
    CPPUNIT_ASSERT(unb64url(altered.substr(altered.rfind('.') + 1)) ==
                   unb64url(token.substr(token.rfind('.') + 1)));
    CPPUNIT_ASSERT(!verify(altered).ok());
  }

  void testRejectsMissingCredentials() {
    auto p = authenticate("");
    CPPUNIT_ASSERT(p.status().code() == StatusCode::kUnauthenticated);
    CPPUNIT_ASSERT_EQUAL(std::string("Authentication credentials were not provided"),
                         p.status().message());
  }

  void testAcceptsBearerSchemeCaseInsensitively() {
    const std::string token = sign(validClaims());
    CPPUNIT_ASSERT(authenticate("Bearer " + token).ok());
    CPPUNIT_ASSERT(authenticate("bearer " + token).ok());
    CPPUNIT_ASSERT(authenticate("BEARER " + token).ok());
    auto p = authenticate("bearer x");
    CPPUNIT_ASSERT_EQUAL(std::string("Invalid token"), p.status().message());
  }

  void testRejectsOtherSchemes() {
    const std::string token = sign(validClaims());
    for (const std::string& header :
         {"Basic " + token, std::string("Basic x"), std::string("Bearer"), std::string("Bearer "),
          "Bearer  " + token, "Bearer\t" + token, "Bearer" + token, "Token " + token, token}) {
      auto p = authenticate(header);
      CPPUNIT_ASSERT_MESSAGE(header, !p.ok());
      CPPUNIT_ASSERT_EQUAL(std::string("Authorization header must be 'Bearer <token>'"),
                           p.status().message());
    }
  }

  void testMessagesNeverEchoTheToken() {
    const std::string secretish = "SECRETPART";
    for (const std::string& token :
         {secretish, secretish + ".a.b", b64url("{\"alg\":\"" + secretish + "\"}") + ".e30.e30"}) {
      auto p = authenticate("Bearer " + token);
      CPPUNIT_ASSERT(!p.ok());
      CPPUNIT_ASSERT(p.status().message().find(secretish) == std::string::npos);
    }
  }

 private:
  core::Result<Principal> verify(const std::string& token) {
    FixedClock clock(kNow);
    return JwtVerifier(config_, clock).verify(token);
  }

  core::Result<Principal> authenticate(const std::string& header) {
    FixedClock clock(kNow);
    return JwtVerifier(config_, clock).authenticate(header);
  }

  void expectRejected(const std::string& token, const std::string& message) {
    auto p = verify(token);
    CPPUNIT_ASSERT_MESSAGE("accepted: " + message, !p.ok());
    CPPUNIT_ASSERT(p.status().code() == StatusCode::kUnauthenticated);
    CPPUNIT_ASSERT_EQUAL(message, p.status().message());
  }

  config::AuthConfig config_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JwtVerifierTest, "auth");

}  // namespace
}  // namespace userimg::auth
