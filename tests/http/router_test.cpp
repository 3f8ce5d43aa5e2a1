#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <string>

#include "http/router.h"

namespace userimg::http {
namespace {

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

Request requestFor(const std::string& method, const std::string& path) {
  static std::istringstream empty;
  Request request;
  request.method = method;
  request.path = path;
  request.body = &empty;
  return request;
}

Response text(int status, const std::string& body) {
  Response response;
  response.status = status;
  response.body = body;
  return response;
}

class RouterTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RouterTest);
  CPPUNIT_TEST(testDispatchesByPathAndMethod);
  CPPUNIT_TEST(testUnknownPathIs404InErrorShapeUnderApi);
  CPPUNIT_TEST(testUnknownPathIs404InDetailShapeUnderUsers);
  CPPUNIT_TEST(testUnknownPathWithoutPrefixUsesDetailShape);
  CPPUNIT_TEST(testLongestPrefixChoosesShape);
  CPPUNIT_TEST(testWrongMethodIs405WithAllowListingMethods);
  CPPUNIT_TEST(testWrongMethodUnderApiUsesErrorShape);
  CPPUNIT_TEST(testPathRegisteredWithSlashMatchesWithout);
  CPPUNIT_TEST(testPathRegisteredWithoutSlashMatchesWith);
  CPPUNIT_TEST(testHeadIsServedByGetHandler);
  CPPUNIT_TEST(testHeadWithoutGetIs405);
  CPPUNIT_TEST(testErrorResponsesAreJson);
  CPPUNIT_TEST(testRouteForNamesTheRegisteredPatternOnly);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    router_ = Router();
    router_.setErrorShape("/api/", ErrorShape::kError);
    router_.setErrorShape("/users/", ErrorShape::kDetail);
    router_.add("GET", "/api/resume/user-images/",
                [](const Request&) { return text(200, "a-get"); });
    router_.add("POST", "/api/resume/user-images/",
                [](const Request&) { return text(200, "a-post"); });
    router_.add("DELETE", "/api/resume/user-images/",
                [](const Request&) { return text(200, "a-delete"); });
    router_.add("GET", "/users/me", [](const Request&) { return text(200, "me"); });
    router_.add("POST", "/users/me/profile-image",
                [](const Request&) { return text(200, "b-post"); });
    router_.add("DELETE", "/users/me/profile-image",
                [](const Request&) { return text(200, "b-delete"); });
  }

  void testDispatchesByPathAndMethod() {
    CPPUNIT_ASSERT_EQUAL(std::string("a-post"),
                         router_.dispatch(requestFor("POST", "/api/resume/user-images/")).body);
    CPPUNIT_ASSERT_EQUAL(std::string("a-delete"),
                         router_.dispatch(requestFor("DELETE", "/api/resume/user-images/")).body);
    CPPUNIT_ASSERT_EQUAL(std::string("b-delete"),
                         router_.dispatch(requestFor("DELETE", "/users/me/profile-image")).body);
    CPPUNIT_ASSERT_EQUAL(std::string("me"), router_.dispatch(requestFor("GET", "/users/me")).body);
  }

  void testUnknownPathIs404InErrorShapeUnderApi() {
    const Response response = router_.dispatch(requestFor("GET", "/api/resume/nothing/"));
    CPPUNIT_ASSERT_EQUAL(404, response.status);
    auto body = parse(response);
    CPPUNIT_ASSERT_MESSAGE("a 404 under /api/ must be {\"error\": ...}: " + response.body,
                           body->has("error") && !body->has("detail"));
  }

  void testUnknownPathIs404InDetailShapeUnderUsers() {
    const Response response = router_.dispatch(requestFor("GET", "/users/someone-else"));
    CPPUNIT_ASSERT_EQUAL(404, response.status);
    auto body = parse(response);
    CPPUNIT_ASSERT_MESSAGE("a 404 under /users/ must be {\"detail\": ...}: " + response.body,
                           body->has("detail") && !body->has("error"));
  }

  void testUnknownPathWithoutPrefixUsesDetailShape() {
    const Response response = router_.dispatch(requestFor("GET", "/elsewhere"));
    CPPUNIT_ASSERT_EQUAL(404, response.status);
    CPPUNIT_ASSERT_MESSAGE("the default shape is detail: " + response.body,
                           parse(response)->has("detail"));
  }

  void testLongestPrefixChoosesShape() {
    Router router;
    router.setErrorShape("/api/", ErrorShape::kError);
    router.setErrorShape("/api/legacy/", ErrorShape::kDetail);
    CPPUNIT_ASSERT_MESSAGE("the longer prefix must win",
                           router.errorShapeFor("/api/legacy/x") == ErrorShape::kDetail);
    CPPUNIT_ASSERT_MESSAGE("the shorter prefix applies elsewhere",
                           router.errorShapeFor("/api/other") == ErrorShape::kError);
  }

  void testWrongMethodIs405WithAllowListingMethods() {
    const Response response = router_.dispatch(requestFor("PUT", "/users/me/profile-image"));
    CPPUNIT_ASSERT_EQUAL(405, response.status);
    const std::string allow = headerOf(response, "Allow");
    CPPUNIT_ASSERT_MESSAGE("Allow must list DELETE: " + allow,
                           allow.find("DELETE") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("Allow must list POST: " + allow,
                           allow.find("POST") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("Allow must not list GET (not registered): " + allow,
                           allow.find("GET") == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("Allow must not list HEAD without GET: " + allow,
                           allow.find("HEAD") == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("a 405 under /users/ must be {\"detail\": ...}: " + response.body,
                           parse(response)->has("detail"));
  }

  void testWrongMethodUnderApiUsesErrorShape() {
    const Response response = router_.dispatch(requestFor("PATCH", "/api/resume/user-images"));
    CPPUNIT_ASSERT_EQUAL(405, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("DELETE, GET, HEAD, POST"), headerOf(response, "Allow"));
    CPPUNIT_ASSERT_MESSAGE("a 405 under /api/ must be {\"error\": ...}: " + response.body,
                           parse(response)->has("error"));
  }

  void testPathRegisteredWithSlashMatchesWithout() {
    const Response response = router_.dispatch(requestFor("GET", "/api/resume/user-images"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("'/api/resume/user-images' must reach the '/.../' route",
                                 std::string("a-get"), response.body);
  }

  void testPathRegisteredWithoutSlashMatchesWith() {
    const Response response = router_.dispatch(requestFor("GET", "/users/me/"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("'/users/me/' must reach the '/users/me' route", std::string("me"),
                                 response.body);
  }

  void testHeadIsServedByGetHandler() {
    const Response response = router_.dispatch(requestFor("HEAD", "/users/me"));
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("HEAD must run the GET handler", std::string("me"), response.body);
  }

  void testHeadWithoutGetIs405() {
    const Response response = router_.dispatch(requestFor("HEAD", "/users/me/profile-image"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("HEAD on a path without GET must be 405", 405, response.status);
  }

  void testRouteForNamesTheRegisteredPatternOnly() {
    Router router;
    router.add("GET", "/users/me", [](const Request&) { return text(200, ""); });
    router.add("GET", "/api/resume/user-images/", [](const Request&) { return text(200, ""); });
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me"), router.routeFor("/users/me/"));
    CPPUNIT_ASSERT_EQUAL(std::string("/api/resume/user-images"),
                         router.routeFor("/api/resume/user-images/"));
    CPPUNIT_ASSERT_EQUAL(std::string("unmatched"), router.routeFor("/users/me/../../etc"));
    CPPUNIT_ASSERT_EQUAL(std::string("unmatched"), router.routeFor("/users/12345"));
  }

  void testErrorResponsesAreJson() {
    const Response response = router_.dispatch(requestFor("GET", "/nowhere"));
    CPPUNIT_ASSERT_EQUAL(std::string("application/json"), headerOf(response, "Content-Type"));
  }

 private:
  Router router_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RouterTest, "http");

}  // namespace
}  // namespace userimg::http
