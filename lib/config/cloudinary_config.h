#pragma once
// [cloudinary]: the settings of the Cloudinary storage backend, used when
// [storage] backend = cloudinary. The credentials come either from the keys
// below or from one URL in Cloudinary's own format; the environment variable
// CLOUDINARY_URL, when set, wins over the file:
//
//   cloudinary://API_KEY:API_SECRET@CLOUD_NAME?upload_prefix=https://...
//
// The API secret is a credential: never log it, never put it in a message.

#include <cctype>
#include <string>
#include <string_view>

#include "core/result.h"

namespace userimg::config {

struct CloudinaryConfig {
  // The product environment's cloud name. Required.
  std::string cloudName;
  // API key and secret. Required.
  std::string apiKey;
  std::string apiSecret;
  // Where the Upload and Admin APIs live. Default "https://api.cloudinary.com".
  std::string uploadPrefix = "https://api.cloudinary.com";
  // Where images are delivered from; URLs are
  // {deliveryPrefix}/{cloudName}/image/upload/{public_id}.
  // Default "https://res.cloudinary.com".
  std::string deliveryPrefix = "https://res.cloudinary.com";
  // Folders (public ID prefixes) of each kind of image.
  std::string profileFolder = "profile_images";
  std::string coverFolder = "cover_images";
  // Digest of request signatures: "sha1" (default) or "sha256".
  std::string signatureAlgorithm = "sha1";
  // Longest wait for a connection, per attempt. Default 5000 ms.
  int connectTimeoutMs = 5000;
  // Longest one API call may take, retries included. Default 30000 ms.
  int timeoutMs = 30000;
  // Attempts per idempotent API call, the first included. Default 3.
  int maxAttempts = 3;
};

namespace detail {
inline int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
// Percent-decodes `text`; false on a malformed escape.
inline bool percentDecode(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int high = i + 1 < text.size() ? hexValue(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) return false;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}
}  // namespace detail

// Parses a CLOUDINARY_URL over `base` (whose other settings are kept).
// Honoured query parameters: upload_prefix, signature_algorithm; others
// (secure_distribution, cname, nested "cloud[...]" keys, ...) are ignored.
// A path ("/private-cdn-host") is ignored too. Fails with kInvalidArgument,
// without echoing the URL (it holds the secret), on anything malformed.
inline core::Result<CloudinaryConfig> parseCloudinaryUrl(std::string_view url,
                                                         CloudinaryConfig base = {}) {
  constexpr std::string_view kScheme = "cloudinary://";
  const auto fail = [](const char* why) {
    return core::Status::invalidArgument(std::string("CLOUDINARY_URL: ") + why +
                                         " (expected cloudinary://API_KEY:API_SECRET@CLOUD_NAME)");
  };
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back()))) url.remove_suffix(1);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front())))
    url.remove_prefix(1);
  if (url.substr(0, kScheme.size()) != kScheme) return fail("the scheme is not cloudinary://");
  url.remove_prefix(kScheme.size());

  std::string_view query;
  if (const auto mark = url.find('?'); mark != std::string_view::npos) {
    query = url.substr(mark + 1);
    url = url.substr(0, mark);
  }
  const auto at = url.rfind('@');
  if (at == std::string_view::npos) return fail("no '@' before the cloud name");
  std::string_view credentials = url.substr(0, at);
  std::string_view cloud = url.substr(at + 1);
  cloud = cloud.substr(0, cloud.find('/'));  // a private CDN path is not used
  const auto colon = credentials.find(':');
  if (colon == std::string_view::npos) return fail("no ':' between API key and secret");

  CloudinaryConfig config = std::move(base);
  if (!detail::percentDecode(credentials.substr(0, colon), config.apiKey) ||
      !detail::percentDecode(credentials.substr(colon + 1), config.apiSecret) ||
      !detail::percentDecode(cloud, config.cloudName)) {
    return fail("a malformed %-escape");
  }
  if (config.apiKey.empty()) return fail("the API key is empty");
  if (config.apiSecret.empty()) return fail("the API secret is empty");
  if (config.cloudName.empty()) return fail("the cloud name is empty");

  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value;
    if (!detail::percentDecode(pair.substr(eq + 1), value)) return fail("a malformed %-escape");
    const std::string_view name = pair.substr(0, eq);
    if (name == "upload_prefix") {
      if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
        return fail("upload_prefix is not an http(s) URL");
      }
      while (!value.empty() && value.back() == '/') value.pop_back();
      config.uploadPrefix = value;
    } else if (name == "signature_algorithm") {
      if (value != "sha1" && value != "sha256")
        return fail("signature_algorithm is not sha1/sha256");
      config.signatureAlgorithm = value;
    }
  }
  return config;
}

}  // namespace userimg::config
