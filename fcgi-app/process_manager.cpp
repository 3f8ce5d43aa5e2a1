#include "process_manager.h"

#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace userimg::fcgi {
namespace {

bool listeningUnixSocketOnStdin() {
  int accepting = 0;
  socklen_t size = sizeof accepting;
  if (::getsockopt(STDIN_FILENO, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) != 0 ||
      accepting == 0) {
    return false;
  }
  int domain = 0;
  size = sizeof domain;
  return ::getsockopt(STDIN_FILENO, SOL_SOCKET, SO_DOMAIN, &domain, &size) == 0 &&
         domain == AF_UNIX;
}

// The parent's command name (readable whatever user it runs as).
std::string parentCommand() {
  std::ifstream comm("/proc/" + std::to_string(::getppid()) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

}  // namespace

bool startedByModFcgid() {
  if (!listeningUnixSocketOnStdin()) return false;
  const std::string parent = parentCommand();
  return parent == "apache2" || parent.rfind("httpd", 0) == 0;
}

}  // namespace userimg::fcgi
