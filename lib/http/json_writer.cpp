#include "http/json_writer.h"

#include <charconv>

#include "core/json_string.h"

namespace userimg::http {

void JsonWriter::separate() {
  if (needComma_) text_ += ',';
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  text_ += '{';
  needComma_ = false;
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  text_ += '}';
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  text_ += '[';
  needComma_ = false;
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  text_ += ']';
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  core::appendJsonString(text_, name);
  text_ += ':';
  needComma_ = false;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  core::appendJsonString(text_, text);
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  text_.append(digits, end);
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::nullptr_t) {
  separate();
  text_ += "null";
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(const std::optional<int>& number) {
  return number ? value(*number) : value(nullptr);
}

}  // namespace userimg::http
