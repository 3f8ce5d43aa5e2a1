// The integration-test runner: runs the suites named on the command line
// ("user_images", "users_me", "cross_surface", "auth", "errors",
// "media_serving"), or all of
// them, against the stack the USERIMG_IT_* variables name (it_support.h).
// Exits non-zero when any test fails.

#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <vips/vips.h>

#include <iostream>

int main(int argc, char** argv) {
  if (VIPS_INIT(argv[0]) != 0) {
    std::cerr << "libvips failed to start: " << vips_error_buffer() << "\n";
    return 1;
  }
  CppUnit::TestRunner runner;
  if (argc < 2) {
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  } else {
    for (int i = 1; i < argc; ++i) {
      runner.addTest(CppUnit::TestFactoryRegistry::getRegistry(argv[i]).makeTest());
    }
  }
  CppUnit::TestResult controller;
  CppUnit::TestResultCollector collector;
  CppUnit::BriefTestProgressListener progress;
  controller.addListener(&collector);
  controller.addListener(&progress);
  runner.run(controller);
  CppUnit::CompilerOutputter outputter(&collector, std::cerr);
  outputter.write();
  const bool ok = collector.runTests() > 0 && collector.wasSuccessful();
  if (collector.runTests() == 0) std::cerr << "no tests ran: unknown suite name?\n";
  vips_shutdown();
  return ok ? 0 : 1;
}
