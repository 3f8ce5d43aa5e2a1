// The two line formats of core/log_line.h.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <string>

#include "core/log_line.h"

namespace userimg::core::log::detail {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& line) {
  CPPUNIT_ASSERT_MESSAGE(line, !line.empty() && line.back() == '\n');
  CPPUNIT_ASSERT_MESSAGE("one line: " + line, line.find('\n') == line.size() - 1);
  Poco::JSON::Parser parser;
  return parser.parse(line).extract<Poco::JSON::Object::Ptr>();
}

class LogLineTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LogLineTest);
  CPPUNIT_TEST(testTimestampIsUtcWithMilliseconds);
  CPPUNIT_TEST(testTextMessageCarriesRequestIdAndStaysOneLine);
  CPPUNIT_TEST(testTextFieldsAreBareOrQuotedAndEscaped);
  CPPUNIT_TEST(testJsonMessageParsesWithItsKeys);
  CPPUNIT_TEST(testJsonFieldsKeepNumbersUnquotedAndEscapeText);
  CPPUNIT_TEST(testInvalidUtf8BecomesReplacementCharacter);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testTimestampIsUtcWithMilliseconds() {
    const auto when = std::chrono::system_clock::time_point(
        std::chrono::milliseconds(1764622498007));  // 2025-12-01T20:54:58.007Z
    CPPUNIT_ASSERT_EQUAL(std::string("2025-12-01T20:54:58.007Z"), timestamp(when));
  }

  void testTextMessageCarriesRequestIdAndStaysOneLine() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("T ERROR request_id=abc-1 failed\\n  forged line\n"),
        messageLine(Format::kText, "T", "ERROR", "error", "abc-1", "failed\n  forged line"));
    CPPUNIT_ASSERT_EQUAL(std::string("T INFO started\n"),
                         messageLine(Format::kText, "T", "INFO", "info", "", "started"));
  }

  void testTextFieldsAreBareOrQuotedAndEscaped() {
    const std::string line = fieldsLine(Format::kText, "T", "ACCESS", "access",
                                        {{"route", "/users/me"},
                                         {"status", "200", true},
                                         {"user_id", "a b\"c\\"},
                                         {"empty", ""},
                                         {"ctl", "x\ny\x01"}});
    CPPUNIT_ASSERT_EQUAL(std::string("T ACCESS route=/users/me status=200 user_id=\"a b\\\"c\\\\\" "
                                     "empty=\"\" ctl=\"x\\ny\\u0001\"\n"),
                         line);
  }

  void testJsonMessageParsesWithItsKeys() {
    const std::string line = messageLine(Format::kJson, "2025-12-01T20:54:58.007Z", "WARN",
                                         "warning", "id-7", "quote \" and\nnewline");
    const auto object = parse(line);
    CPPUNIT_ASSERT_EQUAL(std::string("2025-12-01T20:54:58.007Z"),
                         object->getValue<std::string>("time"));
    CPPUNIT_ASSERT_EQUAL(std::string("warning"), object->getValue<std::string>("level"));
    CPPUNIT_ASSERT_EQUAL(std::string("id-7"), object->getValue<std::string>("request_id"));
    CPPUNIT_ASSERT_EQUAL(std::string("quote \" and\nnewline"),
                         object->getValue<std::string>("message"));
    CPPUNIT_ASSERT_MESSAGE(
        "no request_id key without one",
        !parse(messageLine(Format::kJson, "T", "INFO", "info", "", "m"))->has("request_id"));
  }

  void testJsonFieldsKeepNumbersUnquotedAndEscapeText() {
    const std::string line =
        fieldsLine(Format::kJson, "T", "ACCESS", "access",
                   {{"status", "404", true}, {"duration_ms", "1.250", true}, {"method", "G\"ET"}});
    CPPUNIT_ASSERT_MESSAGE(line,
                           line.find("\"status\":404,\"duration_ms\":1.250,") != std::string::npos);
    const auto object = parse(line);
    CPPUNIT_ASSERT_EQUAL(std::string("access"), object->getValue<std::string>("level"));
    CPPUNIT_ASSERT_EQUAL(404, object->getValue<int>("status"));
    CPPUNIT_ASSERT_EQUAL(std::string("G\"ET"), object->getValue<std::string>("method"));
  }

  void testInvalidUtf8BecomesReplacementCharacter() {
    const std::string line =
        messageLine(Format::kJson, "T", "INFO", "info", "", "caf\xC3\xA9 \xFF\xC3");
    CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD"),
                         parse(line)->getValue<std::string>("message"));
    const std::string text =
        fieldsLine(Format::kText, "T", "ACCESS", "access", {{"u", "\xED\xA0\x80"}});
    CPPUNIT_ASSERT_EQUAL(std::string("T ACCESS u=\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"\n"),
                         text);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LogLineTest, "core");

}  // namespace
}  // namespace userimg::core::log::detail
