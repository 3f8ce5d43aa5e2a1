#pragma once
// UploadCounter: how many uploads a user has started in the current fixed
// window (the per-user upload rate limit, [upload] per_user_per_minute).
// Kept in the database so that the limit holds across every userimg-fcgi
// process on one database (mod_fcgid runs many; several hosts may share a
// MariaDB). Behind an interface so that the service is tested with a fake
// (tests/fakes/); the production one is db/sql_upload_counter.h.
//
// Windows are fixed: [k * windowSeconds, (k + 1) * windowSeconds) of the
// Unix clock, the same on every process (their clocks are assumed to agree
// to within a second or so, as for the tokens' exp).
//
// Thread-safe, and safe across processes: each count is atomic (no two
// concurrent calls see the same count). Database failures are kUnavailable
// or kInternal, and count nothing.

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace userimg::db {

struct UploadWindow {
  // Uploads counted in this window, the one just counted included (>= 1).
  std::int64_t uploads = 0;
  // When the window ends (Unix seconds): the count starts again at 0 then.
  std::int64_t endsAt = 0;
};

class UploadCounter {
 public:
  virtual ~UploadCounter() = default;

  // Counts one upload by `userId` at `nowSeconds` in windows of
  // `windowSeconds` (> 0) and returns the window as it is after this count.
  // Every call counts, also one the caller then refuses: a client that keeps
  // trying over the limit keeps the window full until it ends.
  virtual core::Result<UploadWindow> countUpload(std::string_view userId, std::int64_t nowSeconds,
                                                 std::int64_t windowSeconds) = 0;
};

}  // namespace userimg::db
