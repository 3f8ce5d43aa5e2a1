#include "observe/request_id.h"

#include <cstdint>
#include <random>

namespace userimg::observe {

bool isValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("-_.:@+=/").find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string makeRequestId() {
  // Seeded from the system (getrandom) once per thread: ids of processes
  // sharing a log (mod_fcgid) do not repeat each other.
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t bits = generator();
    for (std::size_t i = 0; i < 16; ++i, bits >>= 4) id[half * 16 + i] = kHex[bits & 0xF];
  }
  return id;
}

std::string chooseRequestId(std::string_view header, std::string_view frontEnd, bool trustHeader) {
  if (trustHeader && isValidRequestId(header)) return std::string(header);
  if (isValidRequestId(frontEnd)) return std::string(frontEnd);
  return makeRequestId();
}

}  // namespace userimg::observe
