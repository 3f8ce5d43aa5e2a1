#include "fcgi/fcgi_client.h"

#include "core/fd.h"
#include "support/fcgi_wire.h"

namespace userimg::fcgi::testing {

namespace wire = userimg::testing::fcgi_wire;

std::optional<std::string> fcgiRequest(const std::string& socketPath,
                                       const std::map<std::string, std::string>& params,
                                       const std::string& body) {
  const core::UniqueFd fd(wire::connectUnix(socketPath));
  if (fd.get() < 0) return std::nullopt;
  std::string pairs;
  for (const auto& [name, value] : params) wire::appendParam(pairs, name, value);
  const std::string out = wire::beginRequest() + wire::streamRecords(wire::kParams, pairs) +
                          wire::endOfStream(wire::kParams) +
                          wire::streamRecords(wire::kStdin, body) + wire::endOfStream(wire::kStdin);
  if (!wire::writeAll(fd.get(), out)) return std::nullopt;
  std::string response;
  while (auto record = wire::readRecord(fd.get())) {
    if (record->type == wire::kStdout) response += record->content;
    if (record->type == wire::kEndRequest) return response;
  }
  return std::nullopt;
}

std::string cgiBody(const std::string& response) {
  const std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

}  // namespace userimg::fcgi::testing
