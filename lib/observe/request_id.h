#pragma once
// Request ids: the one a request is known by in every log line it causes,
// returned to the client as X-Request-Id. chooseRequestId() is the policy:
//
//   1. with [log] trust_request_id = true (a proxy in front of the web
//      server sets X-Request-Id and drops the clients' own), the request's
//      X-Request-Id header when it is a valid id;
//   2. else (or when that header is missing or invalid) the front end's
//      own id: REQUEST_ID (the shipped nginx conf passes $request_id under
//      this name, a variable no client can set) or UNIQUE_ID (Apache's
//      mod_unique_id), when valid;
//   3. else a new one (makeRequestId).
//
// A client's X-Request-Id is ignored unless trusted: it could otherwise
// make its requests look like someone else's in the logs.
// Pure but for makeRequestId's generator; all thread-safe.

#include <string>
#include <string_view>

namespace userimg::observe {

// Longest id accepted from outside.
constexpr std::size_t kMaxRequestIdLength = 128;

// 1 to kMaxRequestIdLength characters of A-Z a-z 0-9 and - _ . : @ + = /
// (nginx's hex, mod_unique_id's base64 variant, UUIDs): nothing that needs
// quoting in a log line or a header.
bool isValidRequestId(std::string_view id);

// 32 lower-case hex digits (128 random bits, the shape of nginx's
// $request_id), from a per-thread generator seeded by the system.
std::string makeRequestId();

// The policy above. `header`: the X-Request-Id header ("" when absent);
// `frontEnd`: REQUEST_ID or UNIQUE_ID ("" when absent).
std::string chooseRequestId(std::string_view header, std::string_view frontEnd, bool trustHeader);

}  // namespace userimg::observe
