#include "core/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>

namespace userimg::core::log {
namespace {

std::atomic<Level> gLevel{Level::kInfo};
std::atomic<Format> gFormat{Format::kText};

std::string& currentRequestId() {
  thread_local std::string id;
  return id;
}

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

// One write(2) per line keeps lines from different threads whole. A short
// write (a signal, a nearly full disk) is finished with more writes, though
// another thread's line may then come between its parts; when nothing more
// can be written the rest is lost. errno is the caller's again afterwards.
void emit(std::string_view line) {
  const int saved = errno;
  while (!line.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    line.remove_prefix(static_cast<std::size_t>(n));
  }
  errno = saved;
}

// The access lines held back while buffered (beginAccessBuffering).
std::mutex gAccessMutex;
int gAccessHolders = 0;  // guarded by gAccessMutex
// gAccessHolders > 0. Written under gAccessMutex; read without it only to
// write an unbuffered line at once, and again under it before holding one.
std::atomic<bool> gAccessBuffered{false};
std::string gAccessLines;  // guarded by gAccessMutex; at most kAccessBatchBytes

// Held while a batch is written, so that batches go out in the order they
// were taken; always locked before gAccessMutex. The batch is written
// without gAccessMutex: while a write is slow (a stalled pipe, a slow disk)
// access() goes on holding lines, and waits only once the next batch is
// full too.
std::mutex gAccessWriteMutex;
std::string gAccessWriting;  // guarded by gAccessWriteMutex: the batch being written

// Takes the held lines and writes them, then `alone` (a line too long for
// a batch), still before any later batch.
void flushAccessBatch(std::string_view alone = {}) {
  std::lock_guard<std::mutex> writing(gAccessWriteMutex);
  {
    std::lock_guard<std::mutex> lock(gAccessMutex);
    // The buffers trade places, each keeping its capacity.
    gAccessLines.swap(gAccessWriting);
  }
  emit(gAccessWriting);
  gAccessWriting.clear();
  emit(alone);
}

void write(Level level, std::string_view tag, std::string_view name, std::string_view message) {
  if (level < gLevel.load(std::memory_order_relaxed)) return;
  emit(detail::messageLine(gFormat.load(std::memory_order_relaxed),
                           detail::timestamp(std::chrono::system_clock::now()), tag, name,
                           currentRequestId(), message));
}

}  // namespace

void setLevel(Level level) {
  gLevel.store(level, std::memory_order_relaxed);
}

void setFormat(Format format) {
  gFormat.store(format, std::memory_order_relaxed);
}

bool parseFormat(std::string_view name, Format& out) {
  if (name == "text") {
    out = Format::kText;
  } else if (name == "json") {
    out = Format::kJson;
  } else {
    return false;
  }
  return true;
}

void setRequestId(std::string_view id) {
  try {
    currentRequestId().assign(id);
  } catch (...) {
    currentRequestId().clear();  // out of memory: the lines go without it
  }
}

const std::string& requestId() {
  return currentRequestId();
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
  flushAccess();
  return pointStderrAt(gFilePath);
}

void debug(std::string_view message) {
  write(Level::kDebug, "DEBUG", "debug", message);
}
void info(std::string_view message) {
  write(Level::kInfo, "INFO", "info", message);
}
void warning(std::string_view message) {
  write(Level::kWarning, "WARN", "warning", message);
}
void error(std::string_view message) {
  write(Level::kError, "ERROR", "error", message);
}

void access(std::initializer_list<Field> fields) {
  // Formatted into this thread's own buffer, whose capacity stays.
  thread_local std::string line;
  line.clear();
  detail::appendFieldsLine(line, gFormat.load(std::memory_order_relaxed),
                           std::chrono::system_clock::now(), "ACCESS", "access", fields);
  if (!gAccessBuffered.load(std::memory_order_relaxed)) {
    emit(line);
    return;
  }
  if (line.size() > kAccessBatchBytes) {
    // Alone, after the lines held before it.
    flushAccessBatch(line);
    return;
  }
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(gAccessMutex);
      // Buffering may have ended since the check above, with its last
      // flush: a line held now would wait for a flush that never comes.
      if (!gAccessBuffered.load(std::memory_order_relaxed)) {
        emit(line);
        return;
      }
      if (gAccessLines.size() + line.size() <= kAccessBatchBytes) {
        gAccessLines += line;
        return;
      }
    }
    // Full: written first. Other lines may fill it again meanwhile, and a
    // shorter one of another thread's may be held before this one.
    flushAccessBatch();
  }
}

void beginAccessBuffering() noexcept {
  std::lock_guard<std::mutex> writing(gAccessWriteMutex);
  std::lock_guard<std::mutex> lock(gAccessMutex);
  try {
    for (std::string* buffer : {&gAccessLines, &gAccessWriting}) {
      if (buffer->capacity() < kAccessBatchBytes) buffer->reserve(kAccessBatchBytes);
    }
  } catch (...) {
    // Only saves allocations while holding: the buffers grow as they must.
  }
  ++gAccessHolders;
  gAccessBuffered.store(true, std::memory_order_relaxed);
}

void endAccessBuffering() noexcept {
  // After any batch being written, and before any line written at once.
  std::lock_guard<std::mutex> writing(gAccessWriteMutex);
  std::lock_guard<std::mutex> lock(gAccessMutex);
  if (gAccessHolders > 0) --gAccessHolders;
  if (gAccessHolders > 0) return;
  emit(gAccessLines);
  gAccessLines.clear();
  gAccessBuffered.store(false, std::memory_order_relaxed);
}

void flushAccess() {
  flushAccessBatch();
}

}  // namespace userimg::core::log
