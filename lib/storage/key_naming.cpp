#include "storage/key_naming.h"

#include <Poco/UUIDGenerator.h>

namespace userimg::storage {

std::string newKey(std::string_view folder, std::string_view extension) {
  // createRandom() is thread-safe (the generator locks internally).
  const std::string uuid = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  std::string key(folder);
  if (!key.empty() && key.back() != '/') key += '/';
  key.append(uuid, 0, 2).append("/").append(uuid).append(".").append(extension);
  return key;
}

bool isWellFormedKey(std::string_view key) {
  if (key.empty() || key.front() == '/' || key.back() == '/') return false;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    const std::string_view segment = key.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!allowed) return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace userimg::storage
