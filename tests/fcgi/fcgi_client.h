#pragma once
// A minimal FastCGI client for the fcgi suite: one request per connection
// over a unix socket, its records written by tests/support/fcgi_wire.h.
// Answers the raw CGI response the application wrote ("Status:
// ...\r\nheaders\r\n\r\nbody"), or nullopt when the connection failed or
// closed before FCGI_END_REQUEST.

#include <map>
#include <optional>
#include <string>

namespace userimg::fcgi::testing {

std::optional<std::string> fcgiRequest(const std::string& socketPath,
                                       const std::map<std::string, std::string>& params,
                                       const std::string& body);

// The body of a raw CGI response (what follows the first blank line).
std::string cgiBody(const std::string& response);

}  // namespace userimg::fcgi::testing
