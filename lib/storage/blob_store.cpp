#include "storage/blob_store.h"

namespace userimg::storage {

core::Result<std::vector<StoredObject>> BlobStore::putAll(std::span<const PutRequest> requests) {
  std::vector<StoredObject> stored;
  stored.reserve(requests.size());
  for (const PutRequest& request : requests) {
    auto object = put(request);
    if (!object) {
      for (const StoredObject& done : stored) (void)remove(done.key);
      return object.status();
    }
    stored.push_back(std::move(object.value()));
  }
  return stored;
}

}  // namespace userimg::storage
