#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace userimg::core {
namespace {

struct Factory {
  std::function<Status(std::string)> make;
  StatusCode code;
  std::string name;
};

const std::vector<Factory>& factories() {
  static const std::vector<Factory> all = {
      {Status::invalidArgument, StatusCode::kInvalidArgument, "invalid argument"},
      {Status::invalidImage, StatusCode::kInvalidImage, "invalid image"},
      {Status::unauthenticated, StatusCode::kUnauthenticated, "unauthenticated"},
      {Status::notFound, StatusCode::kNotFound, "not found"},
      {Status::payloadTooLarge, StatusCode::kPayloadTooLarge, "payload too large"},
      {Status::unavailable, StatusCode::kUnavailable, "unavailable"},
      {Status::storageFailed, StatusCode::kStorageFailed, "storage failed"},
      {Status::internal, StatusCode::kInternal, "internal"},
  };
  return all;
}

class StatusTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StatusTest);
  CPPUNIT_TEST(testDefaultIsOk);
  CPPUNIT_TEST(testOkFactoryIsOkWithEmptyMessage);
  CPPUNIT_TEST(testEachFactorySetsItsCodeAndMessage);
  CPPUNIT_TEST(testToStringJoinsCodeNameAndMessage);
  CPPUNIT_TEST(testOkToStringIsOk);
  CPPUNIT_TEST(testCodeNamesAreDistinct);
  CPPUNIT_TEST(testCopiesAreIndependent);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDefaultIsOk() {
    const Status status;
    CPPUNIT_ASSERT_MESSAGE("a default Status must be OK", status.isOk());
    CPPUNIT_ASSERT_MESSAGE("a default Status must have code kOk", status.code() == StatusCode::kOk);
  }

  void testOkFactoryIsOkWithEmptyMessage() {
    const Status status = Status::ok();
    CPPUNIT_ASSERT_MESSAGE("Status::ok() must be OK", status.isOk());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("Status::ok() must carry no message", std::string(),
                                 status.message());
  }

  void testEachFactorySetsItsCodeAndMessage() {
    for (const Factory& factory : factories()) {
      const Status status = factory.make("details for " + factory.name);
      CPPUNIT_ASSERT_MESSAGE(factory.name + " factory must not be OK", !status.isOk());
      CPPUNIT_ASSERT_MESSAGE(factory.name + " factory set the wrong code",
                             status.code() == factory.code);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(factory.name + " factory lost its message",
                                   "details for " + factory.name, status.message());
    }
  }

  void testToStringJoinsCodeNameAndMessage() {
    CPPUNIT_ASSERT_EQUAL(std::string("not found: no such user"),
                         Status::notFound("no such user").toString());
    for (const Factory& factory : factories()) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE("toString of " + factory.name, factory.name + ": why",
                                   factory.make("why").toString());
    }
  }

  void testOkToStringIsOk() {
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), Status::ok().toString());
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), std::string(statusCodeName(StatusCode::kOk)));
  }

  void testCodeNamesAreDistinct() {
    std::vector<std::string> names;
    for (const Factory& factory : factories()) {
      const std::string name(statusCodeName(factory.code));
      CPPUNIT_ASSERT_EQUAL_MESSAGE("statusCodeName of " + factory.name, factory.name, name);
      for (const std::string& seen : names) {
        CPPUNIT_ASSERT_MESSAGE("two codes share the name " + name, seen != name);
      }
      names.push_back(name);
    }
  }

  void testCopiesAreIndependent() {
    Status original = Status::unavailable("database down");
    const Status copy = original;
    original = Status::ok();
    CPPUNIT_ASSERT_MESSAGE("a copy must keep its code after the original changes",
                           copy.code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT_EQUAL(std::string("database down"), copy.message());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StatusTest, "core");

}  // namespace
}  // namespace userimg::core
