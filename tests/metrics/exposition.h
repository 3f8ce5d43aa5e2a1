#pragma once
// A strict reader of the Prometheus text exposition format 0.0.4, for
// tests: every line is a "# HELP name ..." or "# TYPE name type" comment or
// a sample "name{label="value",...} number", and every sample belongs to a
// family whose TYPE came before it. Samples are keyed by their name and
// label set exactly as written: `userimg_http_requests_total{route="/x",status_class="2xx"}`.

#include <map>
#include <string>

namespace userimg::testing {

struct Exposition {
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;  // family name -> counter, gauge, ...
  std::string error;                         // the first malformed line, or ""
};

Exposition parseExposition(const std::string& text);

}  // namespace userimg::testing
