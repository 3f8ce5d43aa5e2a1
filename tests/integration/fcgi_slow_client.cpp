// fcgi_slow_client: a FastCGI client that sends a request body in two steps,
// so a test can act while the request is in flight inside the application
// (nginx cannot do this: it reads the whole body before passing a request
// on, and cgi-fcgi reads all of its input before it connects).
//
//   fcgi_slow_client SOCKET BODY_FILE FIRST_BYTES PAUSE_MS READY_FILE NAME=VALUE...
//
// Connects to the unix socket SOCKET, sends a FastCGI RESPONDER request with
// the NAME=VALUE params, the first FIRST_BYTES of BODY_FILE, creates
// READY_FILE, waits PAUSE_MS, sends the rest and prints the application's
// answer (the CGI response: headers, blank line, body) on stdout.
// Exits 0 when the application ended the request normally, 1 otherwise.

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

// Record types and the responder role (FastCGI 1.0 specification).
constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kBeginRequest = 1;
constexpr std::uint8_t kEndRequest = 3;
constexpr std::uint8_t kParams = 4;
constexpr std::uint8_t kStdin = 5;
constexpr std::uint8_t kStdout = 6;
constexpr std::uint8_t kStderr = 7;
constexpr std::uint16_t kResponder = 1;
constexpr std::uint16_t kRequestId = 1;
constexpr std::size_t kMaxRecord = 8192;

bool writeAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool readAll(int fd, char* buffer, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, buffer + done, size - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string record(std::uint8_t type, const std::string& content) {
  std::string out;
  out.push_back(static_cast<char>(kVersion));
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(kRequestId >> 8));
  out.push_back(static_cast<char>(kRequestId & 0xff));
  out.push_back(static_cast<char>((content.size() >> 8) & 0xff));
  out.push_back(static_cast<char>(content.size() & 0xff));
  out.push_back(0);  // no padding
  out.push_back(0);  // reserved
  return out + content;
}

// `content` as records of `type`, without the empty closing record.
std::string records(std::uint8_t type, const std::string& content) {
  std::string out;
  for (std::size_t at = 0; at < content.size(); at += kMaxRecord) {
    out += record(type, content.substr(at, kMaxRecord));
  }
  return out;
}

void appendLength(std::string& out, std::size_t length) {
  if (length < 128) {
    out.push_back(static_cast<char>(length));
  } else {
    out.push_back(static_cast<char>(((length >> 24) & 0x7f) | 0x80));
    out.push_back(static_cast<char>((length >> 16) & 0xff));
    out.push_back(static_cast<char>((length >> 8) & 0xff));
    out.push_back(static_cast<char>(length & 0xff));
  }
}

std::string encodeParams(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    appendLength(out, name.size());
    appendLength(out, value.size());
    out += name + value;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: " << argv[0]
              << " SOCKET BODY_FILE FIRST_BYTES PAUSE_MS READY_FILE NAME=VALUE...\n";
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  const std::string socketPath = argv[1];
  std::ifstream bodyFile(argv[2], std::ios::binary);
  const std::string body((std::istreambuf_iterator<char>(bodyFile)), {});
  const std::size_t firstBytes = std::min<std::size_t>(std::stoul(argv[3]), body.size());
  const int pauseMs = std::stoi(argv[4]);
  const std::string readyFile = argv[5];
  std::vector<std::pair<std::string, std::string>> params;
  for (int i = 6; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::cerr << "not NAME=VALUE: " << arg << "\n";
      return 2;
    }
    params.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
  }

  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socketPath.size() >= sizeof address.sun_path) {
    std::cerr << "socket path too long\n";
    return 2;
  }
  std::memcpy(address.sun_path, socketPath.c_str(), socketPath.size() + 1);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::cerr << "cannot connect to " << socketPath << ": " << std::strerror(errno) << "\n";
    return 1;
  }

  std::string begin(8, '\0');
  begin[0] = static_cast<char>(kResponder >> 8);
  begin[1] = static_cast<char>(kResponder & 0xff);  // flags 0: close after the request
  bool sent = writeAll(fd, record(kBeginRequest, begin)) &&
              writeAll(fd, records(kParams, encodeParams(params)) + record(kParams, "")) &&
              writeAll(fd, records(kStdin, body.substr(0, firstBytes)));
  std::ofstream(readyFile) << "sent " << firstBytes << " bytes\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
  // A write may fail when the application answered early; its answer is
  // still there to read.
  sent = sent && writeAll(fd, records(kStdin, body.substr(firstBytes)) + record(kStdin, ""));
  if (!sent) std::cerr << "fcgi_slow_client: the application stopped reading the body\n";

  char header[8];
  while (readAll(fd, header, sizeof header)) {
    const std::uint8_t type = static_cast<std::uint8_t>(header[1]);
    const std::size_t length =
        (static_cast<std::uint8_t>(header[4]) << 8) | static_cast<std::uint8_t>(header[5]);
    const std::size_t padding = static_cast<std::uint8_t>(header[6]);
    std::string content(length + padding, '\0');
    if (!readAll(fd, content.data(), content.size())) break;
    content.resize(length);
    if (type == kStdout) {
      std::cout << content;
    } else if (type == kStderr) {
      std::cerr << content;
    } else if (type == kEndRequest) {
      std::cout.flush();
      const int protocolStatus = length >= 5 ? static_cast<std::uint8_t>(content[4]) : -1;
      ::close(fd);
      return protocolStatus == 0 ? 0 : 1;
    }
  }
  std::cerr << "fcgi_slow_client: the connection closed before the request ended\n";
  ::close(fd);
  return 1;
}
