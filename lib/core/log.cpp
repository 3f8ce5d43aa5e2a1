#include "core/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>

namespace userimg::core::log {
namespace {

std::atomic<Level> gLevel{Level::kInfo};

std::mutex gFileMutex;
std::string gFilePath;  // guarded by gFileMutex; "" while logging to the inherited stderr

// Opens `path` and puts it on standard error in one atomic dup2, so a
// writer in another thread sees the old file or the new one, never none.
Status pointStderrAt(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
  if (fd < 0) {
    return Status::unavailable("cannot open the log file " + path + ": " + std::strerror(errno));
  }
  const int moved = ::dup2(fd, STDERR_FILENO);
  const int error = errno;
  ::close(fd);
  if (moved < 0) {
    return Status::unavailable("cannot log to " + path + ": " + std::strerror(error));
  }
  return Status::ok();
}

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

Status logToFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(gFileMutex);
  Status opened = pointStderrAt(path);
  if (opened.isOk()) gFilePath = path;
  return opened;
}

Status reopenLogFile() {
  std::lock_guard<std::mutex> lock(gFileMutex);
  if (gFilePath.empty()) return Status::ok();
  return pointStderrAt(gFilePath);
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
