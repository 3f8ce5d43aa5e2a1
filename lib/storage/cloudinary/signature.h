#pragma once
// Cloudinary's request signatures (see "Generating authentication
// signatures" in Cloudinary's documentation): every parameter of a signed
// call except file, api_key, resource_type, cloud_name and signature itself,
// empty values skipped, sorted by name, written "name=value" and joined with
// '&'; the API secret is appended and the whole hashed with SHA-1 (default)
// or SHA-256, in lower-case hex. Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace userimg::storage::cloudinary {

enum class SignatureAlgorithm { kSha1, kSha256 };

// "sha1" / "sha256"; nullopt for anything else.
std::optional<SignatureAlgorithm> signatureAlgorithmFromName(std::string_view name);

using Params = std::vector<std::pair<std::string, std::string>>;

// "eager=...&public_id=...&timestamp=..." (without the secret).
std::string stringToSign(const Params& params);

// The hex digest of stringToSign(params) + apiSecret.
std::string signParams(const Params& params, std::string_view apiSecret,
                       SignatureAlgorithm algorithm);

// The lower-case hex digest of `data`.
std::string hexDigest(std::string_view data, SignatureAlgorithm algorithm);

}  // namespace userimg::storage::cloudinary
