// The unit-test runner: runs the CppUnit suites registered under the names
// given on the command line (a module name: "multipart", "db", ...), or all
// of them. Exits non-zero when any test fails.

#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <iostream>

int main(int argc, char** argv) {
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
  if (collector.runTests() == 0) {
    std::cerr << "no tests ran: unknown suite name?\n";
    return 1;
  }
  return collector.wasSuccessful() ? 0 : 1;
}
