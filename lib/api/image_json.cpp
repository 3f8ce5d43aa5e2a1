#include "api/image_json.h"

namespace userimg::api {

Poco::JSON::Object variantsJson(const db::ImageRecord& image) {
  Poco::JSON::Object variants;
  for (const db::VariantRecord& variant : image.variants) variants.set(variant.name, variant.url);
  return variants;
}

Poco::JSON::Object imageJson(const db::ImageRecord& image) {
  Poco::JSON::Object out;
  out.set("url", image.url);
  out.set("content_type", image.contentType);
  out.set("bytes", image.bytes);
  out.set("width", image.width ? Poco::Dynamic::Var(*image.width) : Poco::Dynamic::Var());
  out.set("height", image.height ? Poco::Dynamic::Var(*image.height) : Poco::Dynamic::Var());
  out.set("variants", variantsJson(image));
  return out;
}

}  // namespace userimg::api
