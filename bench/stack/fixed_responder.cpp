// fixed_responder: the trivial FastCGI responder of bench/run's "FastCGI hop"
// ceiling. It has the shape of userimg-fcgi's accept loop (fcgi-app/
// fcgi_server.cpp: FCGX_OpenSocket, one FCGX_Request per thread,
// FCGX_Accept_r / FCGX_Finish_r) and answers every request with the same
// bytes, read once from a file: a CGI response ("Status: ...\r\n" headers,
// blank line, body). It reads no body and does no work, so nginx in front of
// it measures what the FastCGI hop alone costs.
//
//   userimg_fixed_responder SOCKET THREADS RESPONSE_FILE
//
// Runs until SIGTERM or SIGINT.
#include <fcgiapp.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: userimg_fixed_responder SOCKET THREADS RESPONSE_FILE\n";
    return 2;
  }
  std::ifstream file(argv[3], std::ios::binary);
  const std::string response{std::istreambuf_iterator<char>(file), {}};
  const int threads = std::stoi(argv[2]);
  if (response.empty() || threads < 1 || FCGX_Init() != 0) return 1;
  // libfcgi's FCGX_Init installs a SIGTERM handler that only flags a
  // shutdown; the benchmark stops this process with SIGTERM.
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  std::remove(argv[1]);
  const int fd = FCGX_OpenSocket(argv[1], 256);
  if (fd < 0) return 1;
  ::chmod(argv[1], 0660);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([fd, &response] {
      FCGX_Request request;
      FCGX_InitRequest(&request, fd, 0);
      while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutStr(response.data(), static_cast<int>(response.size()), request.out);
        FCGX_Finish_r(&request);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return 0;
}
