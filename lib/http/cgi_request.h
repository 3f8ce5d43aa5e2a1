#pragma once
// How the parameters of a FastCGI request (CGI/1.1 meta-variables, as nginx,
// Apache's mod_proxy_fcgi and mod_fcgid send them) become an http::Request.
//
//   http::Request request;
//   if (!http::requestFromCgi(fcgxRequest.envp, {.mountPrefix = "/~alice"}, request)) ...
//
// The path is the one the client asked for: REQUEST_URI when the server
// sends it (nginx and Apache always do, also after a rewrite to the
// program: it stays the original URI), else SCRIPT_NAME + PATH_INFO.
// It is percent-decoded, then `mountPrefix` (the URL path under which the
// web server mounts the application, "" for none) is removed from its
// front when it is there, so "/~alice/api/resume/user-images/" is routed as
// "/api/resume/user-images/". A path without the prefix is kept whole.
//
// Headers come from HTTP_* variables, lower-cased with '_' as '-'. The
// Authorization header may also arrive as REDIRECT_HTTP_AUTHORIZATION (an
// .htaccess rewrite that copies it into the environment, after Apache's
// internal redirect prefixed it); an empty value counts as absent.
// REQUEST_ID (nginx's $request_id, as conf/nginx passes it), else UNIQUE_ID
// (Apache's mod_unique_id), becomes frontEndRequestId.
// CONTENT_TYPE and CONTENT_LENGTH become content-type and contentLength (no
// CONTENT_LENGTH: the body is read to its end, under the usual caps).
// Pure and thread-safe.

#include <string>

#include "http/request.h"

namespace userimg::http {

struct CgiOptions {
  // "/~alice" or "/app/images"; "" when the API is at the server's root.
  // No trailing '/'.
  std::string mountPrefix;
};

// Fills `out` (all but the body) from `envp`, a null-terminated array of
// "NAME=value" strings; nothing of what `out` held before is kept, so one
// Request can serve request after request. Returns false when the request
// cannot be served: no REQUEST_METHOD, no path, or a malformed
// percent-escape in the path.
bool requestFromCgi(const char* const* envp, const CgiOptions& options, Request& out);

}  // namespace userimg::http
