// health::Readiness: every check runs, failures are listed in order, and
// an answer is reused for cacheFor (and computed once under concurrency).

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "health/readiness.h"

namespace userimg::health {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

class ReadinessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ReadinessTest);
  CPPUNIT_TEST(testReadyWhenEveryCheckPasses);
  CPPUNIT_TEST(testListsEachFailedCheckInOrder);
  CPPUNIT_TEST(testAThrowingCheckCountsAsFailed);
  CPPUNIT_TEST(testAnswerIsReusedForCacheForThenRecomputed);
  CPPUNIT_TEST(testConcurrentProbesRunTheChecksOnce);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testReadyWhenEveryCheckPasses() {
    Readiness readiness({passing("a"), passing("b")}, 0ms);
    CPPUNIT_ASSERT(readiness.evaluate().ready());
  }

  void testListsEachFailedCheckInOrder() {
    Readiness readiness(
        {failing("database", "down"), passing("storage"), failing("deletion_queue", "stuck")}, 0ms);
    const ReadinessReport report = readiness.evaluate();
    CPPUNIT_ASSERT(!report.ready());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, report.failures.size());
    CPPUNIT_ASSERT_EQUAL(std::string("database"), report.failures[0].check);
    CPPUNIT_ASSERT_EQUAL(std::string("down"), report.failures[0].message);
    CPPUNIT_ASSERT_EQUAL(std::string("deletion_queue"), report.failures[1].check);
  }

  void testAThrowingCheckCountsAsFailed() {
    Readiness readiness({{"storage", []() -> core::Status { throw std::runtime_error("boom"); }}},
                        0ms);
    const ReadinessReport report = readiness.evaluate();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, report.failures.size());
    CPPUNIT_ASSERT(report.failures[0].message.find("boom") != std::string::npos);
  }

  void testAnswerIsReusedForCacheForThenRecomputed() {
    Steady::time_point now = Steady::time_point() + 1h;
    int runs = 0;
    bool fail = false;
    Check counted{"database", [&] {
                    ++runs;
                    return fail ? core::Status::unavailable("down") : core::Status::ok();
                  }};
    Readiness readiness({counted}, 1000ms, [&now] { return now; });
    CPPUNIT_ASSERT(readiness.evaluate().ready());
    fail = true;
    now += 999ms;
    CPPUNIT_ASSERT(readiness.evaluate().ready());  // cached: the failure is not seen yet
    CPPUNIT_ASSERT_EQUAL(1, runs);
    now += 1ms;
    CPPUNIT_ASSERT(!readiness.evaluate().ready());
    CPPUNIT_ASSERT_EQUAL(2, runs);
  }

  void testConcurrentProbesRunTheChecksOnce() {
    std::atomic<int> runs{0};
    Check slow{"database", [&runs] {
                 ++runs;
                 std::this_thread::sleep_for(50ms);
                 return core::Status::ok();
               }};
    Readiness readiness({slow}, 10s);
    std::vector<std::thread> probes;
    std::atomic<int> ready{0};
    for (int i = 0; i < 8; ++i) {
      probes.emplace_back([&] {
        if (readiness.evaluate().ready()) ++ready;
      });
    }
    for (std::thread& probe : probes) probe.join();
    CPPUNIT_ASSERT_EQUAL(8, ready.load());
    CPPUNIT_ASSERT_EQUAL(1, runs.load());
  }

 private:
  static Check passing(const char* name) {
    return {name, [] { return core::Status::ok(); }};
  }
  static Check failing(const char* name, const char* why) {
    return {name, [why] { return core::Status::unavailable(why); }};
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ReadinessTest, "health");

}  // namespace
}  // namespace userimg::health
