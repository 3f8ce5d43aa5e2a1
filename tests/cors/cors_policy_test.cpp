#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>

#include "cors/cors_policy.h"
#include "cors/origin.h"
#include "cors/web_server_conf.h"

namespace userimg::cors {
namespace {

const std::string kApp = "https://app.example.com";

std::string headerOf(const http::Response& response, const std::string& name) {
  std::string found = "<absent>";
  for (const auto& [key, value] : response.headers) {
    if (key == name) found = value;
  }
  return found;
}

http::Request requestFrom(const std::string& method, const std::string& origin) {
  static std::istringstream empty;
  http::Request request;
  request.method = method;
  request.path = "/users/me";
  if (!origin.empty()) request.headers["origin"] = origin;
  request.body = &empty;
  return request;
}

http::Response jsonError(int status) {
  return http::Response::json(status, "{\"detail\":\"x\"}");
}

class CorsPolicyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CorsPolicyTest);
  CPPUNIT_TEST(testPreflightFromListedOriginIs204WithEveryHeader);
  CPPUNIT_TEST(testPreflightFromUnlistedOriginIsLeftToTheRouter);
  CPPUNIT_TEST(testPreflightWithoutOriginOrOnUnroutedPathIsLeftToTheRouter);
  CPPUNIT_TEST(testNoOriginsMeansNoPreflightAndNoHeaders);
  CPPUNIT_TEST(testDecoratesAnswersAndErrorsForListedOrigin);
  CPPUNIT_TEST(testLeavesAnswerUntouchedForUnlistedOrAbsentOrigin);
  CPPUNIT_TEST(testOriginMatchIsExact);
  CPPUNIT_TEST(testVaryIsMergedNotDuplicated);
  CPPUNIT_TEST(testCheckOriginAcceptsWhatBrowsersSend);
  CPPUNIT_TEST(testCheckOriginRefusesWildcardPathsAndUpperCase);
  CPPUNIT_TEST(testOriginsRegexIsAnchoredAndEscaped);
  CPPUNIT_TEST(testWebServerConfsCarryTheList);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPreflightFromListedOriginIs204WithEveryHeader() {
    const CorsPolicy policy({kApp, "http://localhost:8080"});
    auto answer = policy.preflight(requestFrom("OPTIONS", kApp), true);
    CPPUNIT_ASSERT_MESSAGE("a listed origin's preflight must be answered", answer.has_value());
    CPPUNIT_ASSERT_EQUAL(204, answer->status);
    CPPUNIT_ASSERT_EQUAL(kApp, headerOf(*answer, "Access-Control-Allow-Origin"));
    CPPUNIT_ASSERT_EQUAL(std::string("GET, POST, DELETE"),
                         headerOf(*answer, "Access-Control-Allow-Methods"));
    CPPUNIT_ASSERT_EQUAL(std::string("Authorization, Content-Type"),
                         headerOf(*answer, "Access-Control-Allow-Headers"));
    CPPUNIT_ASSERT_EQUAL(std::string("600"), headerOf(*answer, "Access-Control-Max-Age"));
    CPPUNIT_ASSERT_EQUAL(std::string("Origin"), headerOf(*answer, "Vary"));
    CPPUNIT_ASSERT(answer->body.empty());
  }

  void testPreflightFromUnlistedOriginIsLeftToTheRouter() {
    const CorsPolicy policy({kApp});
    CPPUNIT_ASSERT(!policy.preflight(requestFrom("OPTIONS", "https://evil.example"), true));
  }

  void testPreflightWithoutOriginOrOnUnroutedPathIsLeftToTheRouter() {
    const CorsPolicy policy({kApp});
    CPPUNIT_ASSERT(!policy.preflight(requestFrom("OPTIONS", ""), true));
    CPPUNIT_ASSERT(!policy.preflight(requestFrom("OPTIONS", kApp), false));
    CPPUNIT_ASSERT_MESSAGE("only OPTIONS is a preflight",
                           !policy.preflight(requestFrom("GET", kApp), true));
  }

  void testNoOriginsMeansNoPreflightAndNoHeaders() {
    const CorsPolicy policy;
    CPPUNIT_ASSERT(!policy.preflight(requestFrom("OPTIONS", kApp), true));
    http::Response response = jsonError(401);
    const auto before = response.headers;
    policy.decorate(requestFrom("GET", kApp), response);
    CPPUNIT_ASSERT(before == response.headers);
  }

