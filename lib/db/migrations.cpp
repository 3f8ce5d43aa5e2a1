#include "db/migrations.h"

namespace userimg::db {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kBlanks);
  return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> splitSqlStatements(std::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  auto flush = [&] {
    const std::string_view statement = trim(current);
    if (!statement.empty()) statements.emplace_back(statement);
    current.clear();
  };
  while (!script.empty()) {
    const auto end = script.find('\n');
    const std::string_view line = script.substr(0, end);
    script = end == std::string_view::npos ? std::string_view() : script.substr(end + 1);

    const std::string_view trimmed = trim(line);
    if (trimmed.starts_with("--")) continue;
    if (trimmed.ends_with(';')) {
      current.append(trimmed.substr(0, trimmed.size() - 1));
      flush();
    } else {
      current.append(line);
      current.push_back('\n');
    }
  }
  flush();
  return statements;
}

}  // namespace userimg::db
