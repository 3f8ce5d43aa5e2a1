#include "core/log_line.h"

#include <cstdint>
#include <ctime>

#include "core/json_string.h"

namespace userimg::core::log::detail {
namespace {

// The length of the UTF-8 sequence at text[i], or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8Length(std::string_view text, std::size_t i) {
  const auto at = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = at(i);
  std::size_t n = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (at(i + 1) < low || at(i + 1) > high) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return n;
}

// `text` with every byte that is not part of a UTF-8 sequence replaced by
// U+FFFD; returned as it is (no copy) when it is all ASCII.
std::string_view cleanUtf8(std::string_view text, std::string& storage) {
  std::size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  if (i == text.size()) return text;
  storage.assign(text.substr(0, i));
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      storage += text[i++];
    } else if (const std::size_t n = utf8Length(text, i); n > 0) {
      storage.append(text.substr(i, n));
      i += n;
    } else {
      storage += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return storage;
}

// A message in the text format: control characters escaped.
void appendTextMessage(std::string& out, std::string_view message) {
  for (const char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      appendControlEscape(out, c);
    } else {
      out += ch;
    }
  }
}

bool bare(std::string_view value) {
  if (value.empty()) return false;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') return false;
  }
  return true;
}

// `value` in double quotes, '"', '\\' and control characters escaped.
void appendQuotedTextValue(std::string& out, std::string_view value) {
  out += '"';
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      appendControlEscape(out, c);
    } else {
      out += ch;
    }
  }
  out += '"';
}

// `value` as it is when bare, which most values (numbers, ids, routes) are
// and one scan tells; else made valid UTF-8 (in `storage`) and quoted:
// cleaning keeps whatever made it not bare.
void appendTextValue(std::string& out, std::string_view value, std::string& storage) {
  if (bare(value)) {
    out.append(value);
  } else {
    appendQuotedTextValue(out, cleanUtf8(value, storage));
  }
}

void appendJsonField(std::string& out, std::string_view name, std::string_view value, bool number) {
  std::string storage;
  out += ',';
  appendJsonString(out, name);
  out += ':';
  if (number) {
    out.append(value);
  } else {
    appendJsonString(out, cleanUtf8(value, storage));
  }
}

// The start of a line: the time and the level, and in JSON the opening brace.
// `time` writes the time.
template <typename Time>
void startLine(std::string& line, Format format, Time time, std::string_view tag,
               std::string_view level) {
  if (format == Format::kJson) {
    line += "{\"time\":\"";
    time(line);
    line.append("\",\"level\":\"").append(level).append("\"");
  } else {
    time(line);
    line.append(" ").append(tag);
  }
}

std::string startLine(Format format, std::string_view time, std::string_view tag,
                      std::string_view level) {
  std::string line;
  line.reserve(160);
  startLine(
      line, format, [time](std::string& out) { out.append(time); }, tag, level);
  return line;
}

void appendFields(std::string& line, Format format, std::initializer_list<Field> fields) {
  std::string storage;
  for (const Field& field : fields) {
    if (format == Format::kJson) {
      appendJsonField(line, field.name, field.value, field.number);
    } else {
      line += ' ';
      line.append(field.name).append("=");
      appendTextValue(line, field.value, storage);
    }
  }
}

void finishLine(Format format, std::string& line) {
  if (format == Format::kJson) line += '}';
  line += '\n';
}

}  // namespace

void appendTimestamp(std::string& out, std::chrono::system_clock::time_point when) {
  const auto since = when.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since - seconds);
  // "2026-12-01T20:54:58" of the last second this thread formatted.
  struct Second {
    std::int64_t value = -1;
    char text[40] = {};
    std::size_t size = 0;
  };
  thread_local Second last;
  if (last.value != seconds.count()) {
    const std::time_t whole = static_cast<std::time_t>(seconds.count());
    std::tm utc{};
    gmtime_r(&whole, &utc);
    last.size = std::strftime(last.text, sizeof last.text, "%Y-%m-%dT%H:%M:%S", &utc);
    last.value = seconds.count();
  }
  out.append(last.text, last.size);
  const auto ms = static_cast<int>(millis.count());
  const char fraction[] = {'.', static_cast<char>('0' + ms / 100),
                           static_cast<char>('0' + ms / 10 % 10), static_cast<char>('0' + ms % 10),
                           'Z'};
  out.append(fraction, sizeof fraction);
}

std::string timestamp(std::chrono::system_clock::time_point when) {
  std::string out;
  appendTimestamp(out, when);
  return out;
}

std::string messageLine(Format format, std::string_view time, std::string_view tag,
                        std::string_view level, std::string_view requestId,
                        std::string_view message) {
  std::string line = startLine(format, time, tag, level);
  std::string storage;
  if (format == Format::kJson) {
    if (!requestId.empty()) appendJsonField(line, "request_id", requestId, false);
    appendJsonField(line, "message", message, false);
  } else {
    if (!requestId.empty()) {
      line += " request_id=";
      appendTextValue(line, requestId, storage);
    }
    line += ' ';
    appendTextMessage(line, cleanUtf8(message, storage));
  }
  finishLine(format, line);
  return line;
}

std::string fieldsLine(Format format, std::string_view time, std::string_view tag,
                       std::string_view level, std::initializer_list<Field> fields) {
  std::string line = startLine(format, time, tag, level);
  appendFields(line, format, fields);
  finishLine(format, line);
  return line;
}

void appendFieldsLine(std::string& out, Format format, std::chrono::system_clock::time_point when,
                      std::string_view tag, std::string_view level,
                      std::initializer_list<Field> fields) {
  startLine(
      out, format, [when](std::string& line) { appendTimestamp(line, when); }, tag, level);
  appendFields(out, format, fields);
  finishLine(format, out);
}

}  // namespace userimg::core::log::detail
