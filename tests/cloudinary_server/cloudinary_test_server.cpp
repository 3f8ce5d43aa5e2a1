#include "cloudinary_test_server.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include "request_handler.h"
#include "server_state.h"

namespace userimg::cloudinary_server {
namespace {

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(std::shared_ptr<ServerState> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(state_);  // Poco takes ownership
  }

 private:
  std::shared_ptr<ServerState> state_;
};

}  // namespace

struct CloudinaryTestServer::Running {
  Poco::ThreadPool pool{2, 32};
  std::unique_ptr<Poco::Net::HTTPServer> server;
};

CloudinaryTestServer::CloudinaryTestServer(Options options)
    : options_(std::move(options)), state_(std::make_shared<ServerState>(options_)) {}

CloudinaryTestServer::~CloudinaryTestServer() {
  stop();
}

void CloudinaryTestServer::start() {
  if (running_) return;
  auto running = std::make_unique<Running>();
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", options_.port), 64);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(32);
  params->setMaxQueued(64);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(30, 0));
  running->server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(state_),
                                                            running->pool, socket, params);
  running->server->start();
  {
    std::lock_guard lock(state_->mutex);
    state_->port = socket.address().port();
    state_->stopping = false;
  }
  running_ = std::move(running);
}

void CloudinaryTestServer::stop() {
  if (!running_) return;
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  running_->server->stopAll(true);
  running_->server.reset();
  running_->pool.joinAll();
  running_.reset();
}

std::uint16_t CloudinaryTestServer::port() const {
  std::lock_guard lock(state_->mutex);
  return state_->port;
}

std::string CloudinaryTestServer::baseUrl() const {
  std::lock_guard lock(state_->mutex);
  return state_->baseUrl();
}

void CloudinaryTestServer::failNext(const std::string& mode, int count, const std::string& match,
                                    int delayMs) {
  std::lock_guard lock(state_->mutex);
  state_->failure = Failure{mode, count, match, delayMs};
}

void CloudinaryTestServer::setNow(std::int64_t secondsSinceEpoch) {
  std::lock_guard lock(state_->mutex);
  state_->fixedNow = secondsSinceEpoch;
}

Poco::JSON::Object::Ptr CloudinaryTestServer::state() const {
  std::lock_guard lock(state_->mutex);
  return state_->toJson();
}

}  // namespace userimg::cloudinary_server
