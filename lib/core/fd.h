#pragma once
// UniqueFd: owns a POSIX file descriptor and closes it on scope exit;
// writeAll(): write(2) until everything is written. For the adapters that
// write files (multipart spooling, the local blob store). Not thread-safe;
// move-free on purpose (one owner, one scope).

#include <cstddef>

namespace userimg::core {

class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  // The descriptor; negative when open failed or after close().
  int get() const { return fd_; }
  // Closes now; false when close(2) reports a failure (a lost write).
  bool close();

 private:
  int fd_;
};

// Writes `size` bytes, retrying short writes and EINTR; false on an error
// (errno says which).
bool writeAll(int fd, const char* data, std::size_t size);

}  // namespace userimg::core
