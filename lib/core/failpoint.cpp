#include "core/failpoint.h"

#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace userimg::core::failpoint {

namespace {

enum class Action { kNone, kKill, kPause, kNote };

// The action `file` arms for `name` (the first line naming it). Plain C
// I/O: no allocation, so a hit is safe on any path.
Action armedAction(const char* file, const char* name) noexcept {
  std::FILE* in = std::fopen(file, "re");
  if (in == nullptr) return Action::kNone;
  char line[256];
  char armed[128];
  char action[32];
  Action found = Action::kNone;
  while (found == Action::kNone && std::fgets(line, sizeof line, in) != nullptr) {
    if (std::sscanf(line, "%127s %31s", armed, action) != 2 || std::strcmp(armed, name) != 0) {
      continue;
    }
    if (std::strcmp(action, "kill") == 0) found = Action::kKill;
    if (std::strcmp(action, "pause") == 0) found = Action::kPause;
    if (std::strcmp(action, "note") == 0) found = Action::kNote;
  }
  std::fclose(in);
  return found;
}

void writeAll(int fd, const char* text, int length) noexcept {
  if (length <= 0) return;
  [[maybe_unused]] const ssize_t ignored = ::write(fd, text, static_cast<std::size_t>(length));
}

// Appends "NAME ACTION\n" to FILE.hits in one write.
void recordHit(const char* file, const char* name, const char* action) noexcept {
  char path[4096];
  if (std::snprintf(path, sizeof path, "%s.hits", file) >= static_cast<int>(sizeof path)) return;
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[200];
  writeAll(fd, line, std::snprintf(line, sizeof line, "%s %s\n", name, action));
  ::close(fd);
}

}  // namespace

bool compiledIn() noexcept {
#ifdef USERIMG_FAILPOINTS
  return true;
#else
  return false;
#endif
}

void hit(const char* name) noexcept {
  if (!compiledIn()) return;
  const char* file = std::getenv("USERIMG_FAILPOINTS_FILE");
  if (file == nullptr || *file == '\0') return;
  switch (armedAction(file, name)) {
    case Action::kNone:
      return;
    case Action::kNote:
      recordHit(file, name, "note");
      return;
    case Action::kPause: {
      recordHit(file, name, "pause");
      const timespec interval{0, 20'000'000};
      while (armedAction(file, name) == Action::kPause) ::nanosleep(&interval, nullptr);
      return;
    }
    case Action::kKill: {
      recordHit(file, name, "kill");
      char message[200];
      writeAll(STDERR_FILENO, message,
               std::snprintf(message, sizeof message, "failpoint %s: killing the process\n", name));
      ::kill(::getpid(), SIGKILL);
      return;
    }
  }
}

}  // namespace userimg::core::failpoint
