#include "server_support.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <sstream>

namespace userimg::cloudinary_server {

Reply error(int status, const std::string& message) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  Poco::JSON::Object::Ptr inner = new Poco::JSON::Object;
  inner->set("message", message);
  body->set("error", inner);
  return {status, body};
}

void send(Poco::Net::HTTPServerResponse& response, const Reply& reply) {
  std::ostringstream text;
  reply.json->stringify(text);
  const std::string body = text.str();
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  response.setContentType("application/json; charset=utf-8");
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

std::string iso8601(std::int64_t secondsSinceEpoch) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(secondsSinceEpoch),
                                         "%Y-%m-%dT%H:%M:%SZ");
}

std::string hexDigest(const std::string& data, bool sha256) {
  if (sha256) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(data);
    return Poco::DigestEngine::digestToHex(engine.digest());
  }
  Poco::SHA1Engine engine;
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string randomHex(std::size_t length) {
  std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id.substr(0, length);
}

std::string field(const Fields& fields, const std::string& name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

void FilePart::handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) {
  std::string disposition;
  Poco::Net::NameValueCollection params;
  Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition,
                                            params);
  name = params.get("name", "");
  filename = params.get("filename", "");
  seen = true;
  char buffer[8192];
  while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
    total += stream.gcount();
    if (total <= maxBytes_) data.append(buffer, static_cast<std::size_t>(stream.gcount()));
  }
}

}  // namespace userimg::cloudinary_server
