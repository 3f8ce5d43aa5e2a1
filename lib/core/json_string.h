#pragma once
// appendJsonString: a string written as a JSON string literal, quotes
// included: '"', '\\' and control characters escaped, every other byte as
// it is (the caller's text is UTF-8). Shared by http::JsonWriter (response
// bodies) and the JSON log lines. Pure and thread-safe.

#include <string>
#include <string_view>

namespace userimg::core {

void appendJsonString(std::string& out, std::string_view text);

// A control character (below 0x20, or 0x7F) as JSON escapes it: "\\n",
// "\\r", "\\t" or "\\u00XX". Also the text log format's escape.
void appendControlEscape(std::string& out, unsigned char c);

}  // namespace userimg::core
