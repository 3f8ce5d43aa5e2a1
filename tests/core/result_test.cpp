#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace userimg::core {
namespace {

Result<int> parsePositive(int value) {
  if (value <= 0) return Status::invalidArgument("not positive");
  return value;
}

class ResultTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ResultTest);
  CPPUNIT_TEST(testHoldsValue);
  CPPUNIT_TEST(testHoldsFailedStatus);
  CPPUNIT_TEST(testConvertsImplicitlyFromValueAndStatus);
  CPPUNIT_TEST(testArrowReachesValueMembers);
  CPPUNIT_TEST(testValueCanBeModifiedInPlace);
  CPPUNIT_TEST(testRvalueValueMovesOut);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testHoldsValue() {
    const Result<std::string> result(std::string("hello"));
    CPPUNIT_ASSERT_MESSAGE("a Result built from a value must be ok", result.ok());
    CPPUNIT_ASSERT_MESSAGE("operator bool must agree with ok()", static_cast<bool>(result));
    CPPUNIT_ASSERT_EQUAL(std::string("hello"), result.value());
    CPPUNIT_ASSERT_MESSAGE("status() of a value must be OK", result.status().isOk());
  }

  void testHoldsFailedStatus() {
    const Result<std::string> result(Status::notFound("missing"));
    CPPUNIT_ASSERT_MESSAGE("a Result built from a failure must not be ok", !result.ok());
    CPPUNIT_ASSERT_MESSAGE("operator bool must be false on failure", !result);
    CPPUNIT_ASSERT_MESSAGE("status() must return the failure's code",
                           result.status().code() == StatusCode::kNotFound);
    CPPUNIT_ASSERT_EQUAL(std::string("missing"), result.status().message());
  }

  void testConvertsImplicitlyFromValueAndStatus() {
    const Result<int> good = parsePositive(3);
    const Result<int> bad = parsePositive(-1);
    CPPUNIT_ASSERT_MESSAGE("returning a value must yield an ok Result", good.ok());
    CPPUNIT_ASSERT_EQUAL(3, good.value());
    CPPUNIT_ASSERT_MESSAGE("returning a Status must yield a failed Result",
                           bad.status().code() == StatusCode::kInvalidArgument);
  }

  void testArrowReachesValueMembers() {
    const Result<std::string> result(std::string("abc"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, result->size());
  }

  void testValueCanBeModifiedInPlace() {
    Result<std::vector<int>> result(std::vector<int>{1});
    result.value().push_back(2);
    result->push_back(3);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("changes through value() and -> must stick", std::size_t{3},
                                 result.value().size());
  }

  void testRvalueValueMovesOut() {
    Result<std::unique_ptr<int>> result(std::make_unique<int>(7));
    std::unique_ptr<int> owned = std::move(result).value();
    CPPUNIT_ASSERT_MESSAGE("a move-only value must move out of an rvalue Result", owned != nullptr);
    CPPUNIT_ASSERT_EQUAL(7, *owned);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ResultTest, "core");

}  // namespace
}  // namespace userimg::core
