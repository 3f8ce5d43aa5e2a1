#pragma once
// FakeKeyIndex: a db::KeyIndex over a set of referenced keys, with failure
// injection. Header-only; thread-safe (one mutex).
//
//   fakes::FakeKeyIndex keys;
//   keys.reference("resume/images/3f/3f2a....png");
//   keys.failNextLookups(1);        // the next isReferenced() is kUnavailable

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "db/key_index.h"

namespace userimg::fakes {

class FakeKeyIndex final : public db::KeyIndex {
 public:
  void reference(std::string key) {
    std::lock_guard lock(mutex_);
    keys_.insert(std::move(key));
  }
  void forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    keys_.erase(key);
  }
  void failNextLookups(int count) {
    std::lock_guard lock(mutex_);
    failures_ = count;
  }

  core::Result<bool> isReferenced(std::string_view key) override {
    std::lock_guard lock(mutex_);
    asked_.emplace_back(key);
    if (failures_ > 0) {
      --failures_;
      return core::Status::unavailable("FakeKeyIndex: injected failure");
    }
    return keys_.count(std::string(key)) > 0;
  }

  // Every key asked about, in order.
  std::vector<std::string> asked() const {
    std::lock_guard lock(mutex_);
    return asked_;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> keys_;
  std::vector<std::string> asked_;
  int failures_ = 0;
};

}  // namespace userimg::fakes
