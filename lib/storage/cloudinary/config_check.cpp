#include "storage/cloudinary/config_check.h"

#include <cctype>
#include <string>

#include "storage/cloudinary/signature.h"

namespace userimg::storage::cloudinary {
namespace {

using core::Status;

bool isHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

bool isPlainFolder(const std::string& folder) {
  return !folder.empty() && folder.front() != '/' && folder.back() != '/' &&
         folder.find("..") == std::string::npos;
}

}  // namespace

core::Status validateCloudinaryConfig(const config::CloudinaryConfig& config) {
  const auto bad = [](const char* key, const char* why) {
    return Status::invalidArgument(std::string("[cloudinary] ") + key + ": " + why);
  };
  if (config.cloudName.empty()) return bad("cloud_name", "required");
  for (const char c : config.cloudName) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return bad("cloud_name", "only letters, digits, '-' and '_' are allowed");
    }
  }
  if (config.apiKey.empty()) return bad("api_key", "required");
  if (config.apiSecret.empty()) return bad("api_secret", "required");
  if (!isHttpUrl(config.uploadPrefix)) return bad("upload_prefix", "not an http(s) URL");
  if (!isHttpUrl(config.deliveryPrefix)) return bad("delivery_prefix", "not an http(s) URL");
  if (!isPlainFolder(config.profileFolder)) return bad("profile_folder", "not a folder name");
  if (!isPlainFolder(config.coverFolder)) return bad("cover_folder", "not a folder name");
  if (!signatureAlgorithmFromName(config.signatureAlgorithm)) {
    return bad("signature_algorithm", "must be sha1 or sha256");
  }
  if (config.connectTimeoutMs <= 0) return bad("connect_timeout_ms", "must be positive");
  if (config.timeoutMs <= 0) return bad("timeout_ms", "must be positive");
  if (config.maxAttempts < 1 || config.maxAttempts > 10) return bad("max_attempts", "1 to 10");
  return Status::ok();
}

}  // namespace userimg::storage::cloudinary
