#pragma once
// JSON shapes both surfaces add on top of their specs: an image's variants
// and its recorded metadata.

#include <Poco/JSON/Object.h>

#include "db/user_repository.h"

namespace userimg::api {

// {"64": url, "128": url, ...}
Poco::JSON::Object variantsJson(const db::ImageRecord& image);

// {"url", "content_type", "bytes", "width", "height", "variants"}
Poco::JSON::Object imageJson(const db::ImageRecord& image);

}  // namespace userimg::api
