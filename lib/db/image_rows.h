#pragma once
// Internal to lib/db/: the user_images rows behind SqlUserRepository (one
// row per user and kind): checking, reading and writing an ImageRecord.
// Every statement is a named constant with bound parameters, the same text
// on SQLite and MySQL. The functions taking a Session throw Poco::Exception
// and run inside the caller's transaction, if any.

#include <optional>
#include <string>

#include <Poco/Data/Session.h>

#include "core/status.h"
#include "db/user_repository.h"

namespace userimg::db::image_rows {

// kInvalidArgument when a value of `record` does not fit its column (or the
// storage key, or a part of the placeholder, is empty, or the square source
// is no area).
core::Status check(const ImageRecord& record);

// The placeholder of the placeholder_blurhash and placeholder_color columns:
// none unless both hold a value (NULL: stored before schema version 2).
std::optional<PlaceholderRecord> placeholderOf(std::optional<std::string> blurhash,
                                               std::optional<std::string> color);

// The square source of the square_* columns: none unless all four hold a
// value that makes an area (NULL: no crop, or stored before schema version 3).
std::optional<AreaRecord> squareSourceOf(std::optional<int> x, std::optional<int> y,
                                         std::optional<int> width, std::optional<int> height);

// Fills in both images of `user` (by user.id).
void selectAll(Poco::Data::Session& session, UserRecord& user);

// The user's `kind` image, or nullopt.
std::optional<ImageRecord> select(Poco::Data::Session& session, const std::string& userId,
                                  const std::string& kind);

// What selectOfUser() found: whether the user exists, and its image.
struct UserImage {
  bool userExists = false;
  std::optional<ImageRecord> image;  // the user's `kind` image, if any
};

// select() and whether the user exists, in one statement.
UserImage selectOfUser(Poco::Data::Session& session, const std::string& userId,
                       const std::string& kind);

// Removes the user's `kind` image row, if any.
void remove(Poco::Data::Session& session, const std::string& userId, const std::string& kind);

// Inserts `record` as the user's `kind` image (there must be none), created
// at record.createdAt, or at `now` when that is 0.
void insert(Poco::Data::Session& session, const std::string& userId, const std::string& kind,
            const ImageRecord& record, std::int64_t now);

// insert() over the user's existing `kind` image row: every column takes
// `record`'s value (one statement where remove() and insert() take two).
void overwrite(Poco::Data::Session& session, const std::string& userId, const std::string& kind,
               const ImageRecord& record, std::int64_t now);

// Sets the variants and placeholder of the user's `kind` image to those of
// `record`; every other column stays.
void updateVariants(Poco::Data::Session& session, const std::string& userId,
                    const std::string& kind, const ImageRecord& record);

}  // namespace userimg::db::image_rows
