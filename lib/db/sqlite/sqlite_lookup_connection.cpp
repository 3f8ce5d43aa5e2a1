// LookupConnection on SQLite: one sqlite3_stmt prepared on the dedicated
// connection's handle, reset after every use.

#include <sqlite3.h>

#include <Poco/Data/SQLite/Utility.h>

#include "db/lookup_connection.h"

namespace userimg::db {
namespace {

std::optional<std::string> optionalText(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  const int size = sqlite3_column_bytes(statement, column);
  return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(size));
}

std::string text(sqlite3_stmt* statement, int column) {
  return optionalText(statement, column).value_or(std::string());
}

std::optional<int> optionalInt(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int(statement, column);
}

class SqliteLookupConnection final : public LookupConnection {
 public:
  explicit SqliteLookupConnection(Poco::Data::Session session)
      : session_(std::move(session)), db_(Poco::Data::SQLite::Utility::dbHandle(session_)) {
    if (sqlite3_prepare_v3(db_, kSelectUserWithImages, -1, SQLITE_PREPARE_PERSISTENT, &statement_,
                           nullptr) != SQLITE_OK) {
      throw LookupError(std::string("preparing the user lookup: ") + sqlite3_errmsg(db_));
    }
  }

  ~SqliteLookupConnection() override { sqlite3_finalize(statement_); }

  std::vector<LookupRow> select(const std::string& userId) override {
    // Reset on every way out: a statement left mid-way would keep its read
    // transaction (and so a stale snapshot) open.
    struct Reset {
      sqlite3_stmt* statement;
      ~Reset() {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      }
    } reset{statement_};

    if (sqlite3_bind_text(statement_, 1, userId.data(), static_cast<int>(userId.size()),
                          SQLITE_STATIC) != SQLITE_OK) {
      throw LookupError(std::string("binding the user lookup: ") + sqlite3_errmsg(db_));
    }
    std::vector<LookupRow> rows;
    for (;;) {
      const int rc = sqlite3_step(statement_);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        throw LookupError(std::string("running the user lookup: ") + sqlite3_errmsg(db_));
      }
      LookupRow row;
      row.email = optionalText(statement_, 0);
      row.username = optionalText(statement_, 1);
      row.userCreatedAt = sqlite3_column_int64(statement_, 2);
      row.kind = optionalText(statement_, 3);
      row.publicKey = optionalText(statement_, 18);
      if (row.kind) {
        row.image.storageKey = text(statement_, 4);
        row.image.url = text(statement_, 5);
        row.image.contentType = text(statement_, 6);
        row.image.bytes = sqlite3_column_int64(statement_, 7);
        row.image.width = optionalInt(statement_, 8);
        row.image.height = optionalInt(statement_, 9);
        row.image.createdAt = sqlite3_column_int64(statement_, 10);
        row.variants = optionalText(statement_, 11);
        row.blurhash = optionalText(statement_, 12);
        row.color = optionalText(statement_, 13);
        row.squareX = optionalInt(statement_, 14);
        row.squareY = optionalInt(statement_, 15);
        row.squareWidth = optionalInt(statement_, 16);
        row.squareHeight = optionalInt(statement_, 17);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  Poco::Data::Session session_;  // owns the connection db_ belongs to
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

std::unique_ptr<LookupConnection> makeSqliteLookup(Poco::Data::Session session) {
  return std::make_unique<SqliteLookupConnection>(std::move(session));
}

}  // namespace userimg::db
