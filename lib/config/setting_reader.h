#pragma once
// Internal to lib/config: reads typed settings from a layered configuration
// (the file under the environment), remembering the first failure as a
// message that names the setting ("configuration setting images.x: ...").

#include <Poco/Util/AbstractConfiguration.h>

#include <cstdint>
#include <string>
#include <vector>

namespace userimg::config::detail {

class SettingReader {
 public:
  explicit SettingReader(Poco::Util::AbstractConfiguration& conf) : conf_(conf) {}

  bool has(const std::string& name) const { return conf_.has(name); }

  // The value, trimmed; `fallback` when unset.
  std::string text(const std::string& name, const std::string& fallback);

  // A number in [min, max] (decimal, or octal with base 8); `fallback` when unset.
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max, int base = 10);

  // A credential: like text(), but a failure never quotes what was read.
  std::string secret(const std::string& name);

  // true/yes/on/1 or false/no/off/0; `fallback` when unset.
  bool boolean(const std::string& name, bool fallback);

  // The items of a comma-separated list, trimmed; "" is an empty list.
  std::vector<std::string> items(const std::string& name);

  // A comma-separated list of sizes, each in [min, max]; "" is an empty list.
  std::vector<int> sizes(const std::string& name, const std::vector<int>& fallback, int min,
                         int max);

  void fail(const std::string& name, const std::string& why);

  // A message that already names its setting ("[cloudinary] api_key: required").
  void failNamed(const std::string& message);

  // The first failure, or "".
  const std::string& error() const { return error_; }

 private:
  Poco::Util::AbstractConfiguration& conf_;
  std::string error_;
};

}  // namespace userimg::config::detail
