#include "multipart/spool.h"

#include "core/failpoint.h"
#include "core/fd.h"

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
  core::UniqueFd closer(fd);

  // Heap buffer: 64 KiB is too much for a worker thread's stack.
  std::vector<char> buffer(kCopyBufferBytes);
  for (;;) {
    part.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = part.gcount();
    if (got <= 0) break;
    if (!core::writeAll(fd, buffer.data(), static_cast<std::size_t>(got))) {
      return core::Status::internal("Cannot write temp file " + file.path.string() + ": " +
                                    errnoText());
    }
    file.size += got;
    USERIMG_FAILPOINT("upload.spooling");  // the fault tests: killed mid-spool
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
