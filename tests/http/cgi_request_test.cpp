#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "http/cgi_request.h"

namespace userimg::http {
namespace {

// A CGI environment ("NAME=value" strings, null-terminated) for one request.
class Env {
 public:
  Env(std::initializer_list<std::string> entries) : entries_(entries) {
    for (const std::string& entry : entries_) pointers_.push_back(entry.c_str());
    pointers_.push_back(nullptr);
  }
  const char* const* get() const { return pointers_.data(); }

 private:
  std::vector<std::string> entries_;
  std::vector<const char*> pointers_;
};

Request parse(const Env& env, const std::string& mountPrefix = "") {
  Request request;
  CPPUNIT_ASSERT_MESSAGE("the request must be usable",
                         requestFromCgi(env.get(), {.mountPrefix = mountPrefix}, request));
  return request;
}

bool usable(const Env& env) {
  Request request;
  return requestFromCgi(env.get(), {}, request);
}

class CgiRequestTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CgiRequestTest);
  CPPUNIT_TEST(testNginxRequestUsesRequestUri);
  CPPUNIT_TEST(testPathIsPercentDecoded);
  CPPUNIT_TEST(testEscapesInTheQueryLeaveThePathAndQueryAsSent);
  CPPUNIT_TEST(testWithoutRequestUriUsesScriptNameAndPathInfo);
  CPPUNIT_TEST(testModFcgidAliasUsesRequestUriNotPathInfo);
  CPPUNIT_TEST(testRewriteToProgramUnderMountPrefixRoutesRequestedPath);
  CPPUNIT_TEST(testRewriteWithPathInfoUnderMountPrefixRoutesRequestedPath);
  CPPUNIT_TEST(testMountPrefixOnlyStripsWholeSegments);
  CPPUNIT_TEST(testPathWithoutMountPrefixIsKeptWhole);
  CPPUNIT_TEST(testEncodedMountPrefixIsStripped);
  CPPUNIT_TEST(testAuthorizationFromHttpVariable);
  CPPUNIT_TEST(testFrontEndRequestIdFromNginxOrModUniqueId);
  CPPUNIT_TEST(testAuthorizationFromRedirectVariables);
  CPPUNIT_TEST(testHttpAuthorizationWinsOverRedirected);
  CPPUNIT_TEST(testEmptyAuthorizationIsAbsent);
  CPPUNIT_TEST(testContentLengthParsedOrAbsent);
  CPPUNIT_TEST(testHeaderNamesAreLowerCaseWithDashes);
  CPPUNIT_TEST(testUnusableRequestsAreRefused);
  CPPUNIT_TEST(testAReusedRequestKeepsNothingOfTheLastOne);
  CPPUNIT_TEST(testAReusedRequestHasExactlyItsOwnHeaders);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNginxRequestUsesRequestUri() {
    const Request r =
        parse({"REQUEST_METHOD=DELETE", "REQUEST_URI=/api/resume/user-images/?type=cover_image",
               "SCRIPT_NAME=/api/resume/user-images/", "QUERY_STRING=ignored=1"});
    CPPUNIT_ASSERT_EQUAL(std::string("DELETE"), r.method);
    CPPUNIT_ASSERT_EQUAL(std::string("/api/resume/user-images/"), r.path);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the query of REQUEST_URI", std::string("type=cover_image"),
                                 r.query);
  }

  void testPathIsPercentDecoded() {
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/%6De/profile%2Dimage"});
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me/profile-image"), r.path);
  }

  void testEscapesInTheQueryLeaveThePathAndQueryAsSent() {
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/avatars/k%2Bey?d=%34%30%34&s=1"});
    CPPUNIT_ASSERT_EQUAL(std::string("/avatars/k+ey"), r.path);
    CPPUNIT_ASSERT_EQUAL(std::string("d=%34%30%34&s=1"), r.query);
    const Request plain = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/avatars/key?d=%34%30%34"});
    CPPUNIT_ASSERT_EQUAL(std::string("/avatars/key"), plain.path);
    CPPUNIT_ASSERT_EQUAL(std::string("d=%34%30%34"), plain.query);
    CPPUNIT_ASSERT_EQUAL(std::string("404"), plain.queryParam("d").value_or("absent"));
    CPPUNIT_ASSERT_MESSAGE("a malformed escape in the path is refused, one in the query is not",
                           !usable({"REQUEST_METHOD=GET", "REQUEST_URI=/avatars/%zz?s=1"}) &&
                               usable({"REQUEST_METHOD=GET", "REQUEST_URI=/avatars/k?s=%zz"}));
  }

  void testWithoutRequestUriUsesScriptNameAndPathInfo() {
    const Request r = parse({"REQUEST_METHOD=GET", "SCRIPT_NAME=/api/resume",
                             "PATH_INFO=/user-images/", "QUERY_STRING=type=profile_image"});
    CPPUNIT_ASSERT_EQUAL(std::string("/api/resume/user-images/"), r.path);
    CPPUNIT_ASSERT_EQUAL(std::string("type=profile_image"), r.query);
  }

  void testModFcgidAliasUsesRequestUriNotPathInfo() {
    // AliasMatch onto the program: Apache splits the URL at the program file.
    const Request r =
        parse({"REQUEST_METHOD=POST", "REQUEST_URI=/users/me/cover-image", "SCRIPT_NAME=/users/me",
               "PATH_INFO=/cover-image", "SCRIPT_FILENAME=/usr/bin/userimg-fcgi"});
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me/cover-image"), r.path);
  }

  void testRewriteToProgramUnderMountPrefixRoutesRequestedPath() {
    // .htaccess: RewriteRule ^(api/resume/|users/me) userimg.fcgi [L]
    const Request r = parse(
        {"REQUEST_METHOD=DELETE", "REQUEST_URI=/~alice/api/resume/user-images/?type=profile_image",
         "SCRIPT_NAME=/~alice/userimg.fcgi", "QUERY_STRING=type=profile_image",
         "REDIRECT_URL=/~alice/api/resume/user-images/"},
        "/~alice");
    CPPUNIT_ASSERT_EQUAL(std::string("/api/resume/user-images/"), r.path);
    CPPUNIT_ASSERT_EQUAL(std::string("type=profile_image"), r.query);
  }

  void testRewriteWithPathInfoUnderMountPrefixRoutesRequestedPath() {
    // RewriteRule ^(.*)$ userimg.fcgi/$1 [L]
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/app/users/me",
                             "SCRIPT_NAME=/app/userimg.fcgi", "PATH_INFO=/users/me"},
                            "/app");
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me"), r.path);
  }

  void testMountPrefixOnlyStripsWholeSegments() {
    CPPUNIT_ASSERT_EQUAL(std::string("/apple/users/me"),
                         parse({"REQUEST_METHOD=GET", "REQUEST_URI=/apple/users/me"}, "/app").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/"),
                         parse({"REQUEST_METHOD=GET", "REQUEST_URI=/app"}, "/app").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/"),
                         parse({"REQUEST_METHOD=GET", "REQUEST_URI=/app/"}, "/app").path);
  }

  void testPathWithoutMountPrefixIsKeptWhole() {
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me"}, "/~alice");
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me"), r.path);
  }

  void testEncodedMountPrefixIsStripped() {
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/%7Ealice/users/me"}, "/~alice");
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me"), r.path);
  }

  void testAuthorizationFromHttpVariable() {
    const Request r =
        parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me", "HTTP_AUTHORIZATION=Bearer abc"});
    CPPUNIT_ASSERT_EQUAL(std::string("Bearer abc"), r.header("authorization"));
  }

  void testFrontEndRequestIdFromNginxOrModUniqueId() {
    const Request nginx = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me",
                                 "REQUEST_ID=0f9e8d7c6b5a4938", "HTTP_X_REQUEST_ID=client"});
    CPPUNIT_ASSERT_EQUAL(std::string("0f9e8d7c6b5a4938"), nginx.frontEndRequestId);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the header stays a header", std::string("client"),
                                 nginx.header("x-request-id"));
    const Request apache = parse(
        {"REQUEST_METHOD=GET", "REQUEST_URI=/users/me", "UNIQUE_ID=Z2x0aH8AAQEAAAWm@QgAAAAC"});
    CPPUNIT_ASSERT_EQUAL(std::string("Z2x0aH8AAQEAAAWm@QgAAAAC"), apache.frontEndRequestId);
    CPPUNIT_ASSERT_EQUAL(std::string(""),
                         parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me"}).frontEndRequestId);
  }

  void testAuthorizationFromRedirectVariables() {
    const Request once = parse(
        {"REQUEST_METHOD=GET", "REQUEST_URI=/users/me", "REDIRECT_HTTP_AUTHORIZATION=Bearer once"});
    CPPUNIT_ASSERT_EQUAL(std::string("Bearer once"), once.header("authorization"));
    const Request twice = parse(
        {"REQUEST_METHOD=GET", "REQUEST_URI=/users/me",
         "REDIRECT_HTTP_AUTHORIZATION=", "REDIRECT_REDIRECT_HTTP_AUTHORIZATION=Bearer twice"});
    CPPUNIT_ASSERT_EQUAL(std::string("Bearer twice"), twice.header("authorization"));
  }

  void testHttpAuthorizationWinsOverRedirected() {
    const Request r =
        parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me",
               "REDIRECT_HTTP_AUTHORIZATION=Bearer old", "HTTP_AUTHORIZATION=Bearer new"});
    CPPUNIT_ASSERT_EQUAL(std::string("Bearer new"), r.header("authorization"));
  }

  void testEmptyAuthorizationIsAbsent() {
    // A rewrite recipe sets the variable even when no header was sent.
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me",
                             "HTTP_AUTHORIZATION=", "REDIRECT_HTTP_AUTHORIZATION="});
    CPPUNIT_ASSERT_EQUAL_MESSAGE("an empty Authorization must not be a header", std::size_t{0},
                                 r.headers.count("authorization"));
  }

  void testContentLengthParsedOrAbsent() {
    CPPUNIT_ASSERT(!parse({"REQUEST_METHOD=POST", "REQUEST_URI=/users/me/profile-image"})
                        .contentLength.has_value());
    CPPUNIT_ASSERT_EQUAL(
        std::int64_t{1234},
        *parse({"REQUEST_METHOD=POST", "REQUEST_URI=/x", "CONTENT_LENGTH=1234"}).contentLength);
    for (const char* bad : {"CONTENT_LENGTH=-5", "CONTENT_LENGTH=12abc", "CONTENT_LENGTH="}) {
      CPPUNIT_ASSERT_MESSAGE(
          bad, !parse({"REQUEST_METHOD=POST", "REQUEST_URI=/x", bad}).contentLength.has_value());
    }
  }

  void testHeaderNamesAreLowerCaseWithDashes() {
    const Request r = parse({"REQUEST_METHOD=GET", "REQUEST_URI=/x", "HTTP_X_FORWARDED_FOR=1.2.3.4",
                             "CONTENT_TYPE=multipart/form-data; boundary=b"});
    CPPUNIT_ASSERT_EQUAL(std::string("1.2.3.4"), r.header("x-forwarded-for"));
    CPPUNIT_ASSERT_EQUAL(std::string("multipart/form-data; boundary=b"), r.header("content-type"));
  }

  void testAReusedRequestKeepsNothingOfTheLastOne() {
    // The FastCGI workers parse request after request into one Request.
    Request r;
    const Env first({"REQUEST_METHOD=POST", "REQUEST_URI=/users/me/profile-image?x=1",
                     "CONTENT_LENGTH=123", "CONTENT_TYPE=multipart/form-data; boundary=b",
                     "HTTP_AUTHORIZATION=Bearer t", "REQUEST_ID=abc"});
    CPPUNIT_ASSERT(requestFromCgi(first.get(), {}, r));
    const Env second({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me"});
    CPPUNIT_ASSERT(requestFromCgi(second.get(), {}, r));
    CPPUNIT_ASSERT_EQUAL(std::string("GET"), r.method);
    CPPUNIT_ASSERT_EQUAL(std::string("/users/me"), r.path);
    CPPUNIT_ASSERT_EQUAL(std::string(""), r.query);
    CPPUNIT_ASSERT_MESSAGE("headers", r.headers.empty());
    CPPUNIT_ASSERT_MESSAGE("content length", !r.contentLength.has_value());
    CPPUNIT_ASSERT_EQUAL(std::string(""), r.frontEndRequestId);
    // Refused, it still keeps no length from the one before.
    CPPUNIT_ASSERT(requestFromCgi(first.get(), {}, r));
    const Env refused({"REQUEST_METHOD=GET"});
    CPPUNIT_ASSERT(!requestFromCgi(refused.get(), {}, r));
    CPPUNIT_ASSERT_MESSAGE("content length after a refusal", !r.contentLength.has_value());
  }

  void testAReusedRequestHasExactlyItsOwnHeaders() {
    // Header nodes are reused from request to request (and thread to
    // thread's pool): each request must still get its own set, whole.
    Request r;
    const Env first({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me", "HTTP_HOST=a.example",
                     "HTTP_ACCEPT=*/*", "HTTP_USER_AGENT=first agent with a long name"});
    CPPUNIT_ASSERT(requestFromCgi(first.get(), {}, r));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, r.headers.size());
    const Env second({"REQUEST_METHOD=GET", "REQUEST_URI=/users/me", "HTTP_HOST=b.example",
                      "HTTP_X_ONE=1", "HTTP_X_ONE=again", "HTTP_IF_NONE_MATCH=\"t\"",
                      "HTTP_X_FORWARDED_FOR=192.0.2.1"});
    CPPUNIT_ASSERT(requestFromCgi(second.get(), {}, r));
    const std::map<std::string, std::string, std::less<>> want = {
        {"host", "b.example"},
        {"x-one", "again"},  // a repeated name keeps its last value
        {"if-none-match", "\"t\""},
        {"x-forwarded-for", "192.0.2.1"}};
    CPPUNIT_ASSERT_MESSAGE("the second request's headers, and only they", r.headers == want);
    // Parsed again on another thread: its nodes go to that thread's pool.
    bool parsed = false;
    std::thread([&] { parsed = requestFromCgi(first.get(), {}, r); }).join();
    CPPUNIT_ASSERT(parsed);
    CPPUNIT_ASSERT_EQUAL(std::string("first agent with a long name"), r.header("user-agent"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, r.headers.size());
    CPPUNIT_ASSERT(requestFromCgi(second.get(), {}, r));
    CPPUNIT_ASSERT_MESSAGE("back on this thread", r.headers == want);
  }

  void testUnusableRequestsAreRefused() {
    CPPUNIT_ASSERT_MESSAGE("no method", !usable({"REQUEST_URI=/users/me"}));
    CPPUNIT_ASSERT_MESSAGE("no path", !usable({"REQUEST_METHOD=GET"}));
    CPPUNIT_ASSERT_MESSAGE("bad escape", !usable({"REQUEST_METHOD=GET", "REQUEST_URI=/users/%zz"}));
    CPPUNIT_ASSERT_MESSAGE("not absolute", !usable({"REQUEST_METHOD=GET", "REQUEST_URI=users/me"}));
    CPPUNIT_ASSERT_MESSAGE("empty environment", !usable({}));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CgiRequestTest, "http");

}  // namespace
}  // namespace userimg::http
