#pragma once
// LocalBlobStore: images as files under a media root that the web server
// serves as static files (nginx: location /media/ { alias <root>/; }).
//
// put() copies the source into a temporary file in the destination folder,
// fsyncs it, renames it into place and fsyncs the folder, so a reader sees
// either nothing or the whole file, and a crash never leaves a half-written
// image under a live key. Files are created 0644 (the web server reads them).
// Thread-safe: no mutable state besides the filesystem.

#include <filesystem>
#include <string>

#include "storage/blob_store.h"

namespace userimg::storage {

struct LocalBlobStoreOptions {
  std::filesystem::path root;           // the media root
  std::string mediaPrefix = "/media/";  // URL prefix of root (ends with '/')
  std::string profileDir = "resume/images";
  std::string coverDir = "resume/covers";
};

class LocalBlobStore final : public BlobStore {
 public:
  explicit LocalBlobStore(LocalBlobStoreOptions options);

  core::Result<StoredObject> put(const PutRequest& request) override;
  // Every file written, synced and renamed, then each folder synced once.
  core::Result<std::vector<StoredObject>> putAll(std::span<const PutRequest> requests) override;
  // Refuses (kInternal) keys that isWellFormedKey() rejects.
  core::Status remove(std::string_view key) override;
  // A copy of the file (refusing malformed keys, like remove()).
  core::Status fetch(std::string_view key, const std::filesystem::path& path,
                     std::int64_t maxBytes) override;
  std::string url(std::string_view key) const override;
  // Creates, writes and removes a uniquely named probe file directly under
  // root: kStorageFailed naming the root and the cause when it cannot.
  core::Status probe() override;
  // Walks root/folder (regular files only). A put's ".upload-XXXXXX" temp
  // file is listed once it is older than `olderThan` (its process died
  // before the rename: kill -9, power loss); a live put's is younger.
  core::Result<std::vector<ListedObject>> list(core::ImageKind kind,
                                               std::int64_t olderThan) override;

  const std::filesystem::path& root() const { return options_.root; }

 private:
  // Writes `request` under its key through a synced temp file and renames
  // it into place; its folder is not synced (the caller does). On failure
  // nothing of it is left.
  core::Result<StoredObject> writeObject(const PutRequest& request);

  LocalBlobStoreOptions options_;
};

}  // namespace userimg::storage
