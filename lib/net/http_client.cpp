#include "net/http_client.h"

#include <Poco/String.h>

namespace userimg::net {

const char* httpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kDelete:
      return "DELETE";
  }
  return "GET";
}

std::string HttpResponse::header(std::string_view name) const {
  const std::string wanted(name);
  for (const auto& [headerName, value] : headers) {
    if (Poco::icompare(headerName, wanted) == 0) return value;
  }
  return {};
}

}  // namespace userimg::net
