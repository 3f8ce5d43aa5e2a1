// libFuzzer target: the JWT verifier (lib/auth/), token and claims. The
// input's last bytes choose the verifier's options (algorithms, leeway,
// issuer, audience, token cache) and a mode:
//   0  the rest is an Authorization header value, verified as sent;
//   1  the rest is a claims JSON, signed with the fuzzer's key under a
//      well-formed header for one of HS256/HS384/HS512, so the claim checks
//      are reached;
//   2  a JOSE header JSON (up to a "\\" + any byte separator) and a claims
//      JSON, both signed: the header's own parsing after a valid signature.
//
// Contracts checked besides "no crash, no leak, no sanitizer report":
// - every failure is kUnauthenticated and its message never contains the
//   token;
// - a success names a subject of 1-191 printable ASCII characters, an exp
//   after now - leeway and an nbf (when present) before now + leeway, and
//   in mode 1 only comes from an algorithm the configuration accepts;
// - the same token verified again (through the token cache when it is on)
//   gives the same answer.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "auth/base64url.h"
#include "auth/hmac.h"
#include "auth/jwt_verifier.h"
#include "core/clock.h"
#include "fuzz_check.h"

namespace {

using userimg::auth::Principal;
using userimg::core::Result;
using userimg::core::StatusCode;

// The secret of tests/auth/jwt_verifier_test.cpp, so its tokens are seeds.
const std::string kSecret = "0123456789abcdef0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;
const char* const kAlgorithms[] = {"HS256", "HS384", "HS512", "none", "RS256"};

class FixedClock final : public userimg::core::Clock {
 public:
  std::int64_t nowSeconds() const override { return kNow; }
};

userimg::config::AuthConfig configFrom(FuzzedDataProvider& in) {
  userimg::config::AuthConfig config;
  config.secret = kSecret;
  config.algorithms.clear();
  const auto mask = in.ConsumeIntegral<std::uint8_t>();
  for (int i = 0; i < 5; ++i) {
    if ((mask & (1 << i)) != 0) config.algorithms.insert(kAlgorithms[i]);
  }
  config.leewaySeconds = in.ConsumeIntegralInRange<int>(-5, 120);
  if (in.ConsumeBool()) config.issuer = "https://auth.example.com";
  if (in.ConsumeBool()) config.audience = "userimg";
  config.tokenCacheEntries = in.ConsumeBool() ? 4 : 0;
  return config;
}

std::string signedToken(const std::string& header, const std::string& claims,
                        const std::string& algorithm) {
  const std::string input =
      userimg::auth::base64UrlEncode(header) + "." + userimg::auth::base64UrlEncode(claims);
  const auto mac = userimg::auth::hmac(algorithm, kSecret, input);
  FUZZ_CHECK(mac.has_value(), "the fuzzer's own signature");
  return input + "." + userimg::auth::base64UrlEncode(*mac);
}

bool sameAnswer(const Result<Principal>& a, const Result<Principal>& b) {
  if (a.ok() != b.ok()) return false;
  if (!a.ok()) return a.status().message() == b.status().message();
  return a->userId == b->userId && a->email == b->email && a->username == b->username &&
         a->expiresAt == b->expiresAt && a->notBefore == b->notBefore && a->scope == b->scope;
}

void checkAnswer(const Result<Principal>& answer, const userimg::config::AuthConfig& config,
                 const std::string& token) {
  if (!answer) {
    FUZZ_CHECK(answer.status().code() == StatusCode::kUnauthenticated, "failures are 401s");
    const std::string message = answer.status().message();
    // Only a token of a JWT's shape: a short or dotless one may be part of
    // a fixed message by chance ("Bearer <to").
    const bool jwtShaped = std::count(token.begin(), token.end(), '.') >= 2;
    FUZZ_CHECK(!jwtShaped || message.find(token) == std::string::npos,
               "a failure never echoes the token");
    return;
  }
  const std::string& sub = answer->userId;
  FUZZ_CHECK(!sub.empty() && sub.size() <= 191, "subject length");
  FUZZ_CHECK(std::all_of(sub.begin(), sub.end(), [](char c) { return c >= 0x20 && c <= 0x7E; }),
             "subject is printable ASCII");
  const std::int64_t leeway = std::max(config.leewaySeconds, 0);
  FUZZ_CHECK(kNow - leeway < answer->expiresAt, "an accepted token has not expired");
  FUZZ_CHECK(!answer->notBefore || kNow + leeway >= *answer->notBefore,
             "an accepted token is valid already");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static const FixedClock clock;
  const userimg::config::AuthConfig config = configFrom(in);
  const int mode = in.ConsumeIntegralInRange<int>(0, 2);
  const std::string algorithm = kAlgorithms[in.ConsumeIntegralInRange<int>(0, 2)];

  userimg::auth::JwtVerifier verifier(config, clock);
  std::string token;
  Result<Principal> answer = userimg::core::Status::internal("unset");
  if (mode == 0) {
    const std::string header = in.ConsumeRemainingBytesAsString();
    token = header.substr(std::min<std::size_t>(header.size(), 7));  // after "Bearer "
    answer = verifier.authenticate(header);
    checkAnswer(answer, config, token);
    FUZZ_CHECK(sameAnswer(answer, verifier.authenticate(header)), "the same answer twice");
    return 0;
  }
  std::string jose = "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}";
  if (mode == 2) jose = in.ConsumeRandomLengthString(256);
  const std::string claims = in.ConsumeRemainingBytesAsString();
  token = signedToken(jose, claims, algorithm);
  answer = verifier.verify(token);
  checkAnswer(answer, config, token);
  FUZZ_CHECK(mode != 1 || !answer || config.algorithms.count(algorithm) == 1,
             "only an accepted algorithm passes");
  FUZZ_CHECK(sameAnswer(answer, verifier.verify(token)), "the same answer twice");
  return 0;
}
