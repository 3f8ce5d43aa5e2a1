#include "db/image_rows.h"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "db/column_limits.h"
#include "db/variant_codec.h"

namespace userimg::db::image_rows {

using namespace Poco::Data::Keywords;
// `now` is also the name of insert()'s clock parameter.
namespace Keywords = Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

constexpr const char* kSelectImages =
    "SELECT kind, storage_key, url, content_type, byte_size, width, height, created_at, variants,"
    " placeholder_blurhash, placeholder_color, square_x, square_y, square_width, square_height"
    " FROM user_images WHERE user_id = ?";
constexpr const char* kSelectImage =
    "SELECT storage_key, url, content_type, byte_size, width, height, created_at, variants,"
    " placeholder_blurhash, placeholder_color, square_x, square_y, square_width, square_height"
    " FROM user_images WHERE user_id = ? AND kind = ?";
// The user's row with its `kind` image, if any (image columns NULL when it
// has none): no row when there is no such user.
constexpr const char* kSelectUserImage =
    "SELECT i.storage_key, i.url, i.content_type, i.byte_size, i.width, i.height, i.created_at,"
    " i.variants, i.placeholder_blurhash, i.placeholder_color, i.square_x, i.square_y,"
    " i.square_width, i.square_height FROM users u"
    " LEFT JOIN user_images i ON i.user_id = u.id AND i.kind = ? WHERE u.id = ?";
constexpr const char* kDeleteImage = "DELETE FROM user_images WHERE user_id = ? AND kind = ?";
constexpr const char* kInsertImage =
    "INSERT INTO user_images (user_id, kind, storage_key, url, content_type, byte_size, width,"
    " height, created_at, variants, placeholder_blurhash, placeholder_color, square_x, square_y,"
    " square_width, square_height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kOverwriteImage =
    "UPDATE user_images SET storage_key = ?, url = ?, content_type = ?, byte_size = ?, width = ?,"
    " height = ?, created_at = ?, variants = ?, placeholder_blurhash = ?, placeholder_color = ?,"
    " square_x = ?, square_y = ?, square_width = ?, square_height = ?"
    " WHERE user_id = ? AND kind = ?";
constexpr const char* kUpdateVariants =
    "UPDATE user_images SET variants = ?, placeholder_blurhash = ?, placeholder_color = ?"
    " WHERE user_id = ? AND kind = ?";

Poco::Nullable<int> toNullable(const std::optional<int>& value) {
  if (!value) return {};
  return *value;
}

std::optional<int> fromNullable(const Poco::Nullable<int>& value) {
  if (value.isNull()) return std::nullopt;
  return value.value();
}

std::optional<std::string> fromNullable(const Poco::Nullable<std::string>& value) {
  if (value.isNull()) return std::nullopt;
  return value.value();
}

// The two placeholder columns of `record`: NULL, NULL without one.
std::pair<Poco::Nullable<std::string>, Poco::Nullable<std::string>> placeholderColumns(
    const ImageRecord& record) {
  if (!record.placeholder) return {};
  return {record.placeholder->blurhash, record.placeholder->color};
}

// The four square_* columns of `record`: all NULL without a square source.
std::array<Poco::Nullable<int>, 4> squareColumns(const ImageRecord& record) {
  if (!record.squareSource) return {};
  const AreaRecord& area = *record.squareSource;
  return {area.x, area.y, area.width, area.height};
}

// The image columns of kSelectImage (kSelectImages after its kind, and
// kSelectUserImage, where they are NULL for a user without the image), read
// into vectors, a row each.
class ImageColumns {
 public:
  void into(Statement& statement) {
    statement, Keywords::into(keys_), Keywords::into(urls_), Keywords::into(contentTypes_),
        Keywords::into(sizes_), Keywords::into(widths_), Keywords::into(heights_),
        Keywords::into(createdAts_), Keywords::into(variants_), Keywords::into(blurhashes_),
        Keywords::into(colors_), Keywords::into(squareXs_), Keywords::into(squareYs_),
        Keywords::into(squareWidths_), Keywords::into(squareHeights_);
  }

  std::size_t rows() const { return keys_.size(); }

  // Row `i`'s image; none when its storage key is NULL (no image joined).
  std::optional<ImageRecord> at(std::size_t i) const {
    if (keys_[i].isNull()) return std::nullopt;
    return ImageRecord{
        keys_[i].value(),
        urls_[i].value(""),
        contentTypes_[i].value(""),
        sizes_[i].value(0),
        fromNullable(widths_[i]),
        fromNullable(heights_[i]),
        createdAts_[i].value(0),
        decodeVariants(variants_[i]),
        placeholderOf(fromNullable(blurhashes_[i]), fromNullable(colors_[i])),
        squareSourceOf(fromNullable(squareXs_[i]), fromNullable(squareYs_[i]),
                       fromNullable(squareWidths_[i]), fromNullable(squareHeights_[i]))};
  }

 private:
  std::vector<Poco::Nullable<std::string>> keys_, urls_, contentTypes_, variants_, blurhashes_,
      colors_;
  std::vector<Poco::Nullable<Poco::Int64>> sizes_, createdAts_;
  std::vector<Poco::Nullable<int>> widths_, heights_, squareXs_, squareYs_, squareWidths_,
      squareHeights_;
};

}  // namespace

