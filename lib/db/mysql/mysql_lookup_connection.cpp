// LookupConnection on MySQL/MariaDB: one server-side prepared statement
// (MYSQL_STMT) on the dedicated connection, so a lookup is one EXECUTE round
// trip and its rows.

#include <mysql.h>

#include <array>
#include <cstring>

#include <Poco/Data/MySQL/SessionImpl.h>

#include "db/lookup_connection.h"

namespace userimg::db {
namespace {

constexpr unsigned kColumns = 19;
// Columns read as text (the others are integers).
constexpr std::array<bool, kColumns> kIsText = {true,  true,  false, true,  true, true, true,
                                                false, false, false, false, true, true, true,
                                                false, false, false, false, true};

class MysqlLookupConnection final : public LookupConnection {
 public:
  explicit MysqlLookupConnection(Poco::Data::Session session) : session_(std::move(session)) {
    auto* impl = dynamic_cast<Poco::Data::MySQL::SessionImpl*>(session_.impl());
    if (impl == nullptr) throw LookupError("the user lookup needs a MySQL session");
    MYSQL* mysql = impl->handle();
    statement_ = mysql_stmt_init(mysql);
    if (statement_ == nullptr) {
      throw LookupError(std::string("preparing the user lookup: ") + mysql_error(mysql));
    }
    if (mysql_stmt_prepare(statement_, kSelectUserWithImages, std::strlen(kSelectUserWithImages)) !=
            0 ||
        mysql_stmt_field_count(statement_) != kColumns) {
      const std::string message = failure("preparing the user lookup");
      mysql_stmt_close(statement_);
      throw LookupError(message);
    }
    // Text columns are bound without a buffer: a fetch reports their length
    // (MYSQL_DATA_TRUNCATED) and fetchText() reads each into its string.
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

  ~MysqlLookupConnection() override { mysql_stmt_close(statement_); }

  std::vector<LookupRow> select(const std::string& userId) override {
    MYSQL_BIND parameter;
    std::memset(&parameter, 0, sizeof parameter);
    unsigned long idLength = userId.size();
    parameter.buffer_type = MYSQL_TYPE_STRING;
    parameter.buffer = const_cast<char*>(userId.data());
    parameter.buffer_length = idLength;
    parameter.length = &idLength;
    if (mysql_stmt_bind_param(statement_, &parameter) != 0) {
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
      LookupRow row;
      row.email = optionalText(0);
      row.username = optionalText(1);
      row.userCreatedAt = integer(2);
      row.kind = optionalText(3);
      row.publicKey = optionalText(18);
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
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  std::string failure(const char* what) const {
    return std::string(what) + ": " + mysql_stmt_error(statement_) + " (" +
           std::to_string(mysql_stmt_errno(statement_)) + ")";
  }

  // Of the row just fetched.
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

  Poco::Data::Session session_;  // owns the connection statement_ belongs to
  MYSQL_STMT* statement_ = nullptr;
  std::array<MYSQL_BIND, kColumns> results_{};
  std::array<my_bool, kColumns> isNull_{};
  std::array<my_bool, kColumns> errors_{};
  std::array<unsigned long, kColumns> lengths_{};
  std::array<long long, kColumns> integers_{};
};

}  // namespace

std::unique_ptr<LookupConnection> makeMysqlLookup(Poco::Data::Session session) {
  return std::make_unique<MysqlLookupConnection>(std::move(session));
}

}  // namespace userimg::db
