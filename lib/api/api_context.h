#pragma once
// ApiContext: what the handlers of both surfaces share. Built once by
// app::Application; handlers borrow it (it outlives the router).

#include <filesystem>
#include <optional>
#include <string>

#include "auth/jwt_verifier.h"
#include "multipart/form_parser.h"
#include "service/image_service.h"

namespace userimg::api {

struct ApiContext {
  const auth::JwtVerifier& verifier;
  service::ImageService& images;
  multipart::FormLimits formLimits;     // maxBodyBytes = [upload] max_bytes
  std::filesystem::path uploadTempDir;  // where multipart parts are spooled
  std::string defaultProfileUrl;        // surface A's image when none is set
  // [public] enabled: the mount prefix of the public image URLs, which the
  // JSON answers then name (avatars/public_images.h); nullopt: off.
  std::optional<std::string> publicMountPrefix = std::nullopt;
};

}  // namespace userimg::api
