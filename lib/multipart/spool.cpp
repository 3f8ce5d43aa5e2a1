#include "multipart/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace userimg::multipart {
namespace {

constexpr std::size_t kCopyBufferBytes = 64 * 1024;

// Closes a file descriptor on scope exit.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  // Closes now; false when close(2) reports a failure (a lost write).
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

bool writeAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string errnoText() {
  return std::strerror(errno);
}

}  // namespace

core::Status spoolToTempFile(std::istream& part, const std::filesystem::path& dir,
                             UploadedFile& file) {
  std::string pattern = (dir / "upload-XXXXXX").string();
  // mkostemp creates the file with O_EXCL and mode 0600.
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    return core::Status::internal("Cannot create a temp file in " + dir.string() + ": " +
                                  errnoText());
  }
  file.path = pattern;
  file.size = 0;
  FdCloser closer(fd);

  // Heap buffer: 64 KiB is too much for a worker thread's stack.
  std::vector<char> buffer(kCopyBufferBytes);
  for (;;) {
    part.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = part.gcount();
    if (got <= 0) break;
    if (!writeAll(fd, buffer.data(), static_cast<std::size_t>(got))) {
      return core::Status::internal("Cannot write temp file " + file.path.string() + ": " +
                                    errnoText());
    }
    file.size += got;
  }
  if (!closer.close()) {
    return core::Status::internal("Cannot write temp file " + file.path.string() + ": " +
                                  errnoText());
  }
  return core::Status::ok();
}

bool readBounded(std::istream& part, std::size_t maxBytes, std::string& value) {
  value.clear();
  std::array<char, 4096> buffer;
  for (;;) {
    // Never read more than one byte past the limit into memory.
    const std::size_t room = maxBytes + 1 - value.size();
    part.read(buffer.data(), static_cast<std::streamsize>(std::min(room, buffer.size())));
    const std::streamsize got = part.gcount();
    if (got <= 0) return true;
    value.append(buffer.data(), static_cast<std::size_t>(got));
    if (value.size() > maxBytes) return false;
  }
}

void drain(std::istream& part) {
  std::array<char, 4096> buffer;
  while (part.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
         part.gcount() > 0) {
  }
}

}  // namespace userimg::multipart
