#include "config/config_file.h"

#include <filesystem>
#include <system_error>

namespace userimg::config {

namespace fs = std::filesystem;

std::string findConfigFile(const ConfigSearch& search, const EnvLookup& env) {
  if (auto named = env("USERIMG_CONFIG"); named && !named->empty()) return *named;
  std::error_code ec;
  if (!search.executableDir.empty()) {
    const fs::path beside = fs::path(search.executableDir) / "userimg.ini";
    if (fs::is_regular_file(beside, ec)) return beside.string();
  }
  if (!search.systemFile.empty() && fs::exists(search.systemFile, ec)) return search.systemFile;
  return "";
}

std::string executableDirectory() {
  std::error_code ec;
  const fs::path program = fs::read_symlink("/proc/self/exe", ec);
  if (ec || !program.is_absolute()) return "";
  return program.parent_path().string();
}

}  // namespace userimg::config
