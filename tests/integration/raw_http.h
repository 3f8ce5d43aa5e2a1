#pragma once
// Requests written byte for byte over a TCP socket to the stack's web
// server: what no HTTP client library sends (broken request lines,
// oversized headers, wrong framing, headers that never end). Fails a
// CppUnit assertion when the connection cannot be made.

#include <string>

#include "integration/it_support.h"

namespace userimg::it {

// The answer to a raw request. `answered` is false when the server closed
// the connection (or the wait ran out) without sending a byte; `reply`
// then has status 0. A chunked body of one chunk is decoded.
struct RawAnswer {
  bool answered = false;
  bool timedOut = false;  // the server still held the connection at the end
  Reply reply;
};

// Sends `bytes` exactly, then reads until the server closes the
// connection or `waitSeconds` pass. `what` names the request in messages.
RawAnswer sendRawBytes(const std::string& what, const std::string& bytes, int waitSeconds = 30);

// "METHOD PATH HTTP/1.1\r\nHost: ...\r\nConnection: close\r\n" + rawRest,
// PATH mounted under the stack's prefix; fails when nothing is answered.
Reply sendRaw(const std::string& method, const std::string& path, const std::string& rawRest);

}  // namespace userimg::it
