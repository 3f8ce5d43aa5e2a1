// The allocator settings of userimg-fcgi (fcgi-app/heap_settings.h): an
// operator's GLIBC_TUNABLES with a glibc.malloc.* entry takes precedence,
// any other tunable does not. (What the settings do to an upload's CPU and
// memory is bench/peer's to measure, bench/README.md.)
#include "heap_settings.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace userimg::fcgi {
namespace {

// Sets GLIBC_TUNABLES for the scope, restoring what was there.
class TunablesScope {
 public:
  explicit TunablesScope(const char* value) {
    if (const char* old = std::getenv("GLIBC_TUNABLES")) saved_ = old;
    if (value != nullptr) {
      ::setenv("GLIBC_TUNABLES", value, 1);
    } else {
      ::unsetenv("GLIBC_TUNABLES");
    }
  }
  ~TunablesScope() {
    if (saved_) {
      ::setenv("GLIBC_TUNABLES", saved_->c_str(), 1);
    } else {
      ::unsetenv("GLIBC_TUNABLES");
    }
  }
  TunablesScope(const TunablesScope&) = delete;
  TunablesScope& operator=(const TunablesScope&) = delete;

 private:
  std::optional<std::string> saved_;
};

class HeapSettingsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HeapSettingsTest);
  CPPUNIT_TEST(testMallocTunablesAreTheOperators);
  CPPUNIT_TEST(testOtherTunablesAreNot);
  CPPUNIT_TEST(testAppliedUnlessTheOperatorTunes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMallocTunablesAreTheOperators() {
    CPPUNIT_ASSERT(operatorTunesMalloc("glibc.malloc.arena_max=4"));
    CPPUNIT_ASSERT(operatorTunesMalloc("glibc.pthread.rseq=0:glibc.malloc.mmap_threshold=65536"));
    CPPUNIT_ASSERT(operatorTunesMalloc("glibc.malloc.tcache_count=0:glibc.elision.enable=1"));
  }

  void testOtherTunablesAreNot() {
    CPPUNIT_ASSERT(!operatorTunesMalloc(""));
    CPPUNIT_ASSERT(!operatorTunesMalloc("glibc.pthread.rseq=0"));
    CPPUNIT_ASSERT(!operatorTunesMalloc("glibc.pthread.rseq=0:glibc.elision.enable=1"));
    CPPUNIT_ASSERT(!operatorTunesMalloc("x=glibc.malloc.arena_max"));  // a value, not a name
  }

  void testAppliedUnlessTheOperatorTunes() {
    {
      TunablesScope operatorOwn("glibc.malloc.arena_max=2");
      CPPUNIT_ASSERT(!configureHeap());
    }
    {
      TunablesScope other("glibc.pthread.rseq=0");
      CPPUNIT_ASSERT(configureHeap());
    }
    TunablesScope none(nullptr);
    CPPUNIT_ASSERT(configureHeap());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HeapSettingsTest, "fcgi");

}  // namespace
}  // namespace userimg::fcgi