core::Status check(const ImageRecord& record) {
  for (const core::Status& status :
       {checkLength("storage key", record.storageKey, kMaxKeyChars),
        checkLength("url", record.url, kMaxUrlChars),
        checkLength("content type", record.contentType, kMaxContentTypeChars)}) {
    if (!status.isOk()) return status;
  }
  if (record.storageKey.empty()) return core::Status::invalidArgument("storage key is empty");
  if (const auto& placeholder = record.placeholder) {
    for (const core::Status& status :
         {checkLength("placeholder blurhash", placeholder->blurhash, kMaxBlurhashChars),
          checkLength("placeholder color", placeholder->color, kMaxColorChars)}) {
      if (!status.isOk()) return status;
    }
    if (placeholder->blurhash.empty() || placeholder->color.empty()) {
      return core::Status::invalidArgument("placeholder is incomplete");
    }
  }
  if (const auto& area = record.squareSource) {
    if (area->x < 0 || area->y < 0 || area->width <= 0 || area->height <= 0) {
      return core::Status::invalidArgument("square source is not an area");
    }
  }
  return core::Status::ok();
}

std::optional<PlaceholderRecord> placeholderOf(std::optional<std::string> blurhash,
                                               std::optional<std::string> color) {
  if (!blurhash || !color || blurhash->empty() || color->empty()) return std::nullopt;
  return PlaceholderRecord{std::move(*blurhash), std::move(*color)};
}

std::optional<AreaRecord> squareSourceOf(std::optional<int> x, std::optional<int> y,
                                         std::optional<int> width, std::optional<int> height) {
  if (!x || !y || !width || !height || *x < 0 || *y < 0 || *width <= 0 || *height <= 0) {
    return std::nullopt;
  }
  return AreaRecord{*x, *y, *width, *height};
}

void selectAll(Session& session, UserRecord& user) {
  std::vector<std::string> kinds;
  ImageColumns columns;
  Statement statement(session);
  statement << kSelectImages, bind(user.id), into(kinds);
  columns.into(statement);
  statement.execute();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const std::optional<core::ImageKind> kind = core::imageKindFromName(kinds[i]);
    if (!kind) continue;  // the schema's CHECK forbids it; ignore rather than fail
    (*kind == core::ImageKind::kProfile ? user.profile : user.cover) = columns.at(i);
  }
}

std::optional<ImageRecord> select(Session& session, const std::string& userId,
                                  const std::string& kind) {
  ImageColumns columns;
  Statement statement(session);
  statement << kSelectImage, bind(userId), bind(kind);
  columns.into(statement);
  statement.execute();
  if (columns.rows() == 0) return std::nullopt;
  return columns.at(0);
}

UserImage selectOfUser(Session& session, const std::string& userId, const std::string& kind) {
  ImageColumns columns;
  Statement statement(session);
  statement << kSelectUserImage, bind(kind), bind(userId);
  columns.into(statement);
  statement.execute();
  if (columns.rows() == 0) return UserImage{false, std::nullopt};
  return UserImage{true, columns.at(0)};
}

void remove(Session& session, const std::string& userId, const std::string& kind) {
  session << kDeleteImage, bind(userId), bind(kind), now;
}

void insert(Session& session, const std::string& userId, const std::string& kind,
            const ImageRecord& record, std::int64_t now) {
  const auto [blurhash, color] = placeholderColumns(record);
  const auto square = squareColumns(record);
  session << kInsertImage, bind(userId), bind(kind), bind(record.storageKey), bind(record.url),
      bind(record.contentType), bind(static_cast<Poco::Int64>(record.bytes)),
      bind(toNullable(record.width)), bind(toNullable(record.height)),
      bind(static_cast<Poco::Int64>(record.createdAt != 0 ? record.createdAt : now)),
      bind(encodeVariants(record.variants)), bind(blurhash), bind(color), bind(square[0]),
      bind(square[1]), bind(square[2]), bind(square[3]), Keywords::now;
}

void overwrite(Session& session, const std::string& userId, const std::string& kind,
               const ImageRecord& record, std::int64_t now) {
  const auto [blurhash, color] = placeholderColumns(record);
  const auto square = squareColumns(record);
  session << kOverwriteImage, bind(record.storageKey), bind(record.url), bind(record.contentType),
      bind(static_cast<Poco::Int64>(record.bytes)), bind(toNullable(record.width)),
      bind(toNullable(record.height)),
      bind(static_cast<Poco::Int64>(record.createdAt != 0 ? record.createdAt : now)),
      bind(encodeVariants(record.variants)), bind(blurhash), bind(color), bind(square[0]),
      bind(square[1]), bind(square[2]), bind(square[3]), bind(userId), bind(kind), Keywords::now;
}

void updateVariants(Session& session, const std::string& userId, const std::string& kind,
                    const ImageRecord& record) {
  const auto [blurhash, color] = placeholderColumns(record);
  session << kUpdateVariants, bind(encodeVariants(record.variants)), bind(blurhash), bind(color),
      bind(userId), bind(kind), Keywords::now;
}

}  // namespace userimg::db::image_rows
