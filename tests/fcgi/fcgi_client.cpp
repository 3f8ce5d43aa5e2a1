#include "fcgi/fcgi_client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>

namespace userimg::fcgi::testing {
namespace {

constexpr unsigned char kBeginRequest = 1, kEndRequest = 3, kParams = 4, kStdin = 5, kStdout = 6;
constexpr unsigned kRequestId = 1;

// One record: the 8-byte header, the content, no padding.
void appendRecord(std::string& out, unsigned char type, const std::string& content) {
  const unsigned char header[8] = {1,
                                   type,
                                   static_cast<unsigned char>(kRequestId >> 8),
                                   static_cast<unsigned char>(kRequestId & 0xff),
                                   static_cast<unsigned char>(content.size() >> 8),
                                   static_cast<unsigned char>(content.size() & 0xff),
                                   0,
                                   0};
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  out += content;
}

// A record's content is at most 65535 bytes: longer streams take several.
void appendStream(std::string& out, unsigned char type, const std::string& data) {
  for (std::size_t at = 0; at < data.size(); at += 32768) {
    appendRecord(out, type, data.substr(at, 32768));
  }
  appendRecord(out, type, "");  // the stream's end
}

void appendLength(std::string& out, std::size_t length) {
  if (length < 128) {
    out += static_cast<char>(length);
    return;
  }
  out += static_cast<char>(((length >> 24) & 0x7f) | 0x80);
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
}

bool writeAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool readExactly(int fd, char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<std::string> fcgiRequest(const std::string& socketPath,
                                       const std::map<std::string, std::string>& params,
                                       const std::string& body) {
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (fd.get() < 0 || socketPath.size() >= sizeof address.sun_path) return std::nullopt;
  std::memcpy(address.sun_path, socketPath.c_str(), socketPath.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::nullopt;
  }

  std::string out;
  // Role FCGI_RESPONDER (1), flags 0 (the server closes the connection).
  appendRecord(out, kBeginRequest, std::string("\0\1\0\0\0\0\0\0", 8));
  std::string pairs;
  for (const auto& [name, value] : params) {
    appendLength(pairs, name.size());
    appendLength(pairs, value.size());
    pairs += name;
    pairs += value;
  }
  appendStream(out, kParams, pairs);
  appendStream(out, kStdin, body);
  if (!writeAll(fd.get(), out)) return std::nullopt;

  std::string response;
  for (;;) {
    unsigned char header[8];
    if (!readExactly(fd.get(), reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
    const std::size_t length = (std::size_t{header[4]} << 8) | header[5];
    std::string content(length + header[6], '\0');
    if (!readExactly(fd.get(), content.data(), content.size())) return std::nullopt;
    content.resize(length);
    if (header[1] == kStdout) response += content;
    if (header[1] == kEndRequest) return response;
  }
}

std::string cgiBody(const std::string& response) {
  const std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

}  // namespace userimg::fcgi::testing
