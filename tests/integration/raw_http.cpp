#include "integration/raw_http.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cctype>
#include <cstdlib>

namespace userimg::it {
namespace {

Reply parse(const std::string& answer) {
  Reply reply;
  const std::size_t space = answer.find(' ');
  reply.status = space == std::string::npos ? 0 : std::atoi(answer.c_str() + space + 1);
  const std::size_t end = answer.find("\r\n\r\n");
  const std::string head = answer.substr(0, end);
  for (std::size_t at = head.find("\r\n"); at != std::string::npos;) {
    const std::size_t next = head.find("\r\n", at + 2);
    const std::string line = head.substr(at + 2, next == std::string::npos ? next : next - at - 2);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const std::size_t value = line.find_first_not_of(' ', colon + 1);
      reply.headers[name] = value == std::string::npos ? "" : line.substr(value);
    }
    at = next;
  }
  reply.body = end == std::string::npos ? "" : answer.substr(end + 4);
  if (reply.header("transfer-encoding") == "chunked") {
    // One chunk is all these short bodies take: "<hex>\r\n<body>\r\n0\r\n\r\n".
    const std::size_t start = reply.body.find("\r\n");
    const std::size_t size = std::stoul(reply.body.substr(0, start), nullptr, 16);
    reply.body = reply.body.substr(start + 2, size);
  }
  return reply;
}

}  // namespace

RawAnswer sendRawBytes(const std::string& what, const std::string& bytes, int waitSeconds) {
  const Target& target = Target::get();
  Poco::Net::StreamSocket socket(
      Poco::Net::SocketAddress(target.host, static_cast<Poco::UInt16>(target.port)));
  socket.setReceiveTimeout(Poco::Timespan(waitSeconds, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  RawAnswer raw;
  std::string answer;
  char buffer[4096];
  try {
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
  } catch (const Poco::TimeoutException&) {
    raw.timedOut = true;
  } catch (const Poco::Net::ConnectionResetException&) {
    // A server that closes with unread input resets: what arrived counts.
  }
  raw.answered = !answer.empty();
  if (raw.answered) raw.reply = parse(answer);
  raw.reply.method = what;
  return raw;
}

Reply sendRaw(const std::string& method, const std::string& path, const std::string& rawRest) {
  const Target& target = Target::get();
  const std::string request = method + " " + target.mounted(path) +
                              " HTTP/1.1\r\nHost: " + target.host + "\r\nConnection: close\r\n" +
                              rawRest;
  RawAnswer raw = sendRawBytes(method + " " + path, request);
  if (!raw.answered) CPPUNIT_FAIL("no HTTP answer to a raw " + method + " " + path);
  raw.reply.method = method;
  raw.reply.path = path;
  return raw.reply;
}

}  // namespace userimg::it
