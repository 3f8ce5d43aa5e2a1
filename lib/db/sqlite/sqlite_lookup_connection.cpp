// LookupConnection on SQLite: a sqlite3_stmt per LookupBy, prepared on the
// dedicated connection's handle at its first use and reset after every use.

#include <sqlite3.h>

#include <array>
#include <string>

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
    prepared(LookupBy::kId);  // fail now, not at the first lookup
  }

  ~SqliteLookupConnection() override {
    for (sqlite3_stmt* statement : statements_) sqlite3_finalize(statement);
  }

  std::vector<LookupRow> select(LookupBy by, const std::vector<std::string>& values) override {
    sqlite3_stmt* statement = prepared(by);
    // Reset on every way out: a statement left mid-way would keep its read
    // transaction (and so a stale snapshot) open.
    struct Reset {
      sqlite3_stmt* statement;
      ~Reset() {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      }
    } reset{statement};

    // Unbound parameters are NULL, which matches no id.
    const int slots = sqlite3_bind_parameter_count(statement);
    if (values.empty() || values.size() > static_cast<std::size_t>(slots)) {
      throw LookupError("the user lookup takes 1 to " + std::to_string(slots) + " values");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (sqlite3_bind_text(statement, static_cast<int>(i + 1), values[i].data(),
                            static_cast<int>(values[i].size()), SQLITE_STATIC) != SQLITE_OK) {
        throw LookupError(std::string("binding the user lookup: ") + sqlite3_errmsg(db_));
      }
    }
    std::vector<LookupRow> rows;
    for (;;) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        throw LookupError(std::string("running the user lookup: ") + sqlite3_errmsg(db_));
      }
      rows.push_back(rowOf(statement));
    }
    return rows;
  }

 private:
  static LookupRow rowOf(sqlite3_stmt* statement) {
    LookupRow row;
    row.email = optionalText(statement, 0);
    row.username = optionalText(statement, 1);
    row.userCreatedAt = sqlite3_column_int64(statement, 2);
    row.kind = optionalText(statement, 3);
    row.publicKey = optionalText(statement, 18);
    row.userId = text(statement, 19);
    if (row.kind) {
      row.image.storageKey = text(statement, 4);
      row.image.url = text(statement, 5);
      row.image.contentType = text(statement, 6);
      row.image.bytes = sqlite3_column_int64(statement, 7);
      row.image.width = optionalInt(statement, 8);
      row.image.height = optionalInt(statement, 9);
      row.image.createdAt = sqlite3_column_int64(statement, 10);
      row.variants = optionalText(statement, 11);
      row.blurhash = optionalText(statement, 12);
      row.color = optionalText(statement, 13);
      row.squareX = optionalInt(statement, 14);
      row.squareY = optionalInt(statement, 15);
      row.squareWidth = optionalInt(statement, 16);
      row.squareHeight = optionalInt(statement, 17);
    }
    return row;
  }

  sqlite3_stmt* prepared(LookupBy by) {
    sqlite3_stmt*& statement = statements_[static_cast<std::size_t>(by)];
    if (statement != nullptr) return statement;
    const std::string text = lookupStatement(by);
    if (sqlite3_prepare_v3(db_, text.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
            SQLITE_OK ||
        sqlite3_column_count(statement) != kLookupColumns) {
      const std::string message = std::string("preparing the user lookup: ") + sqlite3_errmsg(db_);
      sqlite3_finalize(statement);
      statement = nullptr;
      throw LookupError(message);
    }
    return statement;
  }

  Poco::Data::Session session_;  // owns the connection db_ belongs to
  sqlite3* db_;
  std::array<sqlite3_stmt*, 3> statements_{};  // by LookupBy, prepared on first use
};

}  // namespace

std::unique_ptr<LookupConnection> makeSqliteLookup(Poco::Data::Session session) {
  return std::make_unique<SqliteLookupConnection>(std::move(session));
}

}  // namespace userimg::db
