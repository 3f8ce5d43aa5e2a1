#pragma once
// Which of an image's copies a public URL answers with (issue 14):
// /avatars/<key>?s=N picks among the square variants ("64", "128", ...),
// /covers/<key>?w=N among the width variants ("640w", ...), both in the
// image's own format (siblings in other formats are listed by the API).
//
// Plain functions, no state: thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "core/image_kind.h"
#include "core/result.h"
#include "db/user_repository.h"

namespace userimg::avatars {

// The largest size a query may ask for; bigger numbers get the largest copy
// anyway, so this only bounds what is parsed.
inline constexpr int kMaxRequestedSize = 100000;

// The size of query parameter `value` (`name` for the message): nullopt when
// absent; kInvalidArgument unless it is a whole number 1..kMaxRequestedSize
// (digits only: no sign, no blanks).
core::Result<std::optional<int>> parseRequestedSize(const std::optional<std::string>& value,
                                                    std::string_view name);

// The URL to answer for `image` of `kind`: with `wanted`, the smallest
// variant of the kind's shape at least `wanted` (the largest when all are
// smaller); without it, or when the image has no such variant (stored
// before variants), the image itself.
const std::string& chooseUrl(const db::ImageRecord& image, core::ImageKind kind,
                             std::optional<int> wanted);

}  // namespace userimg::avatars
