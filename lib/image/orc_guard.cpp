#include "image/orc_guard.h"

#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

namespace {

// liborc's types, opaque here (no liborc headers needed): OrcCompileResult
// is an enum, passed as int.
struct OrcProgram;
using CompileFn = int (*)(OrcProgram*);
using FreeFn = void (*)(OrcProgram*);

std::mutex& orcMutex() {
  static std::mutex mutex;
  return mutex;
}

std::atomic<long> guardedCompiles{0};

// liborc's own function, the next definition after the executable's.
template <typename Fn>
Fn next(const char* name) {
  void* symbol = ::dlsym(RTLD_NEXT, name);
  if (symbol == nullptr) std::abort();  // only reachable from liborc's callers
  return reinterpret_cast<Fn>(symbol);
}

}  // namespace

extern "C" {

// Interposes liborc's orc_program_compile (see orc_guard.h).
int orc_program_compile(OrcProgram* program) {
  static const CompileFn real = next<CompileFn>("orc_program_compile");
  std::lock_guard<std::mutex> lock(orcMutex());
  guardedCompiles.fetch_add(1, std::memory_order_relaxed);
  return real(program);
}

// Interposes liborc's orc_program_free, which returns the code memory.
void orc_program_free(OrcProgram* program) {
  static const FreeFn real = next<FreeFn>("orc_program_free");
  std::lock_guard<std::mutex> lock(orcMutex());
  real(program);
}

}  // extern "C"

namespace userimg::image {

long orcCompilesGuarded() {
  return guardedCompiles.load(std::memory_order_relaxed);
}

bool orcGuardInstalled() {
  void* resolved = ::dlsym(RTLD_DEFAULT, "orc_program_compile");
  return resolved == reinterpret_cast<void*>(&orc_program_compile);
}

}  // namespace userimg::image
