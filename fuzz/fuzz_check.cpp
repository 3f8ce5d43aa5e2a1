#include "fuzz_check.h"

#include <unistd.h>

#include <system_error>

namespace userimg::fuzz {
namespace {

std::filesystem::path makeScratch() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/userimg-fuzz-XXXXXX";
  FUZZ_CHECK(::mkdtemp(pattern.data()) != nullptr, "cannot create the scratch directory");
  return pattern;
}

}  // namespace

const std::filesystem::path& scratchDirectory() {
  static const std::filesystem::path dir = makeScratch();
  // Registered after `dir` is built, so it runs before `dir` is destroyed.
  static const bool registered = std::atexit([] {
                                   std::error_code ignored;
                                   std::filesystem::remove_all(dir, ignored);
                                 }) == 0;
  (void)registered;
  return dir;
}

}  // namespace userimg::fuzz
