#pragma once
// What the fuzz targets share: a contract check that stops the run with a
// message (libFuzzer saves the input that got there as a crash artifact),
// and a private scratch directory for the targets that write files.
// Not thread-safe: libFuzzer runs one input at a time per process.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace userimg::fuzz {

// Aborts with `what` when `condition` is false: a broken contract is a
// finding, like a crash.
#define FUZZ_CHECK(condition, what)                                                        \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "fuzz contract broken: %s (%s) at %s:%d\n", (what), #condition, \
                   __FILE__, __LINE__);                                                    \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)

// A directory of this process's own under $TMPDIR (scripts/fuzz points it
// into build-fuzz/), created on first use and removed at exit.
const std::filesystem::path& scratchDirectory();

}  // namespace userimg::fuzz
