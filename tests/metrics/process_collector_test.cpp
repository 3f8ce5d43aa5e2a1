// The process_* figures read from /proc.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <fcntl.h>
#include <unistd.h>

#include <ctime>

#include "metrics/process_collector.h"

namespace userimg::metrics {
namespace {

class ProcessCollectorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ProcessCollectorTest);
  CPPUNIT_TEST(testReadsThisProcessesFigures);
  CPPUNIT_TEST(testOpenFdsFollowsOpenAndClose);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testReadsThisProcessesFigures() {
    const ProcessFigures f = readProcessFigures();
    CPPUNIT_ASSERT(f.residentBytes.value() > 1024 * 1024);
    CPPUNIT_ASSERT(f.virtualBytes.value() >= f.residentBytes.value());
    CPPUNIT_ASSERT(f.threads.value() >= 1);
    CPPUNIT_ASSERT(f.maxFds.value() >= f.openFds.value());
    const double now = static_cast<double>(std::time(nullptr));
    CPPUNIT_ASSERT(f.startTimeSeconds.value() <= now + 1);
    CPPUNIT_ASSERT(f.startTimeSeconds.value() > now - 3600);  // this test started recently
    CPPUNIT_ASSERT(f.cpuSeconds.value() >= 0);
  }

  void testOpenFdsFollowsOpenAndClose() {
    const double before = readProcessFigures().openFds.value();
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    CPPUNIT_ASSERT(fd >= 0);
    CPPUNIT_ASSERT_EQUAL(before + 1, readProcessFigures().openFds.value());
    ::close(fd);
    CPPUNIT_ASSERT_EQUAL(before, readProcessFigures().openFds.value());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ProcessCollectorTest, "metrics");

}  // namespace
}  // namespace userimg::metrics
