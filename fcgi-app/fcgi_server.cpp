#include "fcgi_server.h"

#include <fcgiapp.h>
#include <malloc.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <optional>
#include <thread>
#include <vector>

#include "core/log.h"
#include "fcgi_exchange.h"
#include "fcgi_stream.h"
#include "http/cgi_request.h"
#include "metrics/events.h"
#include "ops/unix_access.h"

namespace userimg::fcgi {
namespace {

using core::Status;

bool isListeningSocket(int fd) {
  int accepting = 0;
  socklen_t size = sizeof accepting;
  return ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) == 0 && accepting != 0;
}

// chown(path, -, group): the web server's group gets the socket.
Status giveGroup(const std::string& path, const std::string& group) {
  const std::optional<gid_t> gid = ops::lookupGroup(group);
  if (!gid) return Status::invalidArgument("[server] socket_group: no group named '" + group + "'");
  if (::chown(path.c_str(), static_cast<uid_t>(-1), *gid) != 0) {
    return Status::unavailable("cannot give " + path + " to group " + group + ": " +
                               std::strerror(errno) + " (is the app a member of it?)");
  }
  return Status::ok();
}

http::Response malformedRequest() {
  http::Response response;
  response.status = 400;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = R"({"error": "Malformed FastCGI request"})";
  return response;
}

}  // namespace

FcgiServer::FcgiServer(config::ServerConfig config, RequestHandler handler)
    : config_(std::move(config)), handler_(std::move(handler)) {
  cgiOptions_.mountPrefix = config_.mountPrefix;
  threads_ = config_.threads > 0
                 ? config_.threads
                 : static_cast<int>(2 * std::max(1u, std::thread::hardware_concurrency()));
}

Status FcgiServer::listen() {
  if (FCGX_Init() != 0) return Status::internal("FCGX_Init failed");
  if (isListeningSocket(STDIN_FILENO)) {
    listenFd_ = STDIN_FILENO;
    where_ = "the socket passed on standard input";
    return Status::ok();
  }
  if (config_.listen == "fd:0") {
    return Status::invalidArgument(
        "[server] listen is fd:0 but standard input is not a listening socket");
  }
  const std::string& address = config_.listen;
  const bool unixSocket = address.find('/') != std::string::npos;
  if (unixSocket) {
    std::error_code ec;
    if (std::filesystem::is_socket(address, ec)) std::filesystem::remove(address, ec);
    std::filesystem::create_directories(std::filesystem::path(address).parent_path(), ec);
  } else if (address.find(':') == std::string::npos) {
    return Status::invalidArgument("[server] listen '" + address +
                                   "' is neither host:port nor a socket path");
  }
  listenFd_ = FCGX_OpenSocket(address.c_str(), config_.backlog);
  if (listenFd_ < 0) {
    return Status::unavailable("cannot listen on " + address + ": " + std::strerror(errno));
  }
  if (unixSocket && ::chmod(address.c_str(), static_cast<mode_t>(config_.socketMode)) != 0) {
    return Status::unavailable("cannot chmod " + address + ": " + std::strerror(errno));
  }
  if (unixSocket && !config_.socketGroup.empty()) {
    if (Status grouped = giveGroup(address, config_.socketGroup); !grouped.isOk()) return grouped;
  }
  where_ = address;
  if (unixSocket) socketPath_ = address;
  return Status::ok();
}

void FcgiServer::run() {
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(threads_));
  metrics::setWorkerThreads(threads_);
  for (int i = 0; i < threads_; ++i) workers.emplace_back([this] { serve(); });
  for (std::thread& worker : workers) worker.join();
  // A socket file we created goes with us (one passed on fd 0 is not ours).
  if (!socketPath_.empty()) ::unlink(socketPath_.c_str());
}

void FcgiServer::stop() {
  stopping_.store(true);
  // Wakes every worker blocked in accept(2) with EINVAL; FCGX_Accept_r then
  // fails and the worker leaves its loop. Connections already accepted are
  // unaffected.
  ::shutdown(listenFd_, SHUT_RDWR);
}

void FcgiServer::serve() {
  FCGX_Request request;
  if (FCGX_InitRequest(&request, listenFd_, 0) != 0) {
    core::log::error("FCGX_InitRequest failed");
    return;
  }
  // One body stream and one Request per worker, reset for each request:
  // constructing a std::istream (its locale's facets) costs more than the
  // rest of a small GET's parsing.
  FcgiInputBuf body(nullptr);
  std::istream bodyStream(&body);
  http::Request in;
  while (!stopping_.load()) {
    if (FCGX_Accept_r(&request) < 0) break;
    metrics::workerBusy(1);
    body.reset(request.in);
    bodyStream.clear();
    in.body = &bodyStream;
    const bool parsed = http::requestFromCgi(request.envp, cgiOptions_, in);
    const bool upload = in.contentLength.value_or(0) > 0;
    if (upload) heapTrim_.uploadBegun();
    http::Response out = parsed ? handler_(in) : malformedRequest();
    writeResponse(request, out, in.method == "HEAD");
    FCGX_Finish_r(&request);
    metrics::workerBusy(-1);
    if (upload && heapTrim_.uploadEnded()) ::malloc_trim(0);
  }
  FCGX_Free(&request, 1);
}

}  // namespace userimg::fcgi
