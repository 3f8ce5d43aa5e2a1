#include "fakes/faulty_blob_store.h"

namespace userimg::fakes {

void FaultyBlobStore::failNextPuts(int count, core::StatusCode code, int skip) {
  std::lock_guard lock(mutex_);
  putFailures_ = count;
  putSkips_ = skip;
  putCode_ = code;
}

void FaultyBlobStore::failNextRemoves(int count, core::StatusCode code) {
  std::lock_guard lock(mutex_);
  removeFailures_ = count;
  removeCode_ = code;
}

void FaultyBlobStore::failNextFetches(int count, core::StatusCode code) {
  std::lock_guard lock(mutex_);
  fetchFailures_ = count;
  fetchCode_ = code;
}

void FaultyBlobStore::failProbes(bool fail, core::StatusCode code) {
  std::lock_guard lock(mutex_);
  probeFails_ = fail;
  probeCode_ = code;
}

core::Status FaultyBlobStore::probe() {
  {
    std::lock_guard lock(mutex_);
    ++probeCalls_;
    if (probeFails_) return failure(probeCode_, "probe");
  }
  return inner_.probe();
}

int FaultyBlobStore::probeCalls() const {
  std::lock_guard lock(mutex_);
  return probeCalls_;
}

core::Status FaultyBlobStore::failure(core::StatusCode code, const char* operation) {
  const std::string message = std::string("injected ") + operation + " failure";
  return code == core::StatusCode::kUnavailable ? core::Status::unavailable(message)
                                                : core::Status::storageFailed(message);
}

core::Result<storage::StoredObject> FaultyBlobStore::put(const storage::PutRequest& request) {
  {
    std::lock_guard lock(mutex_);
    ++putCalls_;
    if (putSkips_ > 0) {
      --putSkips_;
    } else if (putFailures_ > 0) {
      --putFailures_;
      return failure(putCode_, "put");
    }
  }
  return inner_.put(request);
}

core::Status FaultyBlobStore::remove(std::string_view key) {
  {
    std::lock_guard lock(mutex_);
    ++removeCalls_;
    if (removeFailures_ > 0) {
      --removeFailures_;
      return failure(removeCode_, "remove");
    }
  }
  return inner_.remove(key);
}

core::Status FaultyBlobStore::fetch(std::string_view key, const std::filesystem::path& path,
                                    std::int64_t maxBytes) {
  {
    std::lock_guard lock(mutex_);
    ++fetchCalls_;
    if (fetchFailures_ > 0) {
      --fetchFailures_;
      return failure(fetchCode_, "fetch");
    }
  }
  return inner_.fetch(key, path, maxBytes);
}

int FaultyBlobStore::fetchCalls() const {
  std::lock_guard lock(mutex_);
  return fetchCalls_;
}

int FaultyBlobStore::putCalls() const {
  std::lock_guard lock(mutex_);
  return putCalls_;
}

int FaultyBlobStore::removeCalls() const {
  std::lock_guard lock(mutex_);
  return removeCalls_;
}

}  // namespace userimg::fakes
