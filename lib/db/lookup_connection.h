#pragma once
// The dialect half of UserLookup (db/user_lookup.h): one dedicated
// connection with the lookup statement prepared on it. Internal to lib/db/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/user_repository.h"

namespace userimg::db {

// The statements, the same text on SQLite and MySQL: each user's row with
// each of its images (one row per image; image columns NULL when it has
// none), selected by id, by up to kLookupBatch ids, or by public key.
inline constexpr const char* kSelectUsersWithImages =
    "SELECT u.email, u.username, u.created_at, i.kind, i.storage_key, i.url, i.content_type,"
    " i.byte_size, i.width, i.height, i.created_at, i.variants, i.placeholder_blurhash,"
    " i.placeholder_color, i.square_x, i.square_y, i.square_width, i.square_height,"
    " u.public_key, u.id FROM users u LEFT JOIN user_images i ON i.user_id = u.id";
inline constexpr int kLookupColumns = 20;

enum class LookupBy {
  kId,         // WHERE u.id = ?
  kIds,        // WHERE u.id IN (? x kLookupBatch); the slots not given are bound NULL
  kPublicKey,  // WHERE u.public_key = ?
};
// How many ids one kIds statement takes (the batch lookup's limit).
inline constexpr std::size_t kLookupBatch = 100;

// The whole statement for `by`.
std::string lookupStatement(LookupBy by);

// One row of kSelectUsersWithImages, in column order.
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
  std::string userId;                    // u.id, on every row
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

  // The rows of the users `values` select (`by`: one id, 1 to kLookupBatch
  // ids, one public key); none for a value that names nobody. Each
  // statement is prepared once, on its first use. Throws LookupError.
  virtual std::vector<LookupRow> select(LookupBy by, const std::vector<std::string>& values) = 0;
};

// Take over `session` (a dedicated connection, see Database::openConnection)
// to prepare the statements on. Throw LookupError.
std::unique_ptr<LookupConnection> makeSqliteLookup(Poco::Data::Session session);
std::unique_ptr<LookupConnection> makeMysqlLookup(Poco::Data::Session session);

}  // namespace userimg::db
