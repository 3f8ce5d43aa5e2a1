#pragma once
// Where the executables find their configuration file when the command line
// names none. In order, the first that applies:
//   1. $USERIMG_CONFIG, when set and not empty;
//   2. userimg.ini beside the executable (the directory of the running
//      program, symlinks resolved), when it exists: a self-contained
//      install, or a shared-hosting account under suEXEC, which passes no
//      environment variables through;
//   3. /etc/userimg/userimg.ini, when it exists;
//   4. none: "" (built-in defaults and USERIMG_* variables only).
// Thread-safe.

#include <string>

#include "config/loader.h"

namespace userimg::config {

struct ConfigSearch {
  // The running program's directory ("" to skip step 2).
  std::string executableDir;
  // Step 3's file.
  std::string systemFile = "/etc/userimg/userimg.ini";
};

// The file to load per the order above ("" for none).
std::string findConfigFile(const ConfigSearch& search, const EnvLookup& env);

// The directory of the running program (from /proc/self/exe), or "" when
// the system does not tell.
std::string executableDirectory();

}  // namespace userimg::config
