#pragma once
// How one log line is written in each [log] format (core/log.h writes it).
//
// text (the default): a timestamp, the level's tag, then the request id
// and the rest, separated by single spaces:
//   2026-12-01T20:54:58.123Z ERROR request_id=4f1c... storing a profile image ...
//   2026-12-01T20:54:58.123Z ACCESS request_id=4f1c... method=GET route=/users/me status=200 ...
// A message is written as it is, but for control characters (a '\n' in it
// is written "\n", so one call is always one line). A field is name=value,
// the value bare when it is printable ASCII without spaces, '"' or '\\',
// else in double quotes with '"', '\\' and control characters escaped
// as in JSON (\" \\ \n \r \t \u00NN); an empty value is "".
//
// json: one object per line, keys in this order: "time", "level"
// ("debug", "info", "warning", "error", "access"), "request_id" when there
// is one, then "message" or the fields; numbers unquoted.
//
// Bytes that are not UTF-8 become U+FFFD in both formats, so a JSON line
// always parses. Pure and thread-safe.

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

namespace userimg::core::log {

enum class Format { kText, kJson };

// One named value of a structured line. `number`: the value is a JSON
// number ("200", "1.250"), written unquoted in JSON.
struct Field {
  std::string_view name;
  std::string_view value;
  bool number = false;
};

namespace detail {

// "2026-12-01T20:54:58.123Z" (UTC, milliseconds).
std::string timestamp(std::chrono::system_clock::time_point when);
// Appends timestamp(when) to `out`; the date and time of the last second
// seen are kept per thread, so a busy thread formats them once a second.
void appendTimestamp(std::string& out, std::chrono::system_clock::time_point when);

// A message line ('\n' included). `tag` is the text format's ("INFO"),
// `level` the JSON one ("info"); `requestId` "" for none.
std::string messageLine(Format format, std::string_view time, std::string_view tag,
                        std::string_view level, std::string_view requestId,
                        std::string_view message);

// A line of fields ('\n' included), as for messageLine.
std::string fieldsLine(Format format, std::string_view time, std::string_view tag,
                       std::string_view level, std::initializer_list<Field> fields);
// Appends fieldsLine(...) to `out`, its time from appendTimestamp(when).
void appendFieldsLine(std::string& out, Format format, std::chrono::system_clock::time_point when,
                      std::string_view tag, std::string_view level,
                      std::initializer_list<Field> fields);

}  // namespace detail
}  // namespace userimg::core::log
