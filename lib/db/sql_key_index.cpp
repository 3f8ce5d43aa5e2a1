#include "db/sql_key_index.h"

#include <string>

#include <Poco/Data/Session.h>

#include "db/poco_errors.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;

namespace {

// Both tables in one round trip. Neither storage_key column is indexed: gc
// is an operator's occasional command, not a request path.
constexpr const char* kCountReferences =
    "SELECT (SELECT COUNT(*) FROM user_images WHERE storage_key = ?)"
    " + (SELECT COUNT(*) FROM pending_deletions WHERE storage_key = ?)";

}  // namespace

core::Result<bool> SqlKeyIndex::isReferenced(std::string_view key) {
  if (key.empty()) return core::Status::invalidArgument("storage key is empty");
  const std::string value(key);
  try {
    Poco::Data::Session session = database_.session();
    Poco::Int64 references = 0;
    session << kCountReferences, bind(value), bind(value), into(references), now;
    return references > 0;
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "looking up a storage key");
  }
}

}  // namespace userimg::db
