#pragma once
// `userimgctl regenerate`: rebuilds every stored image's variants and
// placeholder from its stored main image (service/regenerator.h), printing
// progress on stdout:
//
//   regenerate: 3 images to look at
//   [1/3] rebuilt profile 42 resume/images/3f/3f2a....jpg (2.1 images/s, 1s left)
//   [2/3] up to date cover 42 resume/covers/9c/9c1e....jpg (3.0 images/s, 0s left)
//   [3/3] failed profile 43 resume/images/...: <why> (2.9 images/s, 0s left)
//   regenerate: 3 of 3 images in 1.0 s (2.9 images/s): 1 rebuilt, 1 up to date, 0 skipped, 1 failed
//
// Exit codes: 0 every image done, 1 an image or the database failed, 2 bad
// usage (the message on stderr).

#include <string>
#include <vector>

#include "config/config.h"

namespace userimg::cli {

// The usage lines of the command, for userimgctl's help.
extern const char* const kRegenerateUsage;

// Runs the command with its arguments (after "regenerate").
int regenerate(const config::AppConfig& config, const std::vector<std::string>& args);

}  // namespace userimg::cli
