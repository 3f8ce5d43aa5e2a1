#pragma once
// The one loader of configuration: reads an INI file (conf/userimg.ini's
// format), applies environment overrides, checks every value and fills an
// AppConfig.
//
// Environment overrides: the setting `key` of section `[section]` is
// overridden by USERIMG_<SECTION>_<KEY>, upper-cased, e.g. [jwt] secret by
// USERIMG_JWT_SECRET and [upload] max_bytes by USERIMG_UPLOAD_MAX_BYTES.
// Values may refer to other settings as ${section.key} (Poco's expansion).

#include <functional>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/result.h"

namespace userimg::config {

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
EnvLookup processEnvironment();

// Loads `iniPath` (may be empty: defaults and environment only).
// Fails with kInvalidArgument naming the setting on a missing file, an
// unknown value or a value out of range; a missing [jwt] secret is an error
// unless `requireSecret` is false.
core::Result<AppConfig> loadConfig(const std::string& iniPath, const EnvLookup& env,
                                   bool requireSecret = true);

// The name of the variable that overrides [section] key.
std::string envVariableFor(const std::string& section, const std::string& key);

}  // namespace userimg::config
