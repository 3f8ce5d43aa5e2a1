#include "image/work_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace userimg::image::detail {
namespace {

std::string randomStem() {
  // Seeded from the system once per thread (a std::random_device made for
  // every upload showed in profiles): the workers and the processes that
  // share a work directory (mod_fcgid) draw different stems, and O_EXCL
  // refuses a repeat.
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }());
  const unsigned long long bits = generator();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", bits);
  return std::string("img-") + hex;
}

}  // namespace

WorkFiles::WorkFiles(const std::filesystem::path& dir) : dir_(dir), stem_(randomStem()) {}

WorkFiles::~WorkFiles() {
  for (const auto& file : written_) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
  }
}

core::Result<std::filesystem::path> WorkFiles::write(const void* data, std::size_t size,
                                                     std::string_view suffix,
                                                     std::string_view extension) {
  std::string name = stem_;
  name += suffix;
  name += '.';
  name += extension;
  const std::filesystem::path file = dir_ / name;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return core::Status::internal("Cannot create " + file.string() + ": " + std::strerror(errno));
  }
  written_.push_back(file);
  const char* next = static_cast<const char*>(data);
  std::size_t left = size;
  while (left > 0) {
    const ssize_t n = ::write(fd, next, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      return core::Status::internal("Cannot write " + file.string() + ": " + std::strerror(error));
    }
    next += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    return core::Status::internal("Cannot write " + file.string() + ": " + std::strerror(errno));
  }
  return file;
}

}  // namespace userimg::image::detail
