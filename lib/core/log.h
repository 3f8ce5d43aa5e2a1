#pragma once
// A minimal leveled logger writing one line per call to stderr, which the
// process manager (systemd, spawn-fcgi, the test scripts) captures, or to a
// file of the process's own ([log] file: mod_fcgid would otherwise put the
// lines in Apache's error log, which a shared-hosting customer may not read).
// Thread-safe: each line is written with a single write(2) (O_APPEND keeps
// lines of several processes sharing one file whole); buffered access lines
// (beginAccessBuffering) a batch of whole lines per write(2).
// Never pass secrets (tokens, passwords, API secrets) to it.
//
// The line formats (text or JSON, [log] format) are core/log_line.h's. A
// line written while a thread serves a request carries that request's id
// (setRequestId), so every error line of a request names it.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/log_line.h"
#include "core/status.h"

namespace userimg::core::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// Lines below `level` are dropped. Default kInfo.
void setLevel(Level level);
// "debug", "info", "warning", "error"; false for anything else.
bool parseLevel(std::string_view name, Level& out);

// Text (the default) or JSON lines, for every line written after the call.
void setFormat(Format format);
// "text", "json"; false for anything else.
bool parseFormat(std::string_view name, Format& out);

// The id of the request this thread is serving, written into every line the
// thread writes until it is set again; "" for none. app::Application::handle
// sets it for the length of each request (RequestIdScope).
void setRequestId(std::string_view id);
// This thread's request id; "" when none.
const std::string& requestId();

// Sets this thread's request id for its lifetime, then clears it.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string_view id) { setRequestId(id); }
  ~RequestIdScope() { setRequestId({}); }
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;
};

// Points standard error at `path` (created 0640 when missing, appended to),
// so these lines and anything else the process writes to stderr (libvips'
// and glib's warnings) go there. Fails, changing nothing, when the file
// cannot be opened; the message names it. Call it once, at start.
Status logToFile(const std::string& path);

// Opens the file of logToFile() again (after logrotate moved it away);
// does nothing when logging to the inherited stderr. Call it on SIGHUP.
// Buffered access lines are written to the old file first: they are its.
Status reopenLogFile();

void debug(std::string_view message);
void info(std::string_view message);
void warning(std::string_view message);
void error(std::string_view message);

// One access line (tag ACCESS, JSON level "access") of `fields`, in their
// order, whatever the level: the access log is turned off by not calling
// it ([log] access). The thread's request id is not added: pass it.
void access(std::initializer_list<Field> fields);

// The most bytes of access lines held back while buffered: PIPE_BUF, so a
// batch written to a pipe (Apache's error log under mod_fcgid) is never
// interleaved with another process's lines either.
inline constexpr std::size_t kAccessBatchBytes = 4096;

// Between beginAccessBuffering() and its endAccessBuffering(), access()
// appends its line to a buffer of this process, written when the next line
// would not fit in kAccessBatchBytes and by flushAccess(); a line longer
// than that is written alone. Lines of other levels are never held back.
// Otherwise (the default) each access line is written at once. Each begin
// needs its end; lines are held while any begin is open, and the last end
// flushes. observe::AccessLog begins in its constructor, calls
// flushAccess() on a timer and ends when it is destroyed. A batch is
// written without holding up access(): while a write is slow (a stalled
// pipe, a slow disk), new lines are held until the batch is full.
void beginAccessBuffering() noexcept;
void endAccessBuffering() noexcept;
// Writes the access lines held back, if any.
void flushAccess();

}  // namespace userimg::core::log
