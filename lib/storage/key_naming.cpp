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

// Where the stem of `key`'s last segment ends: its extension's dot, or the end.
std::size_t stemEndOf(std::string_view key) {
  const std::size_t slash = key.rfind('/');
  const std::size_t segment = slash == std::string_view::npos ? 0 : slash + 1;
  const std::size_t dot = key.rfind('.');
  return dot != std::string_view::npos && dot >= segment ? dot : key.size();
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string variantKey(std::string_view key, std::string_view name, int generation,
                       std::string_view extension) {
  const std::size_t stemEnd = stemEndOf(key);
  std::string out(key.substr(0, stemEnd));
  out.append("_").append(name);
  if (generation > 0) out.append("g").append(std::to_string(generation));
  if (extension.empty()) {
    out.append(key.substr(stemEnd));
  } else {
    out.append(".").append(extension);
  }
  return out;
}

int variantGeneration(std::string_view key) {
  if (!baseKeyOfVariant(key)) return 0;
  const std::string_view stem = key.substr(0, stemEndOf(key));
  const std::string_view suffix = stem.substr(stem.rfind('_') + 1);
  const std::size_t g = suffix.rfind('g');
  if (g == std::string_view::npos || g == 0 || g + 1 >= suffix.size() || suffix.size() - g > 7) {
    return 0;
  }
  int generation = 0;
  for (const char c : suffix.substr(g + 1)) {
    if (!isDigit(c)) return 0;
    generation = generation * 10 + (c - '0');
  }
  return generation;
}

std::optional<std::string> baseKeyOfVariant(std::string_view key) {
  const std::size_t slash = key.rfind('/');
  const std::size_t segment = slash == std::string_view::npos ? 0 : slash + 1;
  const std::size_t stemEnd = stemEndOf(key);
  const std::size_t underscore = key.substr(0, stemEnd).rfind('_');
  // The separator must be inside the last segment, with a stem before it and
  // a name after it.
  if (underscore == std::string_view::npos || underscore <= segment || underscore + 1 >= stemEnd) {
    return std::nullopt;
  }
  for (const char c : key.substr(underscore + 1, stemEnd - underscore - 1)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
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
