#include "config_path.h"

#include <cstring>

#include "config/config_file.h"
#include "config/loader.h"

namespace userimg::cli {

std::string takeConfigPath(int& argc, char** argv, std::string& error) {
  std::string path;
  bool given = false;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0) {
      if (i + 1 >= argc) {
        error = "--config needs a file path";
        return "";
      }
      path = argv[++i];
      given = true;
    } else if (std::strncmp(argv[i], "--config=", 9) == 0) {
      path = argv[i] + 9;
      given = true;
    } else {
      argv[out++] = argv[i];
    }
  }
  argc = out;
  argv[argc] = nullptr;
  if (given) return path;
  return config::findConfigFile({.executableDir = config::executableDirectory()},
                                config::processEnvironment());
}

}  // namespace userimg::cli
