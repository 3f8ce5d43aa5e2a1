#include "http/cgi_request.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <string_view>
#include <utility>
#include <vector>

namespace userimg::http {
namespace {

using Headers = decltype(Request::headers);

// "HTTP_X_FORWARDED_FOR" -> "x-forwarded-for" into `name` (ASCII only: CGI
// names are).
void assignHeaderName(std::string_view cgiName, std::string& name) {
  name.assign(cgiName);
  for (char& c : name) {
    if (c == '_') {
      c = '-';
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
}

// Header nodes of the requests this thread parsed before, with their
// strings' capacity: a worker parses request after request, and its next
// one mostly has the same headers, so they cost no allocation. At most
// kSpareNodes are kept, for as long as the thread lives (bounded by the
// web server's limit on a request's headers).
class HeaderNodes {
 public:
  // Moves every header of `headers` to the spare nodes.
  void reclaim(Headers& headers) {
    while (!headers.empty()) keep(headers.extract(headers.begin()));
  }

  // Sets header `cgiName` (without "HTTP_") to `value`; a repeated name
  // keeps the last value.
  void set(Headers& headers, std::string_view cgiName, std::string_view value) {
    if (spare_.empty()) {
      std::string name;
      assignHeaderName(cgiName, name);
      headers.insert_or_assign(std::move(name), std::string(value));
      return;
    }
    Headers::node_type node = std::move(spare_.back());
    spare_.pop_back();
    assignHeaderName(cgiName, node.key());
    node.mapped().assign(value);
    auto placed = headers.insert(std::move(node));
    if (!placed.inserted) {
      placed.position->second.swap(placed.node.mapped());
      keep(std::move(placed.node));
    }
  }

 private:
  static constexpr std::size_t kSpareNodes = 32;

  void keep(Headers::node_type node) {
    if (spare_.size() < kSpareNodes) spare_.push_back(std::move(node));
  }

  std::vector<Headers::node_type> spare_;
};

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

// The field of `vars` that CGI variable `name` fills, or null. Picked by
// length first: a request has some 25 variables, most of them unused here.
std::string_view* fieldFor(std::string_view name, CgiVariables& vars) {
  const auto is = [name](std::string_view known) { return name == known; };
  switch (name.size()) {
    case 9:
      return is("PATH_INFO") ? &vars.pathInfo : is("UNIQUE_ID") ? &vars.uniqueId : nullptr;
    case 10:
      return is("REQUEST_ID") ? &vars.requestId : nullptr;
    case 11:
      return is("REQUEST_URI") ? &vars.requestUri : is("SCRIPT_NAME") ? &vars.scriptName : nullptr;
    case 12:
      return is("QUERY_STRING")   ? &vars.queryString
             : is("CONTENT_TYPE") ? &vars.contentType
                                  : nullptr;
    case 14:
      return is("REQUEST_METHOD")   ? &vars.method
             : is("CONTENT_LENGTH") ? &vars.contentLength
                                    : nullptr;
    case 27:
      return is("REDIRECT_HTTP_AUTHORIZATION") ? &vars.redirectedAuthorization[0] : nullptr;
    case 36:
      return is("REDIRECT_REDIRECT_HTTP_AUTHORIZATION") ? &vars.redirectedAuthorization[1]
                                                        : nullptr;
    default:
      return nullptr;
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
  thread_local HeaderNodes nodes;
  nodes.reclaim(out.headers);
  for (const char* const* entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = text.substr(0, eq);
    const std::string_view value = text.substr(eq + 1);
    if (name.starts_with("HTTP_")) {
      nodes.set(out.headers, name.substr(5), value);
    } else if (std::string_view* field = fieldFor(name, vars)) {
      *field = value;
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
