// The invariants at the end of bench/soak/run (suite "soak_invariants", not
// among the default suites): checkInvariants() (invariants.h) for every user
// the soak drove, whose tokens are in the file USERIMG_IT_SOAK_TOKENS (one
// token a line), against the soak's stack (the usual USERIMG_IT_* variables,
// USERIMG_IT_CTL and USERIMG_IT_CONFIG). Run it once the load has stopped:
// gc --apply would otherwise race the uploads in flight.

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <string>
#include <vector>

#include "integration/gc_support.h"
#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

// The non-empty lines of `path`; fails the test when it cannot be read.
std::vector<std::string> readTokens(const std::string& path) {
  std::ifstream in(path);
  CPPUNIT_ASSERT_MESSAGE("cannot read the tokens file " + path, in.good());
  std::vector<std::string> tokens;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) tokens.push_back(line);
  }
  CPPUNIT_ASSERT_MESSAGE("no tokens in " + path, !tokens.empty());
  return tokens;
}

class SoakInvariantsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SoakInvariantsTest);
  CPPUNIT_TEST(testEveryImageIsServedAndNothingIsOrphanedAfterTheSoak);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEveryImageIsServedAndNothingIsOrphanedAfterTheSoak() {
    const std::vector<std::string> tokens = readTokens(requireEnv("USERIMG_IT_SOAK_TOKENS"));
    checkInvariants(tokens);
  }
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoakInvariantsTest, "soak_invariants");

}  // namespace userimg::it
