#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>

namespace userimg::core::log {
namespace {

std::atomic<Level> gLevel{Level::kInfo};

void write(Level level, std::string_view tag, std::string_view message) {
  if (level < gLevel.load(std::memory_order_relaxed)) return;
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  const std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::string line;
  line.reserve(n + tag.size() + message.size() + 4);
  line.append(stamp, n).append(" ").append(tag).append(" ").append(message).append("\n");
  // One write(2) per line keeps lines from different threads whole.
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

void setLevel(Level level) {
  gLevel.store(level, std::memory_order_relaxed);
}

bool parseLevel(std::string_view name, Level& out) {
  if (name == "debug") {
    out = Level::kDebug;
  } else if (name == "info") {
    out = Level::kInfo;
  } else if (name == "warning") {
    out = Level::kWarning;
  } else if (name == "error") {
    out = Level::kError;
  } else {
    return false;
  }
  return true;
}

void debug(std::string_view message) {
  write(Level::kDebug, "DEBUG", message);
}
void info(std::string_view message) {
  write(Level::kInfo, "INFO", message);
}
void warning(std::string_view message) {
  write(Level::kWarning, "WARN", message);
}
void error(std::string_view message) {
  write(Level::kError, "ERROR", message);
}

}  // namespace userimg::core::log
