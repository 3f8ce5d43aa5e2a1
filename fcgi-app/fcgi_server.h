#pragma once
// FcgiServer: the FastCGI accept loop. A fixed pool of worker threads, each
// with its own FCGX_Request accepting with FCGX_Accept_r on the shared
// listening socket and serving one connection at a time (libfcgi's model:
// size the pool at least as large as the connections the web server keeps
// open; userimg's nginx config does not keep connections).
//
// stop() (called from the signal thread) stops accepting: the listening
// socket is shut down, which wakes every blocked accept; requests in flight
// finish and are answered; run() returns when every worker is done.
//
// Memory: after answering the last request with a body (an upload) in
// flight, a worker hands the heap memory glibc keeps free back to the
// kernel (malloc_trim; heap_trim.h says when and why).

#include <atomic>
#include <functional>
#include <string>

#include "config/config.h"
#include "core/result.h"
#include "heap_trim.h"
#include "http/cgi_request.h"
#include "http/request.h"
#include "http/response.h"

namespace userimg::fcgi {

using RequestHandler = std::function<http::Response(const http::Request&)>;

class FcgiServer {
 public:
  // `handler` must be thread-safe and must not throw.
  FcgiServer(config::ServerConfig config, RequestHandler handler);

  // Opens the listening socket: standard input when it is a listening socket
  // (spawn-fcgi, mod_fcgid) or config.listen is "fd:0"; a unix socket when
  // listen contains a '/'; otherwise host:port. Fails with a clear message.
  core::Status listen();

  // Serves until stop(); returns after the last request in flight is
  // answered, removing the unix socket file listen() created.
  void run();

  // Stops accepting. Async-signal-unsafe; call it from a normal thread.
  void stop();

  // A description of where it listens, for the log.
  const std::string& where() const { return where_; }
  int threads() const { return threads_; }

 private:
  void serve();

  config::ServerConfig config_;
  RequestHandler handler_;
  http::CgiOptions cgiOptions_;
  int listenFd_ = -1;
  int threads_ = 1;
  std::string where_;
  std::string socketPath_;  // the unix socket listen() created, if any
  std::atomic<bool> stopping_{false};
  HeapTrim heapTrim_;
};

}  // namespace userimg::fcgi
