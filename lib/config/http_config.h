#pragma once
// [http]: how the API answers browsers on other origins (lib/cors/).

#include <string>
#include <vector>

namespace userimg::config {

struct HttpConfig {
  // The exact origins ("https://app.example.com", scheme://host[:port], no
  // path) whose pages may call the API from a browser (CORS). Empty (the
  // default): no CORS headers at all, as for a same-origin site. Each is
  // checked at load: http or https, a host, an optional port, nothing else;
  // "*" is refused (credentials travel in the Authorization header).
  std::vector<std::string> corsOrigins;
};

}  // namespace userimg::config
