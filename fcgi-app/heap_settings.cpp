#include "heap_settings.h"

#include <malloc.h>

#include <cstdlib>

namespace userimg::fcgi {
namespace {

constexpr int kArenas = 1;
constexpr int kMmapThreshold = 32 * 1024 * 1024;  // glibc's largest allowed
constexpr int kTrimThreshold = 64 * 1024 * 1024;

}  // namespace

bool operatorTunesMalloc(std::string_view glibcTunables) {
  // GLIBC_TUNABLES is name=value pairs separated by colons.
  while (!glibcTunables.empty()) {
    const std::size_t end = glibcTunables.find(':');
    if (glibcTunables.substr(0, end).starts_with("glibc.malloc.")) return true;
    if (end == std::string_view::npos) break;
    glibcTunables.remove_prefix(end + 1);
  }
  return false;
}

bool configureHeap() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (operatorTunesMalloc(tunables != nullptr ? tunables : "")) return false;
  ::mallopt(M_ARENA_MAX, kArenas);
  ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  return true;
}

}  // namespace userimg::fcgi
