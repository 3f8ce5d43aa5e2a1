#include "storage/key_naming.h"

#include <Poco/UUIDGenerator.h>

#include "storage/blob_store.h"

namespace userimg::storage {

std::string newKey(std::string_view folder, std::string_view extension) {
  // createRandom() is thread-safe (the generator locks internally).
  const std::string uuid = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  std::string key(folder);
  if (!key.empty() && key.back() != '/') key += '/';
  key.append(uuid, 0, 2).append("/").append(uuid).append(".").append(extension);
  return key;
}

namespace {

// Where the extension (with its dot) of `key`'s last segment starts; the
// key's end when it has none.
std::size_t stemEndOf(std::string_view key) {
  const std::size_t slash = key.rfind('/');
  const std::size_t dot = key.rfind('.');
  return dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)
             ? dot
             : key.size();
}

// The extensions images are stored with (image/vips_codec.h).
constexpr std::string_view kImageExtensions[] = {"jpg", "png", "gif", "webp"};

}  // namespace

std::string variantKey(std::string_view key, std::string_view name) {
  const std::size_t stemEnd = stemEndOf(key);
  std::string out(key.substr(0, stemEnd));
  out.append("_").append(name).append(key.substr(stemEnd));
  return out;
}

std::string variantKey(std::string_view key, std::string_view name, std::string_view extension) {
  std::string out(key.substr(0, stemEndOf(key)));
  out.append("_").append(name).append(".").append(extension);
  return out;
}

std::vector<std::string> baseKeyCandidatesOfVariant(std::string_view key) {
  std::vector<std::string> candidates;
  std::optional<std::string> base = baseKeyOfVariant(key);
  if (!base) return candidates;
  const std::string stem = base->substr(0, stemEndOf(*base));
  candidates.push_back(std::move(*base));
  for (const std::string_view extension : kImageExtensions) {
    std::string other = stem + "." + std::string(extension);
    if (other != candidates.front()) candidates.push_back(std::move(other));
  }
  return candidates;
}

std::optional<std::string> baseKeyOfVariant(std::string_view key) {
  const std::size_t slash = key.rfind('/');
  const std::size_t segment = slash == std::string_view::npos ? 0 : slash + 1;
  const std::size_t dot = key.rfind('.');
  const std::size_t stemEnd = dot != std::string_view::npos && dot >= segment ? dot : key.size();
  const std::size_t underscore = key.substr(0, stemEnd).rfind('_');
  // The separator must be inside the last segment, with a stem before it and
  // a name after it.
  if (underscore == std::string_view::npos || underscore <= segment || underscore + 1 >= stemEnd) {
    return std::nullopt;
  }
  for (const char c : key.substr(underscore + 1, stemEnd - underscore - 1)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return std::nullopt;
  }
  std::string base(key.substr(0, underscore));
  base.append(key.substr(stemEnd));
  return base;
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
