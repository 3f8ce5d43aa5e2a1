#include "core/failpoint.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace userimg::core::failpoint {

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
  std::FILE* in = std::fopen(file, "re");
  if (in == nullptr) return;
  // Plain C I/O: no allocation, so a hit is safe on any path.
  char line[256];
  char armed[128];
  char action[32];
  bool kill = false;
  while (!kill && std::fgets(line, sizeof line, in) != nullptr) {
    if (std::sscanf(line, "%127s %31s", armed, action) == 2 && std::strcmp(armed, name) == 0 &&
        std::strcmp(action, "kill") == 0) {
      kill = true;
    }
  }
  std::fclose(in);
  if (!kill) return;
  char message[200];
  const int length =
      std::snprintf(message, sizeof message, "failpoint %s: killing the process\n", name);
  if (length > 0) {
    [[maybe_unused]] const ssize_t ignored =
        ::write(STDERR_FILENO, message, static_cast<std::size_t>(length));
  }
  ::kill(::getpid(), SIGKILL);
}

}  // namespace userimg::core::failpoint
