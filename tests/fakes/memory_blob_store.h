#pragma once
// MemoryBlobStore: a storage::BlobStore that keeps objects in memory.
//
// put() reads the whole source file at once and stores its bytes under a key
// from storage::newKey() in the folder of the request's kind; url(key) is
// "/media/" + key. remove() of an unknown key succeeds, as the contract asks.
// Thread-safe (one mutex).

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/blob_store.h"

namespace userimg::fakes {

class MemoryBlobStore final : public storage::BlobStore {
 public:
  explicit MemoryBlobStore(std::string profileDir = "resume/images",
                           std::string coverDir = "resume/covers");

  // kStorageFailed when the source cannot be read.
  core::Result<storage::StoredObject> put(const storage::PutRequest& request) override;
  core::Status remove(std::string_view key) override;
  // Writes the bytes to `path`; kNotFound for an unknown key.
  core::Status fetch(std::string_view key, const std::filesystem::path& path,
                     std::int64_t maxBytes) override;
  // Stores `content` under `key` as is (a test's own object).
  void plant(std::string key, std::string content);
  std::string url(std::string_view key) const override;
  // Always OK: memory takes writes.
  core::Status probe() override { return core::Status::ok(); }
  core::Result<std::vector<storage::ListedObject>> list(core::ImageKind kind,
                                                        std::int64_t olderThan) override;

  bool contains(std::string_view key) const;
  // The bytes stored under `key`, or nullopt.
  std::optional<std::string> bytes(std::string_view key) const;
  std::size_t size() const;
  std::vector<std::string> keys() const;

 private:
  const std::string profileDir_;
  const std::string coverDir_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> objects_;
};

}  // namespace userimg::fakes
