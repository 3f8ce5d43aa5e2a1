#pragma once
// Where the executables find their configuration file: --config PATH, else
// config::findConfigFile(): $USERIMG_CONFIG, userimg.ini beside the
// program, /etc/userimg/userimg.ini, or none (defaults and USERIMG_*
// variables only).

#include <string>

namespace userimg::cli {

// Removes "--config PATH" / "--config=PATH" from argv (updating argc) and
// returns the file to load ("" for none). Sets `error` on "--config" without a value.
std::string takeConfigPath(int& argc, char** argv, std::string& error);

}  // namespace userimg::cli
