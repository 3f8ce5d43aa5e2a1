#pragma once
// `userimgctl check`: what an operator runs after editing the
// configuration. Prints one line per check on stdout,
//
//   OK  configuration /etc/userimg/userimg.ini
//   OK  database sqlite /var/lib/userimg/userimg.db at schema version 5
//   FAIL storage root /var/lib/userimg/media readable by www-data: www-data cannot enter ...
//
// and exits 0 when every check passed, 1 when one failed, 2 on bad usage.
// The checks are lib/ops/checks.h's; a configuration that does not load
// stops there. For Cloudinary storage the local storage root is not
// checked.

#include <string>
#include <vector>

namespace userimg::cli {

// The usage lines of the command, for userimgctl's help.
extern const char* const kCheckUsage;

// Runs the command with its arguments (after "check"); `configPath` as
// userimgctl found it ("" for defaults and the environment).
int check(const std::string& configPath, const std::vector<std::string>& args);

}  // namespace userimg::cli
