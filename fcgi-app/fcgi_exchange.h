#pragma once
// Translation between one accepted FCGX_Request and the application's
// http::Request / http::Response. Parameters are read from the request's own
// envp (never the process environment, which FCGI_Accept would rewrite).

#include <fcgiapp.h>

#include "http/request.h"
#include "http/response.h"

namespace userimg::fcgi {

// Fills `out` from the request's parameters. The body stream is set by the
// caller. Returns false when the parameters are unusable (no method or URI).
bool readRequest(const FCGX_Request& request, http::Request& out);

// Writes status line, headers and (unless `head`) body to the request's stdout.
void writeResponse(FCGX_Request& request, const http::Response& response, bool head);

}  // namespace userimg::fcgi
