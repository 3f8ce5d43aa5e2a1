#include "fakes/memory_blob_store.h"

#include <fstream>
#include <iterator>

#include "storage/key_naming.h"

namespace userimg::fakes {

MemoryBlobStore::MemoryBlobStore(std::string profileDir, std::string coverDir)
    : profileDir_(std::move(profileDir)), coverDir_(std::move(coverDir)) {}

core::Result<storage::StoredObject> MemoryBlobStore::put(const storage::PutRequest& request) {
  std::ifstream in(request.source, std::ios::binary);
  if (!in) return core::Status::storageFailed("cannot read " + request.source.string());
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return core::Status::storageFailed("cannot read " + request.source.string());

  storage::StoredObject object;
  object.key =
      !request.key.empty()
          ? request.key
          : storage::newKey(request.kind == core::ImageKind::kProfile ? profileDir_ : coverDir_,
                            request.extension);
  object.url = url(object.key);
  object.bytes = static_cast<std::int64_t>(content.size());
  std::lock_guard lock(mutex_);
  objects_.emplace(object.key, std::move(content));
  return object;
}

core::Status MemoryBlobStore::remove(std::string_view key) {
  std::lock_guard lock(mutex_);
  if (auto it = objects_.find(key); it != objects_.end()) objects_.erase(it);
  return core::Status::ok();
}

core::Status MemoryBlobStore::fetch(std::string_view key, const std::filesystem::path& path,
                                    std::int64_t maxBytes) {
  const std::optional<std::string> content = bytes(key);
  if (!content) return core::Status::notFound("no object " + std::string(key));
  if (static_cast<std::int64_t>(content->size()) > maxBytes) {
    return core::Status::storageFailed("object " + std::string(key) + " is too large");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *content;
  if (!out.flush()) return core::Status::storageFailed("cannot write " + path.string());
  return core::Status::ok();
}

void MemoryBlobStore::plant(std::string key, std::string content) {
  std::lock_guard lock(mutex_);
  objects_[std::move(key)] = std::move(content);
}

core::Result<std::vector<storage::ListedObject>> MemoryBlobStore::list(core::ImageKind kind,
                                                                       std::int64_t olderThan) {
  const std::string prefix = (kind == core::ImageKind::kProfile ? profileDir_ : coverDir_) + "/";
  std::vector<storage::ListedObject> found;
  std::lock_guard lock(mutex_);
  // Objects have no age here: all of them count as old enough when olderThan > 0.
  if (olderThan <= 0) return found;
  for (const auto& [key, unused] : objects_) {
    if (key.rfind(prefix, 0) == 0) found.push_back({key, 0});
  }
  return found;
}

std::string MemoryBlobStore::url(std::string_view key) const {
  return "/media/" + std::string(key);
}

bool MemoryBlobStore::contains(std::string_view key) const {
  std::lock_guard lock(mutex_);
  return objects_.find(key) != objects_.end();
}

std::optional<std::string> MemoryBlobStore::bytes(std::string_view key) const {
  std::lock_guard lock(mutex_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::size_t MemoryBlobStore::size() const {
  std::lock_guard lock(mutex_);
  return objects_.size();
}

std::vector<std::string> MemoryBlobStore::keys() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(objects_.size());
  for (const auto& [key, unused] : objects_) out.push_back(key);
  return out;
}

}  // namespace userimg::fakes
