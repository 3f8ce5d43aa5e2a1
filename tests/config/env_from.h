#pragma once
// envFrom: an EnvLookup over a map, so that no config test depends on the
// real environment.

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "config/loader.h"

namespace userimg::config::testing {

inline EnvLookup envFrom(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace userimg::config::testing
