#include "integration/failpoints.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "integration/gc_support.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

std::string hitsFile() {
  return requireEnv("USERIMG_IT_FAILPOINTS") + ".hits";
}

}  // namespace

int failpointHits(const std::string& name) {
  std::ifstream in(hitsFile());
  std::string line;
  int hits = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string hit;
    if (fields >> hit && hit == name) ++hits;
  }
  return hits;
}

void armFailpoints(const std::vector<std::string>& lines) {
  std::error_code ignored;
  std::filesystem::remove(hitsFile(), ignored);
  // Written aside and renamed over, so a process never reads it half written
  // (re-arming releases a pause and arms the next point in one step).
  const std::string file = requireEnv("USERIMG_IT_FAILPOINTS");
  {
    std::ofstream out(file + ".new", std::ios::trunc);
    for (const std::string& line : lines) out << line << '\n';
    CPPUNIT_ASSERT_MESSAGE("cannot write the failpoints file", out.flush().good());
  }
  std::filesystem::rename(file + ".new", file);
}

void disarmFailpoints() {
  std::ofstream(requireEnv("USERIMG_IT_FAILPOINTS"), std::ios::trunc);
}

void awaitFailpoint(const std::string& name, int count, double seconds) {
  const bool reached = eventually([&] { return failpointHits(name) >= count; }, seconds);
  CPPUNIT_ASSERT_MESSAGE("failpoint " + name + " was not hit " + std::to_string(count) +
                             " time(s) within " + std::to_string(seconds) + " s",
                         reached);
}

}  // namespace userimg::it
