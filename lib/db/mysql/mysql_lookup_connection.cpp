// LookupConnection on MySQL/MariaDB: a server-side prepared statement
// (MYSQL_STMT) per LookupBy on the dedicated connection, prepared at its
// first use, so a lookup is one EXECUTE round trip and its rows.

#include <mysql.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>

#include <Poco/Data/MySQL/SessionImpl.h>

#include "db/lookup_connection.h"

namespace userimg::db {
namespace {

constexpr unsigned kColumns = kLookupColumns;
// Columns read as text (the others are integers).
constexpr std::array<bool, kColumns> kIsText = {true,  true,  false, true,  true, true, true,
                                                false, false, false, false, true, true, true,
                                                false, false, false, false, true, true};

// One prepared statement (MYSQL_STMT) with its result bindings. Text columns
// are bound without a buffer: a fetch reports their length
// (MYSQL_DATA_TRUNCATED) and text() reads each into its string.
class Prepared {
 public:
  Prepared(MYSQL* mysql, const std::string& text) {
    statement_ = mysql_stmt_init(mysql);
    if (statement_ == nullptr) {
      throw LookupError(std::string("preparing the user lookup: ") + mysql_error(mysql));
    }
    if (mysql_stmt_prepare(statement_, text.data(), text.size()) != 0 ||
        mysql_stmt_field_count(statement_) != kColumns) {
      const std::string message = failure("preparing the user lookup");
      mysql_stmt_close(statement_);
      throw LookupError(message);
    }
    for (unsigned i = 0; i < kColumns; ++i) {
      MYSQL_BIND& bind = results_[i];
      std::memset(&bind, 0, sizeof bind);
      bind.is_null = &isNull_[i];
      bind.length = &lengths_[i];
      bind.error = &errors_[i];
      if (kIsText[i]) {
        bind.buffer_type = MYSQL_TYPE_STRING;
      } else {
        bind.buffer_type = MYSQL_TYPE_LONGLONG;
        bind.buffer = &integers_[i];
      }
    }
    if (mysql_stmt_bind_result(statement_, results_.data()) != 0) {
      const std::string message = failure("binding the user lookup's results");
      mysql_stmt_close(statement_);
      throw LookupError(message);
    }
  }
  ~Prepared() { mysql_stmt_close(statement_); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  // Binds `values` to the first parameters and NULL to the rest (NULL
  // matches no id), runs the statement and reads every row.
  std::vector<LookupRow> run(const std::vector<std::string>& values) {
    const unsigned long slots = mysql_stmt_param_count(statement_);
    if (values.empty() || values.size() > slots) {
      throw LookupError("the user lookup takes 1 to " + std::to_string(slots) + " values");
    }
    std::vector<MYSQL_BIND> parameters(slots);
    std::vector<unsigned long> lengths(slots, 0);
    for (unsigned long i = 0; i < slots; ++i) {
      MYSQL_BIND& parameter = parameters[i];
      std::memset(&parameter, 0, sizeof parameter);
      if (i >= values.size()) {
        parameter.buffer_type = MYSQL_TYPE_NULL;
        continue;
      }
      lengths[i] = values[i].size();
      parameter.buffer_type = MYSQL_TYPE_STRING;
      parameter.buffer = const_cast<char*>(values[i].data());
      parameter.buffer_length = lengths[i];
      parameter.length = &lengths[i];
    }
    if (mysql_stmt_bind_param(statement_, parameters.data()) != 0) {
      throw LookupError(failure("binding the user lookup"));
    }
    if (mysql_stmt_execute(statement_) != 0) throw LookupError(failure("running the user lookup"));

    std::vector<LookupRow> rows;
    for (;;) {
      const int rc = mysql_stmt_fetch(statement_);
      if (rc == MYSQL_NO_DATA) break;
      if (rc != 0 && rc != MYSQL_DATA_TRUNCATED) {
        throw LookupError(failure("reading the user lookup"));
      }
      rows.push_back(row());
    }
    return rows;
  }

 private:
  // The row just fetched.
  LookupRow row() {
    LookupRow row;
    row.email = optionalText(0);
    row.username = optionalText(1);
    row.userCreatedAt = integer(2);
    row.kind = optionalText(3);
    row.publicKey = optionalText(18);
    row.userId = optionalText(19).value_or(std::string());
    if (row.kind) {
      row.image.storageKey = optionalText(4).value_or(std::string());
      row.image.url = optionalText(5).value_or(std::string());
      row.image.contentType = optionalText(6).value_or(std::string());
      row.image.bytes = integer(7);
      row.image.width = optionalInt(8);
      row.image.height = optionalInt(9);
      row.image.createdAt = integer(10);
      row.variants = optionalText(11);
      row.blurhash = optionalText(12);
      row.color = optionalText(13);
      row.squareX = optionalInt(14);
      row.squareY = optionalInt(15);
      row.squareWidth = optionalInt(16);
      row.squareHeight = optionalInt(17);
    }
    return row;
  }

  std::string failure(const char* what) const {
    return std::string(what) + ": " + mysql_stmt_error(statement_) + " (" +
           std::to_string(mysql_stmt_errno(statement_)) + ")";
  }

  std::optional<std::string> optionalText(unsigned column) {
    if (isNull_[column]) return std::nullopt;
    std::string value(lengths_[column], '\0');
    if (value.empty()) return value;
    MYSQL_BIND bind;
    std::memset(&bind, 0, sizeof bind);
    unsigned long length = 0;
    bind.buffer_type = MYSQL_TYPE_STRING;
    bind.buffer = value.data();
    bind.buffer_length = value.size();
    bind.length = &length;
    if (mysql_stmt_fetch_column(statement_, &bind, column, 0) != 0) {
      throw LookupError(failure("reading a column of the user lookup"));
    }
    value.resize(std::min<std::size_t>(length, value.size()));
    return value;
  }

  std::int64_t integer(unsigned column) const { return isNull_[column] ? 0 : integers_[column]; }

  std::optional<int> optionalInt(unsigned column) const {
    if (isNull_[column]) return std::nullopt;
    return static_cast<int>(integers_[column]);
  }

  MYSQL_STMT* statement_ = nullptr;
  std::array<MYSQL_BIND, kColumns> results_{};
  std::array<my_bool, kColumns> isNull_{};
  std::array<my_bool, kColumns> errors_{};
  std::array<unsigned long, kColumns> lengths_{};
  std::array<long long, kColumns> integers_{};
};

class MysqlLookupConnection final : public LookupConnection {
 public:
  explicit MysqlLookupConnection(Poco::Data::Session session) : session_(std::move(session)) {
    auto* impl = dynamic_cast<Poco::Data::MySQL::SessionImpl*>(session_.impl());
    if (impl == nullptr) throw LookupError("the user lookup needs a MySQL session");
    mysql_ = impl->handle();
    prepared(LookupBy::kId);  // fail now, not at the first lookup
  }

  std::vector<LookupRow> select(LookupBy by, const std::vector<std::string>& values) override {
    return prepared(by).run(values);
  }

 private:
  Prepared& prepared(LookupBy by) {
    std::unique_ptr<Prepared>& statement = statements_[static_cast<std::size_t>(by)];
    if (!statement) statement = std::make_unique<Prepared>(mysql_, lookupStatement(by));
    return *statement;
  }

  Poco::Data::Session session_;  // owns the connection the statements belong to
  MYSQL* mysql_ = nullptr;
  // By LookupBy, prepared on first use; declared after session_, so closed
  // before the connection they belong to.
  std::array<std::unique_ptr<Prepared>, 3> statements_;
};

}  // namespace

std::unique_ptr<LookupConnection> makeMysqlLookup(Poco::Data::Session session) {
  return std::make_unique<MysqlLookupConnection>(std::move(session));
}

}  // namespace userimg::db
