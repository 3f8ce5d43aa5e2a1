// boundaryOf(): the Content-Type side of the parser.

#include <Poco/Exception.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>

#include <string>

#include "multipart/form_parser.h"

namespace userimg::multipart {
namespace {

// RFC 2046 section 5.1.1: a boundary is 1 to 70 characters.
constexpr std::size_t kMaxBoundaryLength = 70;

// RFC 2046 bchars: digits, letters, "'()+_,-./:=?" and space. (A trailing
// space cannot reach us: splitParameters trims values.)
bool isBoundaryChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '\'':
    case '(':
    case ')':
    case '+':
    case '_':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case '=':
    case '?':
    case ' ':
      return true;
    default:
      return false;
  }
}

}  // namespace

core::Result<std::string> boundaryOf(std::string_view contentType) {
  std::string mediaType;
  Poco::Net::NameValueCollection parameters;
  try {
    Poco::Net::MessageHeader::splitParameters(std::string(contentType), mediaType, parameters);
  } catch (const Poco::Exception&) {
    return core::Status::invalidArgument("Content-Type is not a valid multipart/form-data type");
  }
  if (Poco::icompare(Poco::trim(mediaType), std::string("multipart/form-data")) != 0) {
    return core::Status::invalidArgument("Content-Type must be multipart/form-data");
  }
  // NameValueCollection looks names up case-insensitively.
  const std::string boundary = parameters.get("boundary", "");
  if (boundary.empty()) {
    return core::Status::invalidArgument("Content-Type has no multipart boundary");
  }
  if (boundary.size() > kMaxBoundaryLength) {
    return core::Status::invalidArgument("Multipart boundary is longer than 70 characters");
  }
  for (char c : boundary) {
    if (!isBoundaryChar(c)) {
      return core::Status::invalidArgument("Multipart boundary contains an invalid character");
    }
  }
  return boundary;
}

}  // namespace userimg::multipart
