// When the FastCGI workers trim the heap (fcgi-app/heap_trim.h): after the
// last upload in flight ends, not after one that ends while others run,
// from any number of threads.
#include "heap_trim.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>
#include <vector>

namespace userimg::fcgi {
namespace {

class HeapTrimTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HeapTrimTest);
  CPPUNIT_TEST(testUploadsOneAfterAnotherEachTrim);
  CPPUNIT_TEST(testOnlyTheLastOfOverlappingUploadsTrims);
  CPPUNIT_TEST(testThreadsTogetherTrimOnceTheyAllEnd);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUploadsOneAfterAnotherEachTrim() {
    HeapTrim trim;
    for (int i = 0; i < 3; ++i) {
      trim.uploadBegun();
      CPPUNIT_ASSERT(trim.uploadEnded());
    }
  }

  void testOnlyTheLastOfOverlappingUploadsTrims() {
    HeapTrim trim;
    trim.uploadBegun();
    trim.uploadBegun();
    CPPUNIT_ASSERT_MESSAGE("one still in flight", !trim.uploadEnded());
    trim.uploadBegun();  // a third begins before the second ends
    CPPUNIT_ASSERT(!trim.uploadEnded());
    CPPUNIT_ASSERT_MESSAGE("the last in flight", trim.uploadEnded());
    trim.uploadBegun();
    CPPUNIT_ASSERT_MESSAGE("quiet again: the next one trims", trim.uploadEnded());
  }

  void testThreadsTogetherTrimOnceTheyAllEnd() {
    // Every thread begins before any ends: exactly one end is the last.
    HeapTrim trim;
    constexpr int kThreads = 8;
    std::atomic<int> begun{0};
    std::atomic<int> trims{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        trim.uploadBegun();
        begun.fetch_add(1);
        while (begun.load() < kThreads) std::this_thread::yield();
        if (trim.uploadEnded()) trims.fetch_add(1);
      });
    }
    for (std::thread& thread : threads) thread.join();
    CPPUNIT_ASSERT_EQUAL(1, trims.load());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HeapTrimTest, "fcgi");

}  // namespace
}  // namespace userimg::fcgi
