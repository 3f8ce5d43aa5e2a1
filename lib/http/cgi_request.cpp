#include "http/cgi_request.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <string_view>

namespace userimg::http {
namespace {

// "HTTP_X_FORWARDED_FOR" -> "x-forwarded-for" (ASCII only: CGI names are).
std::string headerName(std::string_view cgiName) {
  std::string name(cgiName);
  for (char& c : name) {
    if (c == '_') {
      c = '-';
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return name;
}

// The CGI variables the request is made of besides HTTP_*.
struct CgiVariables {
  std::string_view method, requestUri, scriptName, pathInfo, queryString, contentType,
      contentLength;
  // The web server's request id: nginx's $request_id (as the shipped conf
  // names it) or mod_unique_id's.
  std::string_view requestId, uniqueId;
  // The Authorization header as Apache renames it after one or two internal
  // redirects (REDIRECT_HTTP_AUTHORIZATION, REDIRECT_REDIRECT_...).
  std::string_view redirectedAuthorization[2];
};

void take(std::string_view name, std::string_view value, CgiVariables& vars) {
  static constexpr std::pair<std::string_view, std::string_view CgiVariables::*> kNames[] = {
      {"REQUEST_METHOD", &CgiVariables::method},
      {"REQUEST_URI", &CgiVariables::requestUri},
      {"SCRIPT_NAME", &CgiVariables::scriptName},
      {"PATH_INFO", &CgiVariables::pathInfo},
      {"QUERY_STRING", &CgiVariables::queryString},
      {"CONTENT_TYPE", &CgiVariables::contentType},
      {"CONTENT_LENGTH", &CgiVariables::contentLength},
      {"REQUEST_ID", &CgiVariables::requestId},
      {"UNIQUE_ID", &CgiVariables::uniqueId},
  };
  for (const auto& [known, field] : kNames) {
    if (name == known) {
      vars.*field = value;
      return;
    }
  }
  if (name == "REDIRECT_HTTP_AUTHORIZATION") {
    vars.redirectedAuthorization[0] = value;
  } else if (name == "REDIRECT_REDIRECT_HTTP_AUTHORIZATION") {
    vars.redirectedAuthorization[1] = value;
  }
}

// Removes `prefix` from the front of `path` when it is a whole number of
// segments of it ("/app" is a prefix of "/app" and "/app/x", not "/apple").
void stripMountPrefix(const std::string& prefix, std::string& path) {
  if (prefix.empty() || path.compare(0, prefix.size(), prefix) != 0) return;
  if (path.size() == prefix.size()) {
    path = "/";
  } else if (path[prefix.size()] == '/') {
    path.erase(0, prefix.size());
  }
}

}  // namespace

bool requestFromCgi(const char* const* envp, const CgiOptions& options, Request& out) {
  CgiVariables vars;
  out.headers.clear();
  for (const char* const* entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = text.substr(0, eq);
    const std::string_view value = text.substr(eq + 1);
    if (name.substr(0, 5) == "HTTP_") {
      out.headers[headerName(name.substr(5))] = std::string(value);
    } else {
      take(name, value, vars);
    }
  }

  // Everything else from scratch too: `out` may be a reused Request.
  out.method.assign(vars.method);
  out.path.clear();
  out.query.clear();
  out.frontEndRequestId.clear();
  out.contentLength.reset();
  std::string_view uri = vars.requestUri;
  const bool encoded = !uri.empty();
  std::string composed;
  if (!encoded) {
    // CGI/1.1 proper: the server has decoded both already.
    composed = std::string(vars.scriptName).append(vars.pathInfo);
    uri = composed;
  }
  if (out.method.empty() || uri.empty()) return false;

  const std::size_t question = encoded ? uri.find('?') : std::string_view::npos;
  out.query.assign(question == std::string_view::npos ? vars.queryString
                                                      : uri.substr(question + 1));
  const std::string_view path = uri.substr(0, question);
  if (encoded && path.find('%') != std::string_view::npos) {
    try {
      Poco::URI::decode(std::string(path), out.path);
    } catch (const Poco::Exception&) {
      return false;
    }
  } else {
    out.path.assign(path);  // nothing to decode, or decoded by the server
  }
  if (out.path.empty() || out.path.front() != '/') return false;
  stripMountPrefix(options.mountPrefix, out.path);

  // An empty Authorization counts as absent (a rewrite recipe sets the
  // variable whether or not the client sent the header).
  if (auto it = out.headers.find("authorization"); it != out.headers.end() && it->second.empty()) {
    out.headers.erase(it);
  }
  if (out.headers.count("authorization") == 0) {
    for (std::string_view value : vars.redirectedAuthorization) {
      if (!value.empty()) {
        out.headers["authorization"] = std::string(value);
        break;
      }
    }
  }
  if (!vars.contentType.empty()) out.headers["content-type"] = std::string(vars.contentType);
  out.frontEndRequestId.assign(vars.requestId.empty() ? vars.uniqueId : vars.requestId);
  Poco::Int64 length = 0;
  if (const std::string text(vars.contentLength);
      !text.empty() && Poco::NumberParser::tryParse64(text, length) && length >= 0) {
    out.contentLength = length;
  }
  return true;
}

}  // namespace userimg::http
