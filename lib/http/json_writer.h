#pragma once
// JsonWriter: builds a JSON object as text, in the order it is written.
// Response bodies are small fixed shapes; writing them straight into a
// string costs a fraction of building a Poco::JSON::Object (a map of
// Dynamic::Var) and stringifying it through an ostream, which was a fifth of
// the CPU of a GET (bench/README.md).
//
//   JsonWriter json;
//   json.beginObject().field("message", "Done").key("images").beginObject()
//       .field("cover_image", nullptr).endObject().endObject();
//   std::string body = std::move(json).take();   //
//   {"message":"Done","images":{"cover_image":null}}
//
// Strings are written as UTF-8 with '"', '\\' and control characters
// escaped. The caller keeps begin/end balanced and writes a value after each
// key; nothing is checked at run time. Not thread-safe (one per response).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace userimg::http {

class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& key(std::string_view name);
  // An array of values or objects, separated as an object's fields are.
  JsonWriter& beginArray();
  JsonWriter& endArray();

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(std::nullptr_t);
  // null when empty
  JsonWriter& value(const std::optional<int>& number);

  template <typename T>
  JsonWriter& field(std::string_view name, const T& fieldValue) {
    return key(name).value(fieldValue);
  }

  // The text written so far.
  std::string take() && { return std::move(text_); }

 private:
  void separate();

  std::string text_;
  bool needComma_ = false;
};

}  // namespace userimg::http
