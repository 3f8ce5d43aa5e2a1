// X-Request-Id through the web server: every answer of the app (errors
// included) carries one, a client's own X-Request-Id is not it, and it is
// the front end's id when the stack has one (USERIMG_IT_FRONT_END_ID:
// "nginx" for $request_id, 32 hex digits; "apache" for mod_unique_id's,
// which is not; unset: any valid id).

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <string>

#include "integration/it_support.h"

namespace userimg::it {
namespace {

const std::regex kValidId("[A-Za-z0-9._:@+=/-]{1,128}");
const std::regex kHex32("[0-9a-f]{32}");

class RequestIdTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RequestIdTest);
  CPPUNIT_TEST(testEveryAnswerCarriesAnIdThatIsNotTheClients);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEveryAnswerCarriesAnIdThatIsNotTheClients() {
    const char* frontEnd = std::getenv("USERIMG_IT_FRONT_END_ID");
    const std::string expected = frontEnd ? frontEnd : "";
    const std::string token = bearer(mintToken(uniqueUserId("reqid")));
    std::set<std::string> seen;
    int sent = 0;
    for (const std::string& authorization : {std::string(), std::string("Bearer forged"), token}) {
      for (const char* path : {"/users/me", "/api/resume/user-images/", "/users/me/12345"}) {
        RequestSpec spec;
        spec.path = path;
        spec.authorization = authorization;
        spec.extraHeaders = {{"X-Request-Id", "client-chosen-id"}};
        const Reply reply = send(spec);
        const std::string id = reply.header("x-request-id");
        CPPUNIT_ASSERT_MESSAGE("no X-Request-Id: " + reply.describe(),
                               std::regex_match(id, kValidId));
        CPPUNIT_ASSERT_MESSAGE("the client's X-Request-Id was used: " + reply.describe(),
                               id != "client-chosen-id");
        if (expected == "nginx") {
          CPPUNIT_ASSERT_MESSAGE("not nginx's $request_id: " + id, std::regex_match(id, kHex32));
        } else if (expected == "apache") {
          CPPUNIT_ASSERT_MESSAGE("not mod_unique_id's: " + id, !std::regex_match(id, kHex32));
        }
        seen.insert(id);
        ++sent;
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("one id per request", static_cast<std::size_t>(sent), seen.size());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RequestIdTest, "request_id");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("request_id");

}  // namespace
}  // namespace userimg::it
