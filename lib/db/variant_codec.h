#pragma once
// The user_images.variants column: an image's variants as a JSON array,
// [{"name": "128", "key": "...", "url": "...", "width": 128, "height": 128}],
// with "format": "webp" on a sibling in another format than the image's;
// NULL when there are none.

#include <Poco/Nullable.h>

#include <string>
#include <vector>

#include "db/user_repository.h"

namespace userimg::db {

Poco::Nullable<std::string> encodeVariants(const std::vector<VariantRecord>& variants);

// The variants of a column value. NULL, malformed JSON or malformed entries
// give what could be read (never throws): a damaged column must not make the
// user's images unreadable.
std::vector<VariantRecord> decodeVariants(const Poco::Nullable<std::string>& column);

}  // namespace userimg::db
