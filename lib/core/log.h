#pragma once
// A minimal leveled logger writing one line per call to stderr, which the
// process manager (systemd, spawn-fcgi, the test scripts) captures.
// Thread-safe: each line is written with a single write(2).
// Never pass secrets (tokens, passwords, API secrets) to it.

#include <string_view>

namespace userimg::core::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// Lines below `level` are dropped. Default kInfo.
void setLevel(Level level);
// "debug", "info", "warning", "error"; false for anything else.
bool parseLevel(std::string_view name, Level& out);

void debug(std::string_view message);
void info(std::string_view message);
void warning(std::string_view message);
void error(std::string_view message);

}  // namespace userimg::core::log
