#pragma once
// The Cloudinary test server's request handler: routes one request to the
// control, state, failure-injection, Upload API, Admin API or delivery code.
// See cloudinary_test_server.h for the endpoints. One handler per request;
// the shared ServerState outlives it.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server_state.h"

namespace userimg::cloudinary_server {

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestHandler(std::shared_ptr<ServerState> state) : state_(std::move(state)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  using Fields = std::vector<std::pair<std::string, std::string>>;
  using Refusal = std::optional<std::pair<int, std::string>>;

  void route(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void control(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void injectFailure(const Failure& failure, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response);
  // Upload API and Admin API calls (endpoints.cpp); each reads the request.
  void upload(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void destroy(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void list(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri,
            Poco::Net::HTTPServerResponse& response);
  void deliver(const std::string& rest, Poco::Net::HTTPServerResponse& response);
  // The Admin API's ping: {"status": "ok"} to basic auth with the right key.
  void ping(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

  // 400 when the secret was sent: in the URL, a header, a field.
  Refusal refuseSecret(const Poco::Net::HTTPServerRequest& request, const Fields& fields,
                       bool basicAuthAllowed) const;
  // The Admin API's checks: basic auth with the API key and secret, and
  // the secret nowhere in the URL.
  Refusal checkBasicAuth(const Poco::Net::HTTPServerRequest& request) const;
  // Cloudinary's checks of a signed call: api_key, timestamp, signature.
  Refusal checkSigned(const Fields& fields) const;

  std::shared_ptr<ServerState> state_;
};

}  // namespace userimg::cloudinary_server
