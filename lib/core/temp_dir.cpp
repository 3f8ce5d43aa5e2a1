#include "core/temp_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace userimg::core {

Result<ScopedTempDir> ScopedTempDir::create(const std::filesystem::path& parent,
                                            const std::string& prefix) {
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) return Status::internal("cannot create " + parent.string() + ": " + ec.message());
  std::string pattern = (parent / (prefix + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Status::internal("cannot create a temporary directory in " + parent.string() + ": " +
                            std::strerror(errno));
  }
  return ScopedTempDir(std::filesystem::path(pattern));
}

ScopedTempDir::~ScopedTempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace userimg::core
