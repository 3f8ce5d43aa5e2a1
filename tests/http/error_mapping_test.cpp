#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

#include "http/error_mapping.h"

namespace userimg::http {
namespace {

using core::Status;
using core::StatusCode;

std::string headerOf(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

Poco::JSON::Object::Ptr parse(const Response& response) {
  Poco::JSON::Parser parser;
  return parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

class ErrorMappingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ErrorMappingTest);
  CPPUNIT_TEST(testMapsEveryCodeToItsHttpStatus);
  CPPUNIT_TEST(testErrorShapeUsesErrorKey);
  CPPUNIT_TEST(testDetailShapeUsesDetailKey);
  CPPUNIT_TEST(testUnauthenticatedCarriesBearerChallengeInBothShapes);
  CPPUNIT_TEST(testOtherErrorsCarryNoChallenge);
  CPPUNIT_TEST(testExplicitStatusIsKept);
  CPPUNIT_TEST(testResponsesAreUncachedJson);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMapsEveryCodeToItsHttpStatus() {
    const std::pair<StatusCode, int> expected[] = {
        {StatusCode::kOk, 200},           {StatusCode::kInvalidArgument, 400},
        {StatusCode::kInvalidImage, 400}, {StatusCode::kUnauthenticated, 401},
        {StatusCode::kNotFound, 404},     {StatusCode::kPayloadTooLarge, 413},
        {StatusCode::kUnavailable, 503},  {StatusCode::kStorageFailed, 500},
        {StatusCode::kInternal, 500},
    };
    for (const auto& [code, status] : expected) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE("HTTP status of " + std::string(core::statusCodeName(code)),
                                   status, httpStatusFor(code));
    }
  }

  void testErrorShapeUsesErrorKey() {
    const Response response = errorResponse(ErrorShape::kError, Status::notFound("nothing here"));
    CPPUNIT_ASSERT_EQUAL(404, response.status);
    auto body = parse(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::size_t{1}, body->size());
    CPPUNIT_ASSERT_EQUAL(std::string("nothing here"), body->getValue<std::string>("error"));
  }

  void testDetailShapeUsesDetailKey() {
    const Response response =
        errorResponse(ErrorShape::kDetail, Status::invalidImage("Invalid file format"));
    CPPUNIT_ASSERT_EQUAL(400, response.status);
    auto body = parse(response);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("body: " + response.body, std::size_t{1}, body->size());
    CPPUNIT_ASSERT_EQUAL(std::string("Invalid file format"), body->getValue<std::string>("detail"));
  }

  void testUnauthenticatedCarriesBearerChallengeInBothShapes() {
    for (ErrorShape shape : {ErrorShape::kError, ErrorShape::kDetail}) {
      const Response response = errorResponse(shape, Status::unauthenticated("Invalid token"));
      CPPUNIT_ASSERT_EQUAL(401, response.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("a 401 must carry WWW-Authenticate: Bearer",
                                   std::string("Bearer"), headerOf(response, "WWW-Authenticate"));
    }
    const Response explicit401 = errorResponse(ErrorShape::kDetail, 401, "Not authenticated");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("an explicit 401 must carry the challenge too",
                                 std::string("Bearer"), headerOf(explicit401, "WWW-Authenticate"));
  }

  void testOtherErrorsCarryNoChallenge() {
    const Response response = errorResponse(ErrorShape::kDetail, Status::notFound("x"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("only a 401 carries WWW-Authenticate", std::string("<absent>"),
                                 headerOf(response, "WWW-Authenticate"));
  }

  void testExplicitStatusIsKept() {
    const Response response = errorResponse(ErrorShape::kError, 405, "Method PUT not allowed");
    CPPUNIT_ASSERT_EQUAL(405, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Method PUT not allowed"),
                         parse(response)->getValue<std::string>("error"));
  }

  void testResponsesAreUncachedJson() {
    const Response response = errorResponse(ErrorShape::kError, Status::internal("boom"));
    CPPUNIT_ASSERT_EQUAL(std::string("application/json"), headerOf(response, "Content-Type"));
    CPPUNIT_ASSERT_EQUAL(std::string("no-store"), headerOf(response, "Cache-Control"));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ErrorMappingTest, "http");

}  // namespace
}  // namespace userimg::http
