#pragma once
// FakeUploadCounter: a db::UploadCounter in memory, with the same fixed
// windows as db::SqlUploadCounter, and a switch that makes every count fail
// (kUnavailable, as a failing database would). Thread-safe.

#include <map>
#include <mutex>
#include <string>

#include "db/upload_counter.h"

namespace userimg::fakes {

class FakeUploadCounter final : public db::UploadCounter {
 public:
  core::Result<db::UploadWindow> countUpload(std::string_view userId, std::int64_t nowSeconds,
                                             std::int64_t windowSeconds) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) return core::Status::unavailable("the upload counter is failing");
    const std::int64_t start = nowSeconds - nowSeconds % windowSeconds;
    Row& row = rows_[std::string(userId)];
    row.uploads = row.start == start ? row.uploads + 1 : 1;
    row.start = start;
    return db::UploadWindow{row.uploads, start + windowSeconds};
  }

  void setFailing(bool failing) {
    std::lock_guard<std::mutex> lock(mutex_);
    failing_ = failing;
  }

  // Uploads counted for `userId` in its current window (0 when none).
  std::int64_t uploads(const std::string& userId) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = rows_.find(userId);
    return found == rows_.end() ? 0 : found->second.uploads;
  }

 private:
  struct Row {
    std::int64_t start = -1;
    std::int64_t uploads = 0;
  };
  std::mutex mutex_;
  std::map<std::string, Row> rows_;
  bool failing_ = false;
};

}  // namespace userimg::fakes
