#pragma once
// KeyIndex: which storage keys the database still refers to, for garbage
// collection of blob-store objects (service/garbage_collector.h). An
// interface so the collector is tested with a fake (tests/fakes/).
//
// The production implementation is db/sql_key_index.h. Implementations are
// thread-safe. Database failures are kUnavailable (connection, lock
// timeout) or kInternal.

#include <string_view>

#include "core/result.h"

namespace userimg::db {

class KeyIndex {
 public:
  KeyIndex() = default;
  KeyIndex(const KeyIndex&) = delete;
  KeyIndex& operator=(const KeyIndex&) = delete;
  virtual ~KeyIndex() = default;

  // True when some user's image record (user_images.storage_key) or a queued
  // pending deletion (pending_deletions.storage_key) has exactly `key`.
  // Variants are not resolved here: the caller asks again with the image's
  // key (storage::baseKeyOfVariant()).
  virtual core::Result<bool> isReferenced(std::string_view key) = 0;
};

}  // namespace userimg::db
