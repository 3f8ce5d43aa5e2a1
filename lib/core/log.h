#pragma once
// A minimal leveled logger writing one line per call to stderr, which the
// process manager (systemd, spawn-fcgi, the test scripts) captures, or to a
// file of the process's own ([log] file: mod_fcgid would otherwise put the
// lines in Apache's error log, which a shared-hosting customer may not read).
// Thread-safe: each line is written with a single write(2) (O_APPEND keeps
// lines of several processes sharing one file whole).
// Never pass secrets (tokens, passwords, API secrets) to it.

#include <string>
#include <string_view>

#include "core/status.h"

namespace userimg::core::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// Lines below `level` are dropped. Default kInfo.
void setLevel(Level level);
// "debug", "info", "warning", "error"; false for anything else.
bool parseLevel(std::string_view name, Level& out);

// Points standard error at `path` (created 0640 when missing, appended to),
// so these lines and anything else the process writes to stderr (libvips'
// and glib's warnings) go there. Fails, changing nothing, when the file
// cannot be opened; the message names it. Call it once, at start.
Status logToFile(const std::string& path);

// Opens the file of logToFile() again (after logrotate moved it away);
// does nothing when logging to the inherited stderr. Call it on SIGHUP.
Status reopenLogFile();

void debug(std::string_view message);
void info(std::string_view message);
void warning(std::string_view message);
void error(std::string_view message);

}  // namespace userimg::core::log
