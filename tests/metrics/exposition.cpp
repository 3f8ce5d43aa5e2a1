#include "metrics/exposition.h"

#include <cstdlib>
#include <regex>
#include <sstream>

namespace userimg::testing {
namespace {

// The family a sample belongs to: histograms' _bucket, _sum and _count
// belong to the histogram's own name.
std::string familyOf(const std::string& name, const std::map<std::string, std::string>& types) {
  if (types.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string tail(suffix);
    if (name.size() > tail.size() &&
        name.compare(name.size() - tail.size(), tail.size(), tail) == 0) {
      const std::string base = name.substr(0, name.size() - tail.size());
      if (types.count(base)) return base;
    }
  }
  return "";
}

}  // namespace

Exposition parseExposition(const std::string& text) {
  static const std::regex help(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  static const std::regex type(
      R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex sample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (\S+))");
  Exposition out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (line.empty() || std::regex_match(line, help)) continue;
    if (std::regex_match(line, match, type)) {
      out.types[match[1]] = match[2];
      continue;
    }
    if (!std::regex_match(line, match, sample)) {
      out.error = "malformed line: " + line;
      return out;
    }
    if (familyOf(match[1], out.types).empty()) {
      out.error = "sample without a TYPE: " + line;
      return out;
    }
    const std::string value = match[match.size() - 1];
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0') {
      out.error = "not a number: " + line;
      return out;
    }
    out.samples[line.substr(0, line.size() - value.size() - 1)] = number;
  }
  return out;
}

}  // namespace userimg::testing
