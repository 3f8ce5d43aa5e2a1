#pragma once
// The dialect half of UserLookup (db/user_lookup.h): one dedicated
// connection with the lookup statement prepared on it. Internal to lib/db/.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/user_repository.h"

namespace userimg::db {

// The one statement, the same text on SQLite and MySQL: the user's row with
// each of its images (one row per image; image columns NULL when it has none).
inline constexpr const char* kSelectUserWithImages =
    "SELECT u.email, u.username, u.created_at, i.kind, i.storage_key, i.url, i.content_type,"
    " i.byte_size, i.width, i.height, i.created_at, i.variants, i.placeholder_blurhash,"
    " i.placeholder_color, i.square_x, i.square_y, i.square_width, i.square_height,"
    " u.public_key FROM users u LEFT JOIN user_images i ON i.user_id = u.id WHERE u.id = ?";

// One row of kSelectUserWithImages, in column order.
struct LookupRow {
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::int64_t userCreatedAt = 0;
  std::optional<std::string> kind;  // nullopt: the user has no image
  ImageRecord image;  // when kind is set; variants, placeholder, square source left empty
  std::optional<std::string> variants;  // the column, decoded by the caller
  std::optional<std::string> blurhash;  // placeholder_blurhash, read by the caller
  std::optional<std::string> color;     // placeholder_color, read by the caller
  std::optional<int> squareX;           // square_x ... square_height, read by the caller
  std::optional<int> squareY;
  std::optional<int> squareWidth;
  std::optional<int> squareHeight;
  std::optional<std::string> publicKey;  // the user's, on every row
};

// The connection cannot answer; it is closed, never reused. The message
// quotes the database's error, never values or credentials.
class LookupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LookupConnection {
 public:
  virtual ~LookupConnection() = default;

  // The rows of user `userId` (none: no such user). Throws LookupError.
  virtual std::vector<LookupRow> select(const std::string& userId) = 0;
};

// Take over `session` (a dedicated connection, see Database::openConnection)
// and prepare the statement on it. Throw LookupError.
std::unique_ptr<LookupConnection> makeSqliteLookup(Poco::Data::Session session);
std::unique_ptr<LookupConnection> makeMysqlLookup(Poco::Data::Session session);

}  // namespace userimg::db
