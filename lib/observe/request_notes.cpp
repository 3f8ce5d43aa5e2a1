#include "observe/request_notes.h"

namespace userimg::observe {

RequestNotes& notes() {
  thread_local RequestNotes current;
  return current;
}

void clearNotes() {
  notes() = RequestNotes{};
}

std::string outcomeFor(const RequestNotes& notes, int status) {
  if (!notes.outcome.empty()) return notes.outcome;
  if (status < 400) return "ok";
  if (status < 500) return "client_error";
  return "server_error";
}

}  // namespace userimg::observe
