#pragma once
// Small pieces shared by the Cloudinary test server's handlers: Cloudinary's
// error body, JSON answers, digests, form field lookup and a capped
// multipart file collector.

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/PartHandler.h>

#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace userimg::cloudinary_server {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 200;
  Poco::JSON::Object::Ptr json;
};

// {"error": {"message": message}} with `status`.
Reply error(int status, const std::string& message);
// Sends `reply` as JSON.
void send(Poco::Net::HTTPServerResponse& response, const Reply& reply);
// "2024-05-01T12:00:00Z"
std::string iso8601(std::int64_t secondsSinceEpoch);
// Lower-case hex SHA-256 (when sha256) or SHA-1 of `data`, with Poco's engines
// (independent of the OpenSSL code under test).
std::string hexDigest(const std::string& data, bool sha256);
// `length` random hex digits.
std::string randomHex(std::size_t length);
// The first value of `name`; empty when absent.
std::string field(const Fields& fields, const std::string& name);

// Collects the file part of a multipart body, keeping at most maxBytes.
class FilePart : public Poco::Net::PartHandler {
 public:
  explicit FilePart(std::int64_t maxBytes) : maxBytes_(maxBytes) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override;

  bool seen = false;
  std::string name;
  std::string filename;
  std::string data;
  std::int64_t total = 0;  // bytes received, kept or not

 private:
  std::int64_t maxBytes_;
};

}  // namespace userimg::cloudinary_server
