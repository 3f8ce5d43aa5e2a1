#include "config/setting_reader.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace userimg::config::detail {

std::string SettingReader::text(const std::string& name, const std::string& fallback) {
  try {
    return Poco::trim(conf_.getString(name, fallback));
  } catch (const Poco::Exception& e) {
    fail(name, e.displayText());
    return fallback;
  }
}

std::int64_t SettingReader::integer(const std::string& name, std::int64_t fallback,
                                    std::int64_t min, std::int64_t max, int base) {
  const std::string raw = text(name, "");
  if (raw.empty()) return fallback;
  std::int64_t value = 0;
  bool parsed = false;
  if (base == 8) {
    std::uint64_t octal = 0;
    parsed = Poco::NumberParser::tryParseOct64(raw, octal);
    value = static_cast<std::int64_t>(octal);
  } else {
    Poco::Int64 decimal = 0;
    parsed = Poco::NumberParser::tryParse64(raw, decimal);
    value = decimal;
  }
  if (!parsed) {
    fail(name, "'" + raw + "' is not a number");
  } else if (value < min || value > max) {
    fail(name, raw + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return value;
}

std::string SettingReader::secret(const std::string& name) {
  try {
    return Poco::trim(conf_.getString(name, ""));
  } catch (const Poco::Exception&) {
    fail(name, "cannot be read");
    return "";
  }
}

bool SettingReader::boolean(const std::string& name, bool fallback) {
  const std::string raw = Poco::toLower(text(name, ""));
  if (raw.empty()) return fallback;
  if (raw == "true" || raw == "yes" || raw == "on" || raw == "1") return true;
  if (raw == "false" || raw == "no" || raw == "off" || raw == "0") return false;
  fail(name, "'" + raw + "' is not a boolean (true/false)");
  return fallback;
}

std::vector<std::string> SettingReader::items(const std::string& name) {
  Poco::StringTokenizer tokens(
      text(name, ""), ",",
      Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
  return {tokens.begin(), tokens.end()};
}

std::vector<int> SettingReader::sizes(const std::string& name, const std::vector<int>& fallback,
                                      int min, int max) {
  if (!conf_.has(name)) return fallback;
  std::vector<int> out;
  for (const std::string& item : items(name)) {
    int value = 0;
    if (!Poco::NumberParser::tryParse(item, value) || value < min || value > max) {
      fail(name, "'" + item + "' is not a size in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "]");
      continue;
    }
    out.push_back(value);
  }
  return out;
}

void SettingReader::fail(const std::string& name, const std::string& why) {
  if (error_.empty()) error_ = "configuration setting " + name + ": " + why;
}

void SettingReader::failNamed(const std::string& message) {
  if (error_.empty()) error_ = "configuration setting " + message;
}

}  // namespace userimg::config::detail
