#pragma once
// The check of a [cloudinary] configuration, apart from the store so that
// the config loader (and the config fuzz target) can run it without the
// HTTP client the store is built on. Pure and thread-safe.

#include "config/cloudinary_config.h"
#include "core/status.h"

namespace userimg::storage::cloudinary {

// Checks what the store needs: cloud name, key and secret present, known
// signature algorithm, http(s) prefixes, folders, positive timeouts.
// kInvalidArgument naming the setting (never its value) otherwise.
core::Status validateCloudinaryConfig(const config::CloudinaryConfig& config);

}  // namespace userimg::storage::cloudinary