  void testDecoratesAnswersAndErrorsForListedOrigin() {
    const CorsPolicy policy({kApp});
    for (int status : {200, 401, 404, 405, 413, 500}) {
      http::Response response = jsonError(status);
      policy.decorate(requestFrom("GET", kApp), response);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("status " + std::to_string(status), kApp,
                                   headerOf(response, "Access-Control-Allow-Origin"));
      CPPUNIT_ASSERT_EQUAL(std::string("Origin"), headerOf(response, "Vary"));
      CPPUNIT_ASSERT_EQUAL(status, response.status);
    }
  }

  void testLeavesAnswerUntouchedForUnlistedOrAbsentOrigin() {
    const CorsPolicy policy({kApp});
    for (const std::string origin : {"https://evil.example", ""}) {
      http::Response response = jsonError(401);
      const auto before = response.headers;
      policy.decorate(requestFrom("GET", origin), response);
      CPPUNIT_ASSERT_MESSAGE("origin '" + origin + "' must get no CORS header",
                             before == response.headers);
    }
  }

  void testOriginMatchIsExact() {
    const CorsPolicy policy({kApp});
    CPPUNIT_ASSERT(policy.allows(kApp));
    for (const char* near : {"https://app.example.com:443", "http://app.example.com",
                             "https://app.example.com.evil.example", "https://APP.example.com",
                             "https://app.example.co", "null", ""}) {
      CPPUNIT_ASSERT_MESSAGE(near, !policy.allows(near));
    }
  }

  void testVaryIsMergedNotDuplicated() {
    const CorsPolicy policy({kApp});
    http::Response response = jsonError(200);
    response.setHeader("Vary", "Accept");
    policy.decorate(requestFrom("GET", kApp), response);
    CPPUNIT_ASSERT_EQUAL(std::string("Accept, Origin"), headerOf(response, "Vary"));
    policy.decorate(requestFrom("GET", kApp), response);
    CPPUNIT_ASSERT_EQUAL(std::string("Accept, Origin"), headerOf(response, "Vary"));
  }

  void testCheckOriginAcceptsWhatBrowsersSend() {
    for (const char* good : {"https://app.example.com", "http://127.0.0.1:26099",
                             "http://localhost", "http://[::1]:8080", "https://a-b.example:443"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(good, std::string(), checkOrigin(good));
    }
  }

  void testCheckOriginRefusesWildcardPathsAndUpperCase() {
    for (const char* bad :
         {"*", "app.example.com", "ftp://app.example.com", "https://app.example.com/",
          "https://app.example.com/path", "https://App.example.com", "https://", "https://a:0",
          "https://a:70000", "https://a:80x", "https://a b", "https://.example", "null"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !checkOrigin(bad).empty());
    }
  }

  void testOriginsRegexIsAnchoredAndEscaped() {
    CPPUNIT_ASSERT_EQUAL(std::string("^(?:https://a\\.example|http://\\[::1\\]:8080)$"),
                         originsRegex({"https://a.example", "http://[::1]:8080"}));
    CPPUNIT_ASSERT_EQUAL(std::string("^(?!)$"), originsRegex({}));
  }

  void testWebServerConfsCarryTheList() {
    const std::string nginx = nginxCorsConf({kApp}, "/etc/userimg/userimg.ini");
    CPPUNIT_ASSERT(nginx.find("map $http_origin $userimg_cors_origin {") != std::string::npos);
    CPPUNIT_ASSERT(nginx.find("\"~^https://app\\.example\\.com$\" $http_origin;") !=
                   std::string::npos);
    CPPUNIT_ASSERT(nginx.find("map $userimg_cors_origin $userimg_cors_vary {") !=
                   std::string::npos);
    CPPUNIT_ASSERT(nginx.find("/etc/userimg/userimg.ini") != std::string::npos);
    CPPUNIT_ASSERT(nginxCorsConf({}, "x").find("$http_origin;") == std::string::npos);
    const std::string apache = apacheCorsConf({kApp}, "x");
    CPPUNIT_ASSERT(
        apache.find("Define USERIMG_CORS_ORIGINS \"^(?:https://app\\.example\\.com)$\"") !=
        std::string::npos);
    CPPUNIT_ASSERT(apacheCorsConf({}, "x").find("Define") == std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CorsPolicyTest, "cors");

}  // namespace
}  // namespace userimg::cors
