#include "support/fcgi_wire.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

namespace userimg::testing::fcgi_wire {
namespace {

constexpr unsigned kVersion = 1;
constexpr unsigned kRequestId = 1;
constexpr unsigned kResponder = 1;
constexpr std::size_t kMaxContent = 32768;

void appendRecord(std::string& out, unsigned char type, std::string_view content) {
  assert(content.size() <= 0xffff);  // a record's content length is 16 bits
  const unsigned char header[8] = {kVersion,
                                   type,
                                   static_cast<unsigned char>(kRequestId >> 8),
                                   static_cast<unsigned char>(kRequestId & 0xff),
                                   static_cast<unsigned char>(content.size() >> 8),
                                   static_cast<unsigned char>(content.size() & 0xff),
                                   0,   // no padding
                                   0};  // reserved
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  out.append(content);
}

void appendLength(std::string& out, std::size_t length) {
  if (length < 128) {
    out.push_back(static_cast<char>(length));
    return;
  }
  out.push_back(static_cast<char>(((length >> 24) & 0x7f) | 0x80));
  out.push_back(static_cast<char>((length >> 16) & 0xff));
  out.push_back(static_cast<char>((length >> 8) & 0xff));
  out.push_back(static_cast<char>(length & 0xff));
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

}  // namespace

std::string beginRequest() {
  const char body[8] = {
      static_cast<char>(kResponder >> 8), static_cast<char>(kResponder & 0xff), 0, 0, 0, 0, 0, 0};
  std::string out;
  appendRecord(out, kBeginRequest, std::string_view(body, sizeof body));
  return out;
}

std::string streamRecords(unsigned char type, std::string_view data) {
  std::string out;
  for (std::size_t at = 0; at < data.size(); at += kMaxContent) {
    appendRecord(out, type, data.substr(at, kMaxContent));
  }
  return out;
}

std::string endOfStream(unsigned char type) {
  std::string out;
  appendRecord(out, type, {});
  return out;
}

void appendParam(std::string& out, std::string_view name, std::string_view value) {
  appendLength(out, name.size());
  appendLength(out, value.size());
  out.append(name);
  out.append(value);
}

int connectUnix(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int why = errno;
    ::close(fd);
    errno = why;
    return -1;
  }
  return fd;
}

bool writeAll(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<Record> readRecord(int fd) {
  unsigned char header[8];
  if (!readExactly(fd, reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
  const std::size_t length = (std::size_t{header[4]} << 8) | header[5];
  Record record;
  record.type = header[1];
  record.content.assign(length + header[6], '\0');
  if (!readExactly(fd, record.content.data(), record.content.size())) return std::nullopt;
  record.content.resize(length);
  return record;
}

int endRequestProtocolStatus(const Record& endRequest) {
  return endRequest.content.size() >= 5 ? static_cast<unsigned char>(endRequest.content[4]) : -1;
}

}  // namespace userimg::testing::fcgi_wire
