// userimg-fcgi: the FastCGI server. Usage: userimg-fcgi [--config FILE]
// Runs in the foreground and logs to stderr (or [log] file). SIGTERM or
// SIGINT: stop accepting, answer the requests in flight, exit 0. SIGHUP:
// open [log] file again (after logrotate moved it). Under systemd it takes
// the socket unit's socket and reports READY/STOPPING (systemd_notify.h).

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

#include "app/application.h"
#include "config/loader.h"
#include "config_path.h"
#include "core/failpoint.h"
#include "core/log.h"
#include "fcgi_server.h"
#include "heap_settings.h"
#include "process_manager.h"
#include "systemd_notify.h"

using namespace userimg;

int main(int argc, char** argv) {
  std::string error;
  const std::string configPath = cli::takeConfigPath(argc, argv, error);
  if (!error.empty() || argc > 1) {
    std::cerr << (error.empty() ? "unknown argument: " + std::string(argv[1]) : error)
              << "\nusage: userimg-fcgi [--config FILE]\n";
    return 2;
  }

  // Signals are taken by one thread with sigwait; workers never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a client gone mid-response must not kill the process

  // Before any thread: one arena, image buffers kept in it between uploads
  // and handed back when idle (heap_settings.h).
  fcgi::configureHeap();

  if (core::Status taken = fcgi::systemd::takeListenFds(); !taken.isOk()) {
    core::log::error("cannot start: " + taken.message());
    return 1;
  }
  auto config = config::loadConfig(configPath, config::processEnvironment());
  if (!config) {
    core::log::error(config.status().message());
    return 1;
  }
  if (!config->log.file.empty()) {
    if (core::Status logging = core::log::logToFile(config->log.file); !logging.isOk()) {
      core::log::error("cannot start: " + logging.message());
      return 1;
    }
  }
  // mod_fcgid sends this process one request at a time: one worker thread
  // and one image at a time are all it can use, and keep it small.
  const bool modFcgid = fcgi::startedByModFcgid();
  if (modFcgid) {
    if (config->server.threads == 0) config->server.threads = 1;
    if (config->images.concurrency == 0) config->images.concurrency = 1;
  }
  auto application = app::Application::create(config.value());
  if (!application) {
    core::log::error("cannot start: " + application.status().message());
    return 1;
  }
  const app::Application& handler = *application.value();
  fcgi::FcgiServer server(
      config->server, [&handler](const http::Request& request) { return handler.handle(request); });
  if (core::Status listening = server.listen(); !listening.isOk()) {
    core::log::error("cannot start: " + listening.message());
    return 1;
  }
  core::log::info("userimg-fcgi listening on " + server.where() + (modFcgid ? " (mod_fcgid)" : "") +
                  " with " + std::to_string(server.threads()) +
                  (server.threads() == 1 ? " worker thread" : " worker threads") + " (config: " +
                  (configPath.empty() ? std::string("defaults and environment") : configPath) +
                  ")");
  if (core::failpoint::compiledIn() && std::getenv("USERIMG_FAILPOINTS_FILE") != nullptr) {
    core::log::warning(std::string("failpoints armed from ") +
                       std::getenv("USERIMG_FAILPOINTS_FILE") +
                       ": a test build; never run it in production");
  }
  fcgi::systemd::notifyReady();

  std::atomic<bool> signalled{false};
  std::thread signalThread([&server, &signalled, signals] {
    int received = 0;
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
      if (core::Status reopened = core::log::reopenLogFile(); !reopened.isOk()) {
        core::log::error(reopened.message());
      }
    }
    signalled.store(true);
    fcgi::systemd::notifyStopping();
    core::log::info(std::string("received ") + strsignal(received) +
                    ": finishing requests in flight");
    server.stop();
  });
  server.run();
  // run() also returns if the listening socket failed; wake the signal thread.
  if (!signalled.load()) pthread_kill(signalThread.native_handle(), SIGTERM);
  signalThread.join();
  core::log::flushAccess();  // the last requests' lines before the last line
  core::log::info("userimg-fcgi stopped");
  return 0;
}
