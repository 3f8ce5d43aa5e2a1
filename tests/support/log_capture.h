#pragma once
// Test helpers for code that logs through core::log: runs a body in a child
// process whose log goes to a file (logToFile redirects the whole process's
// stderr, which must stay the test runner's), and reads that file back.

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace userimg::testing {

inline std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `body` (returning an int exit status) in a child process and
// returns the child's exit status, 100 when it did not exit normally.
template <typename Body>
int inChild(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

}  // namespace userimg::testing
