#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <limits>
#include <string>

#include "http/json_writer.h"

namespace userimg::http {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

class JsonWriterTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(JsonWriterTest);
  CPPUNIT_TEST(testWritesFieldsInOrderWithCommas);
  CPPUNIT_TEST(testNestsObjects);
  CPPUNIT_TEST(testWritesNumbersAndNulls);
  CPPUNIT_TEST(testEscapesQuotesBackslashesAndControlCharacters);
  CPPUNIT_TEST(testKeepsUtf8AndEscapesKeys);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testWritesFieldsInOrderWithCommas() {
    JsonWriter json;
    json.beginObject().field("b", "1").field("a", "2").field("c", "3").endObject();
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"b":"1","a":"2","c":"3"})"), std::move(json).take());

    JsonWriter empty;
    empty.beginObject().endObject();
    CPPUNIT_ASSERT_EQUAL(std::string("{}"), std::move(empty).take());
  }

  void testNestsObjects() {
    JsonWriter json;
    json.beginObject().key("images").beginObject().field("profile_image", "/p.jpg");
    json.field("cover_image", nullptr).endObject();
    json.key("variants").beginObject().key("profile_image").beginObject().endObject();
    json.endObject().field("after", "x").endObject();
    const std::string text = std::move(json).take();
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            R"({"images":{"profile_image":"/p.jpg","cover_image":null},"variants":{"profile_image":{}},"after":"x"})"),
        text);
    const auto object = parse(text);
    CPPUNIT_ASSERT_EQUAL(std::string("x"), object->getValue<std::string>("after"));
    CPPUNIT_ASSERT(object->getObject("images")->isNull("cover_image"));
  }

  void testWritesNumbersAndNulls() {
    JsonWriter json;
    json.beginObject()
        .field("zero", 0)
        .field("negative", -42)
        .field("max", std::numeric_limits<std::int64_t>::max())
        .field("min", std::numeric_limits<std::int64_t>::min())
        .field("width", std::optional<int>(640))
        .field("height", std::optional<int>())
        .endObject();
    const std::string text = std::move(json).take();
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            R"({"zero":0,"negative":-42,"max":9223372036854775807,"min":-9223372036854775808,"width":640,"height":null})"),
        text);
    CPPUNIT_ASSERT_EQUAL(std::numeric_limits<std::int64_t>::max(),
                         parse(text)->getValue<std::int64_t>("max"));
  }

  void testEscapesQuotesBackslashesAndControlCharacters() {
    const std::string nasty = std::string("a\"b\\c\nd\re\tf") + '\x01' + '\x1f' + "/g" + '\0' + "h";
    JsonWriter json;
    json.beginObject().field("v", nasty).endObject();
    const std::string text = std::move(json).take();
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"v":"a\"b\\c\nd\re\tf\u0001\u001f/g\u0000h"})"), text);
    CPPUNIT_ASSERT_EQUAL(nasty, parse(text)->getValue<std::string>("v"));
  }

  void testKeepsUtf8AndEscapesKeys() {
    const std::string smile = "\xF0\x9F\x98\x80 caf\xC3\xA9";
    JsonWriter json;
    json.beginObject().field(smile, smile).field("k\"ey", "v").endObject();
    const std::string text = std::move(json).take();
    CPPUNIT_ASSERT(text.find(smile + "\":\"" + smile) != std::string::npos);
    const auto object = parse(text);
    CPPUNIT_ASSERT_EQUAL(smile, object->getValue<std::string>(smile));
    CPPUNIT_ASSERT_EQUAL(std::string("v"), object->getValue<std::string>("k\"ey"));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JsonWriterTest, "http");

}  // namespace
}  // namespace userimg::http
