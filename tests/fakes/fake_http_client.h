#pragma once
// FakeHttpClient: a scripted net::HttpClient. Each send() records the request
// and returns the next scripted outcome (a response or a failed Status); with
// nothing scripted it answers 500. Header-only; thread-safe.
//
//   auto http = std::make_unique<fakes::FakeHttpClient>();
//   http->respond(200, R"({"result": "ok"})");
//   auto* seen = http.get();            // borrowed: the store will own it
//   Store store(config, std::move(http), clock);
//   ... seen->requests()[0].url ...

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "net/http_client.h"

namespace userimg::fakes {

class FakeHttpClient final : public net::HttpClient {
 public:
  // Scripts an answer with `status` and `body`.
  void respond(int status, std::string body) {
    net::HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = std::move(body);
    script(std::move(response));
  }
  // Scripts any outcome, a transport failure included.
  void script(core::Result<net::HttpResponse> outcome) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(outcome));
  }

  core::Result<net::HttpResponse> send(const net::HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (script_.empty()) {
      net::HttpResponse unscripted;
      unscripted.status = 500;
      unscripted.body = R"({"error": {"message": "FakeHttpClient: nothing scripted"}})";
      return unscripted;
    }
    core::Result<net::HttpResponse> next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  // Every request sent so far, in order.
  std::vector<net::HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<core::Result<net::HttpResponse>> script_;
  std::vector<net::HttpRequest> requests_;
};

}  // namespace userimg::fakes
