#include "db/sql_upload_counter.h"

#include <string>

#include <Poco/Data/Session.h>

#include "db/poco_errors.h"
#include "db/transaction_scope.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;

namespace {

// The same reset rule on both: a row whose window has passed starts again at
// 1; otherwise it counts one more. Both dialects evaluate the SET list left
// to right, so `uploads` compares the row's old window_start.
constexpr const char* kSqliteCount =
    "INSERT INTO upload_windows (user_id, window_start, uploads) VALUES (?, ?, 1)"
    " ON CONFLICT (user_id) DO UPDATE SET"
    " uploads = CASE WHEN upload_windows.window_start = excluded.window_start"
    " THEN upload_windows.uploads + 1 ELSE 1 END,"
    " window_start = excluded.window_start";
constexpr const char* kMysqlCount =
    "INSERT INTO upload_windows (user_id, window_start, uploads) VALUES (?, ?, 1)"
    " ON DUPLICATE KEY UPDATE"
    " uploads = CASE WHEN window_start = VALUES(window_start) THEN uploads + 1 ELSE 1 END,"
    " window_start = VALUES(window_start)";
constexpr const char* kSelectCount = "SELECT uploads FROM upload_windows WHERE user_id = ?";

}  // namespace

core::Result<UploadWindow> SqlUploadCounter::countUpload(std::string_view userId,
                                                         std::int64_t nowSeconds,
                                                         std::int64_t windowSeconds) {
  if (userId.empty() || windowSeconds <= 0) {
    return core::Status::invalidArgument("an upload is counted for a user, in a window > 0 s");
  }
  const std::string id(userId);
  const Poco::Int64 windowStart = nowSeconds - (nowSeconds % windowSeconds);
  try {
    Poco::Data::Session session = database_.session();
    // The upsert holds the row's lock until the commit: no other process
    // counts between it and the read-back.
    TransactionScope transaction(session, database_.dialect());
    Poco::Int64 start = windowStart;
    session << (database_.dialect() == Dialect::kSqlite ? kSqliteCount : kMysqlCount), bind(id),
        bind(start), now;
    Poco::Int64 uploads = 0;
    session << kSelectCount, bind(id), into(uploads), now;
    transaction.commit();
    return UploadWindow{uploads, windowStart + windowSeconds};
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "counting an upload");
  }
}

}  // namespace userimg::db
