#include "storage/cloudinary/signature.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace userimg::storage::cloudinary {
namespace {

// Parameters Cloudinary leaves out of the string to sign.
bool isUnsigned(std::string_view name) {
  return name == "file" || name == "api_key" || name == "resource_type" || name == "cloud_name" ||
         name == "signature";
}

}  // namespace

std::optional<SignatureAlgorithm> signatureAlgorithmFromName(std::string_view name) {
  if (name == "sha1") return SignatureAlgorithm::kSha1;
  if (name == "sha256") return SignatureAlgorithm::kSha256;
  return std::nullopt;
}

std::string stringToSign(const Params& params) {
  std::vector<const std::pair<std::string, std::string>*> signedParams;
  for (const auto& param : params) {
    if (!isUnsigned(param.first) && !param.second.empty()) signedParams.push_back(&param);
  }
  std::sort(signedParams.begin(), signedParams.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  for (const auto* param : signedParams) {
    if (!out.empty()) out += '&';
    out += param->first;
    out += '=';
    out += param->second;
  }
  return out;
}

std::string signParams(const Params& params, std::string_view apiSecret,
                       SignatureAlgorithm algorithm) {
  std::string payload = stringToSign(params);
  payload.append(apiSecret);
  std::string digest = hexDigest(payload, algorithm);
  std::fill(payload.begin(), payload.end(), '\0');  // do not leave the secret lying around
  return digest;
}

std::string hexDigest(std::string_view data, SignatureAlgorithm algorithm) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const EVP_MD* md = algorithm == SignatureAlgorithm::kSha256 ? EVP_sha256() : EVP_sha1();
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, md, nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0f];
  }
  return out;
}

}  // namespace userimg::storage::cloudinary
