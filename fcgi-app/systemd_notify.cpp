#include "systemd_notify.h"

#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/log.h"

namespace userimg::fcgi::systemd {
namespace {

void notify(const char* state) {
  // 0: the variable stays, so STOPPING=1 can follow READY=1.
  const int sent = ::sd_notify(0, state);
  if (sent < 0) {
    core::log::warning(std::string("sd_notify(") + state + ") failed: " + std::strerror(-sent));
  }
}

}  // namespace

core::Status takeListenFds() {
  const int passed = ::sd_listen_fds(1);
  if (passed == 0) return core::Status::ok();
  if (passed < 0) {
    return core::Status::invalidArgument(std::string("LISTEN_FDS: ") + std::strerror(-passed));
  }
  if (passed != 1) {
    return core::Status::invalidArgument("LISTEN_FDS passes " + std::to_string(passed) +
                                         " sockets; userimg-fcgi listens on one");
  }
  const int fd = SD_LISTEN_FDS_START;
  if (::sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0) {
    return core::Status::invalidArgument("LISTEN_FDS: fd 3 is not a listening stream socket");
  }
  if (::dup2(fd, STDIN_FILENO) < 0) {
    return core::Status::internal(std::string("LISTEN_FDS: dup2: ") + std::strerror(errno));
  }
  ::close(fd);
  return core::Status::ok();
}

void notifyReady() {
  notify("READY=1");
}

void notifyStopping() {
  notify("STOPPING=1");
}

}  // namespace userimg::fcgi::systemd
