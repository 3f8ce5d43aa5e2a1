#pragma once
// Writing the application's http::Response to one accepted FCGX_Request.
// (Its http::Request comes from the request's own envp through
// http::requestFromCgi, never from the process environment, which
// FCGI_Accept would rewrite.)

#include <fcgiapp.h>

#include "http/response.h"

namespace userimg::fcgi {

// Writes status line, headers and (unless `head`) body to the request's stdout.
void writeResponse(FCGX_Request& request, const http::Response& response, bool head);

}  // namespace userimg::fcgi
