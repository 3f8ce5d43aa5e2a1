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
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>

#include "support/fcgi_wire.h"

namespace wire = userimg::testing::fcgi_wire;

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
  std::string params;
  for (int i = 6; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::cerr << "not NAME=VALUE: " << arg << "\n";
      return 2;
    }
    wire::appendParam(params, arg.substr(0, eq), arg.substr(eq + 1));
  }

  const int fd = wire::connectUnix(socketPath);
  if (fd < 0) {
    const int why = errno;
    std::cerr << "cannot connect to " << socketPath << ": " << std::strerror(why) << "\n";
    return 1;
  }

  bool sent = wire::writeAll(fd, wire::beginRequest() + wire::streamRecords(wire::kParams, params) +
                                     wire::endOfStream(wire::kParams)) &&
              wire::writeAll(fd, wire::streamRecords(wire::kStdin, body.substr(0, firstBytes)));
  std::ofstream(readyFile) << "sent " << firstBytes << " bytes\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
  // A write may fail when the application answered early; its answer is
  // still there to read.
  sent = sent && wire::writeAll(fd, wire::streamRecords(wire::kStdin, body.substr(firstBytes)) +
                                        wire::endOfStream(wire::kStdin));
  if (!sent) std::cerr << "fcgi_slow_client: the application stopped reading the body\n";

  while (auto record = wire::readRecord(fd)) {
    if (record->type == wire::kStdout) {
      std::cout << record->content;
    } else if (record->type == wire::kStderr) {
      std::cerr << record->content;
    } else if (record->type == wire::kEndRequest) {
      std::cout.flush();
      ::close(fd);
      return wire::endRequestProtocolStatus(*record) == 0 ? 0 : 1;
    }
  }
  std::cerr << "fcgi_slow_client: the connection closed before the request ended\n";
  ::close(fd);
  return 1;
}
