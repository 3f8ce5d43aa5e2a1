// cloudinary-test-server: the strict Cloudinary stand-in as a process, for
// integration tests. Listens on 127.0.0.1 only.
//
//   cloudinary-test-server [--port N] [--port-file PATH] [--cloud-name NAME]
//                          [--api-key KEY]
//
// The API secret is read from the environment variable
// CLOUDINARY_TEST_API_SECRET (so it does not show in `ps`); without it the
// server's default test secret is used. Port 0 (the default) picks a free
// port. Once listening it prints "listening on http://127.0.0.1:<port>" and
// writes the port to --port-file, then serves until SIGINT or SIGTERM.

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include <vips/vips.h>

#include "cloudinary_test_server.h"

int main(int argc, char** argv) {
  using userimg::cloudinary_server::CloudinaryTestServer;
  // Delivery converts formats with libvips (image_header.h).
  if (VIPS_INIT(argv[0]) != 0) {
    std::cerr << "cloudinary-test-server: libvips failed to start\n";
    return 1;
  }
  CloudinaryTestServer::Options options;
  std::string portFile;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--port" && hasValue) {
      options.port = static_cast<std::uint16_t>(std::atoi(argv[++i]));
    } else if (arg == "--port-file" && hasValue) {
      portFile = argv[++i];
    } else if (arg == "--cloud-name" && hasValue) {
      options.cloudName = argv[++i];
    } else if (arg == "--api-key" && hasValue) {
      options.apiKey = argv[++i];
    } else {
      std::cerr << "usage: cloudinary-test-server [--port N] [--port-file PATH] "
                   "[--cloud-name NAME] [--api-key KEY]\n";
      return 2;
    }
  }
  if (const char* secret = std::getenv("CLOUDINARY_TEST_API_SECRET"); secret && *secret) {
    options.apiSecret = secret;
  }

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  CloudinaryTestServer server(options);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::cerr << "cloudinary-test-server: cannot listen: " << e.what() << "\n";
    return 1;
  }
  if (!portFile.empty()) {
    const std::string temp = portFile + ".tmp";
    std::ofstream(temp) << server.port() << "\n";
    std::rename(temp.c_str(), portFile.c_str());  // readers never see half a number
  }
  std::cout << "listening on " << server.baseUrl() << std::endl;

  int received = 0;
  sigwait(&stopSignals, &received);
  server.stop();
  return 0;
}
