#pragma once
// RequestNotes: facts a handler learns while it serves a request (who the
// caller is, why an upload was refused, how many bytes it stored) that the
// access log and the metrics want but the Response does not carry.
//
// Each worker thread serves one request at a time from start to end, so
// the notes are thread-local: app::Application::handle() clears them
// before dispatching and reads them after. Code outside a request (the
// sweeper, userimgctl) may write them harmlessly; nobody reads them there.

#include <cstdint>
#include <string>

namespace userimg::observe {

struct RequestNotes {
  std::string userId;  // the caller's token subject, once authenticated
  // A short snake_case reason ("bad_type", "too_large", "bomb", "corrupt",
  // "unauthenticated", ...); "" lets the status class decide ("ok" for 2xx,
  // "client_error" for other 4xx, "server_error" for 5xx).
  std::string outcome;
  // Bytes written to storage by this request (stored image and variants).
  std::int64_t storedBytes = 0;
};

// This thread's notes.
RequestNotes& notes();

// Empties this thread's notes (before a request).
void clearNotes();

// `notes.outcome` when set, else the default for `status` described above.
std::string outcomeFor(const RequestNotes& notes, int status);

}  // namespace userimg::observe
