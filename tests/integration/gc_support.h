#pragma once
// Support for the suites that go beyond nginx (cloudinary_test.cpp,
// gc_local_test.cpp): running userimgctl against the stack's configuration,
// and plain HTTP to any 127.0.0.1 server (the Cloudinary test server).
// Everything here fails a CppUnit assertion rather than returning errors.
//
//   USERIMG_IT_CTL     the userimgctl executable
//   USERIMG_IT_CONFIG  the stack's userimg.ini

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace userimg::it {

// The variable's value; fails the test when it is unset or empty.
std::string requireEnv(const char* name);

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Runs `userimgctl --config $USERIMG_IT_CONFIG ARGS...` in this process's
// environment and waits for it.
CommandResult runCtl(const std::vector<std::string>& args);
// The same with `environment` ("NAME=value" each) added to this process's.
CommandResult runCtl(const std::vector<std::string>& args,
                     const std::vector<std::string>& environment);

// A plain HTTP exchange with `url` ("http://127.0.0.1:PORT/path").
struct HttpReply {
  int status = 0;
  std::string contentType;
  std::string body;
};
HttpReply httpRequest(const std::string& method, const std::string& url,
                      const std::string& body = "",
                      const std::string& contentType = "application/json");

// The JSON object `url` answers with (fails unless 200 and an object).
Poco::JSON::Object::Ptr httpJson(const std::string& url);

// True when some line of `text` contains both `a` and `b`.
bool lineWith(const std::string& text, const std::string& a, const std::string& b);

}  // namespace userimg::it
