#pragma once
// Internal to lib/db/: what the SQL repositories share. Header-only.

#include <Poco/Exception.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "db/poco_errors.h"

namespace userimg::db::sql_support {

// How many times a statement or transaction InnoDB picked as a deadlock
// victim is run.
constexpr int kDeadlockAttempts = 3;

// Runs `transaction` (a whole transaction, or one autocommit statement, on
// its own session), again when InnoDB rolled it back as a deadlock victim,
// up to kDeadlockAttempts times. Any other database failure is mapped by
// statusFromPoco.
template <typename T, typename Transaction>
core::Result<T> retryingDeadlocks(std::string_view what, Transaction transaction) {
  for (int attempt = 1;; ++attempt) {
    try {
      return transaction();
    } catch (const Poco::Exception& e) {
      if (attempt < kDeadlockAttempts && isDeadlock(e)) continue;
      return statusFromPoco(e, what);
    }
  }
}

// `count` copies of `one`, comma-separated: the placeholders of an IN list
// ("?") or of a multi-row VALUES ("(?, 0, ?, ?)").
inline std::string repeated(std::size_t count, std::string_view one) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += one;
  }
  return out;
}

// "(?, ?, ?)": the placeholders of an IN list of `count` bound values.
inline std::string placeholders(std::size_t count) {
  std::string list = "(";
  list += repeated(count, "?");
  list += ')';
  return list;
}

}  // namespace userimg::db::sql_support
