#include "integration/gc_support.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace userimg::it {

std::string requireEnv(const char* name) {
  const char* value = std::getenv(name);
  CPPUNIT_ASSERT_MESSAGE(std::string(name) + " is not set (run through ctest)",
                         value != nullptr && *value != '\0');
  return value;
}

namespace {

// 'text' for /bin/sh.
std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

CommandResult runCtl(const std::vector<std::string>& args) {
  return runCtl(args, {});
}

CommandResult runCtl(const std::vector<std::string>& args,
                     const std::vector<std::string>& environment) {
  std::string command = "env";
  // Appended word by word: GCC 12 at -O3 (a Release build, bench/soak/run's
  // checker) takes `" " + std::string&&` for an overlapping memcpy
  // (-Wrestrict, an error with -Werror).
  const auto word = [&command](const std::string& text) {
    command += ' ';
    command += shellQuote(text);
  };
  for (const std::string& variable : environment) word(variable);
  word(requireEnv("USERIMG_IT_CTL"));
  command += " --config";
  word(requireEnv("USERIMG_IT_CONFIG"));
  for (const std::string& arg : args) word(arg);
  command += " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  CPPUNIT_ASSERT_MESSAGE("cannot run " + command, pipe != nullptr);
  CommandResult result;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), got);
  }
  const int status = ::pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

HttpReply httpRequest(const std::string& method, const std::string& url, const std::string& body,
                      const std::string& contentType) {
  const Poco::URI uri(url);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
  if (!body.empty()) {
    request.setContentType(contentType);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  reply.contentType = response.getContentType();
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

Poco::JSON::Object::Ptr httpJson(const std::string& url) {
  const HttpReply reply = httpRequest("GET", url);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("GET " + url + ": " + reply.body, 200, reply.status);
  Poco::JSON::Parser parser;
  auto object = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>();
  CPPUNIT_ASSERT_MESSAGE("GET " + url + " is not a JSON object", !object.isNull());
  return object;
}

bool lineWith(const std::string& text, const std::string& a, const std::string& b) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
  }
  return false;
}

}  // namespace userimg::it
