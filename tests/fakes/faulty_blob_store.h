#pragma once
// FaultyBlobStore: a decorator over another BlobStore that fails on request,
// like leveldb's fault-injecting Envs.
//
//   MemoryBlobStore memory;
//   FaultyBlobStore store(memory);
//   store.failNextPuts(1);            // the next put() fails, nothing stored
//   store.failNextRemoves(2, core::StatusCode::kUnavailable);
//   store.failNextFetches(1);
//
// A failed call does not reach the wrapped store. Every call is counted,
// failed or not. Thread-safe; `inner` is borrowed and must outlive it.

#include <mutex>

#include "storage/blob_store.h"

namespace userimg::fakes {

class FaultyBlobStore final : public storage::BlobStore {
 public:
  explicit FaultyBlobStore(storage::BlobStore& inner) : inner_(inner) {}

  // `code` must be kStorageFailed or kUnavailable (what the contract allows).
  // failNextPuts lets `skip` puts through first (to fail the second of two).
  void failNextPuts(int count, core::StatusCode code = core::StatusCode::kStorageFailed,
                    int skip = 0);
  void failNextRemoves(int count, core::StatusCode code = core::StatusCode::kStorageFailed);
  void failNextFetches(int count, core::StatusCode code = core::StatusCode::kStorageFailed);

  core::Result<storage::StoredObject> put(const storage::PutRequest& request) override;
  core::Status remove(std::string_view key) override;
  core::Status fetch(std::string_view key, const std::filesystem::path& path,
                     std::int64_t maxBytes) override;
  std::string url(std::string_view key) const override { return inner_.url(key); }
  std::optional<std::string> variantUrl(std::string_view key,
                                        const storage::VariantSpec& spec) const override {
    return inner_.variantUrl(key, spec);
  }
  core::Result<std::vector<storage::ListedObject>> list(core::ImageKind kind,
                                                        std::int64_t olderThan) override {
    return inner_.list(kind, olderThan);
  }

  // The next probe() calls fail (until failProbes(false)).
  void failProbes(bool fail, core::StatusCode code = core::StatusCode::kStorageFailed);
  core::Status probe() override;

  int putCalls() const;
  int removeCalls() const;
  int fetchCalls() const;
  int probeCalls() const;

 private:
  static core::Status failure(core::StatusCode code, const char* operation);

  storage::BlobStore& inner_;
  mutable std::mutex mutex_;
  int putFailures_ = 0;
  int putSkips_ = 0;
  int removeFailures_ = 0;
  core::StatusCode putCode_ = core::StatusCode::kStorageFailed;
  core::StatusCode removeCode_ = core::StatusCode::kStorageFailed;
  int fetchFailures_ = 0;
  core::StatusCode fetchCode_ = core::StatusCode::kStorageFailed;
  int fetchCalls_ = 0;
  int putCalls_ = 0;
  int removeCalls_ = 0;
  bool probeFails_ = false;
  core::StatusCode probeCode_ = core::StatusCode::kStorageFailed;
  int probeCalls_ = 0;
};

}  // namespace userimg::fakes
