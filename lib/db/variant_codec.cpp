#include "db/variant_codec.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace userimg::db {

Poco::Nullable<std::string> encodeVariants(const std::vector<VariantRecord>& variants) {
  if (variants.empty()) return {};
  Poco::JSON::Array array;
  for (const VariantRecord& variant : variants) {
    Poco::JSON::Object entry;
    entry.set("name", variant.name);
    entry.set("key", variant.key);
    entry.set("url", variant.url);
    entry.set("width", variant.width);
    entry.set("height", variant.height);
    array.add(entry);
  }
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

std::vector<VariantRecord> decodeVariants(const Poco::Nullable<std::string>& column) {
  std::vector<VariantRecord> variants;
  if (column.isNull() || column.value().empty()) return variants;
  try {
    Poco::JSON::Parser parser;
    const auto array = parser.parse(column.value()).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; array && i < array->size(); ++i) {
      const Poco::JSON::Object::Ptr entry = array->getObject(static_cast<unsigned>(i));
      if (!entry) continue;
      VariantRecord variant;
      variant.name = entry->optValue<std::string>("name", "");
      variant.key = entry->optValue<std::string>("key", "");
      variant.url = entry->optValue<std::string>("url", "");
      variant.width = entry->optValue<int>("width", 0);
      variant.height = entry->optValue<int>("height", 0);
      if (!variant.name.empty() && !variant.url.empty()) variants.push_back(std::move(variant));
    }
  } catch (const Poco::Exception&) {
    // See the header: keep what was read.
  } catch (const std::exception&) {
  }
  return variants;
}

}  // namespace userimg::db
