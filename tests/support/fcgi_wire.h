#pragma once
// FastCGI 1.0 records as a web server writes them, for the test clients
// that talk to userimg-fcgi without one: the fcgi suite's in-process client
// (tests/fcgi/fcgi_client.h) and integration.sigterm's fcgi_slow_client.
// One request per connection, request id 1, no padding on what is written.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace userimg::testing::fcgi_wire {

inline constexpr unsigned char kBeginRequest = 1;
inline constexpr unsigned char kEndRequest = 3;
inline constexpr unsigned char kParams = 4;
inline constexpr unsigned char kStdin = 5;
inline constexpr unsigned char kStdout = 6;
inline constexpr unsigned char kStderr = 7;

// FCGI_BEGIN_REQUEST of the responder role, flags 0: the application closes
// the connection after the request (FCGI_KEEP_CONN off, as the shipped
// nginx conf sends it).
std::string beginRequest();

// `data` as records of `type`, at most 32768 bytes of content each, without
// the empty record that ends the stream (a test may send a stream in parts).
std::string streamRecords(unsigned char type, std::string_view data);

// The empty record that ends a stream of `type`.
std::string endOfStream(unsigned char type);

// One FCGI_PARAMS name-value pair, lengths encoded as the specification says
// (one byte under 128, else four with the top bit set).
void appendParam(std::string& out, std::string_view name, std::string_view value);

struct Record {
  unsigned char type = 0;
  std::string content;  // without its padding
};

// A unix stream socket connected to `path` (close it), or -1 with errno set.
int connectUnix(const std::string& path);

// Writes all of `bytes` to `fd`; false when a write failed first.
bool writeAll(int fd, std::string_view bytes);

// The next record from `fd`, or nullopt when the connection failed or
// closed first.
std::optional<Record> readRecord(int fd);

// The protocolStatus of an FCGI_END_REQUEST record's content (0 is
// FCGI_REQUEST_COMPLETE), or -1 when the content is too short.
int endRequestProtocolStatus(const Record& endRequest);

}  // namespace userimg::testing::fcgi_wire
