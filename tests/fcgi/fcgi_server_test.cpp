#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/temp_dir.h"
#include "fcgi/fcgi_client.h"
#include "fcgi_server.h"

namespace userimg::fcgi {
namespace {

using testing::cgiBody;
using testing::fcgiRequest;

// The params of a POST to /echo?id=<id> carrying `bodySize` bytes.
std::map<std::string, std::string> echoParams(const std::string& id, std::size_t bodySize) {
  return {{"REQUEST_METHOD", "POST"},
          {"REQUEST_URI", "/echo?id=" + id},
          {"SCRIPT_NAME", "/echo"},
          {"QUERY_STRING", "id=" + id},
          {"CONTENT_TYPE", "application/octet-stream"},
          {"CONTENT_LENGTH", std::to_string(bodySize)},
          {"SERVER_PROTOCOL", "HTTP/1.1"}};
}

// The answer of the echo handler: the request's id, body size and the sum
// of its bytes, so that a body mixed up with another request's shows.
std::string echoAnswer(const std::string& id, const std::string& body) {
  unsigned sum = 0;
  for (const char c : body) sum += static_cast<unsigned char>(c);
  return id + " " + std::to_string(body.size()) + " " + std::to_string(sum);
}

// A body of `size` bytes that depends on `seed`.
std::string bodyFor(int seed, std::size_t size) {
  std::string body(size, '\0');
  for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>((seed * 31 + i * 7) & 0xff);
  return body;
}

class FcgiServerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FcgiServerTest);
  CPPUNIT_TEST(testConcurrentRequestsEachGetTheirOwnAnswer);
  CPPUNIT_TEST(testStopAnswersTheRequestsInFlightAndReturns);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(std::filesystem::temp_directory_path(), "fcgi-");
    CPPUNIT_ASSERT(dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    socket_ = (dir_->path() / "app.sock").string();
  }
  void tearDown() override { dir_.reset(); }

  // Eight clients at once against four workers, bodies from none to 200 KB
  // (several FastCGI records): every answer is its own request's, each
  // worker served some, and no request was answered twice.
  void testConcurrentRequestsEachGetTheirOwnAnswer() {
    std::mutex mutex;
    std::set<std::thread::id> workers;  // guarded by mutex
    std::atomic<int> served{0};
    FcgiServer server(config(4), [&](const http::Request& request) {
      std::string body(std::istreambuf_iterator<char>(*request.body), {});
      {
        std::lock_guard lock(mutex);
        workers.insert(std::this_thread::get_id());
      }
      ++served;
      http::Response response;
      response.status = 200;
      response.headers.emplace_back("Content-Type", "text/plain");
      response.body = echoAnswer(request.queryParam("id").value_or("?"), body);
      return response;
    });
    CPPUNIT_ASSERT(server.listen().isOk());
    std::thread serving([&] { server.run(); });

    constexpr int kClients = 8, kRequests = 30;
    std::atomic<int> wrong{0}, failed{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        for (int r = 0; r < kRequests; ++r) {
          const std::string id = std::to_string(c) + "-" + std::to_string(r);
          const std::string body = bodyFor(c * kRequests + r, (r % 5) * 50'000);
          auto answer = fcgiRequest(socket_, echoParams(id, body.size()), body);
          if (!answer) {
            ++failed;
          } else if (answer->rfind("Status: 200", 0) != 0 ||
                     cgiBody(*answer) != echoAnswer(id, body)) {
            ++wrong;
          }
        }
      });
    }
    for (std::thread& client : clients) client.join();
    server.stop();
    serving.join();

    CPPUNIT_ASSERT_EQUAL(0, failed.load());
    CPPUNIT_ASSERT_EQUAL(0, wrong.load());
    CPPUNIT_ASSERT_EQUAL(kClients * kRequests, served.load());
    CPPUNIT_ASSERT(workers.size() > 1);
    CPPUNIT_ASSERT(workers.size() <= 4);
    CPPUNIT_ASSERT(!std::filesystem::exists(socket_));  // run() removed its socket
  }

  // stop() while two requests are being handled: both are answered in full,
  // run() returns once they are, and a request after stop() is refused.
  void testStopAnswersTheRequestsInFlightAndReturns() {
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0;        // guarded by mutex
    bool release = false;  // guarded by mutex
    FcgiServer server(config(3), [&](const http::Request& request) {
      std::string body(std::istreambuf_iterator<char>(*request.body), {});
      std::unique_lock lock(mutex);
      ++inside;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
      http::Response response;
      response.status = 200;
      response.body = echoAnswer(request.queryParam("id").value_or("?"), body);
      return response;
    });
    CPPUNIT_ASSERT(server.listen().isOk());
    std::atomic<bool> returned{false};
    std::thread serving([&] {
      server.run();
      returned = true;
    });

    std::optional<std::string> answers[2];
    std::vector<std::thread> clients;
    for (int c = 0; c < 2; ++c) {
      clients.emplace_back([&, c] {
        const std::string body = bodyFor(c, 70'000);
        answers[c] = fcgiRequest(socket_, echoParams(std::to_string(c), body.size()), body);
      });
    }
    {
      std::unique_lock lock(mutex);
      CPPUNIT_ASSERT(changed.wait_for(lock, std::chrono::seconds(30), [&] { return inside == 2; }));
    }
    server.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CPPUNIT_ASSERT(!returned.load());  // still answering
    {
      std::lock_guard lock(mutex);
      release = true;
    }
    changed.notify_all();
    for (std::thread& client : clients) client.join();
    serving.join();

    for (int c = 0; c < 2; ++c) {
      CPPUNIT_ASSERT(answers[c].has_value());
      CPPUNIT_ASSERT_EQUAL(echoAnswer(std::to_string(c), bodyFor(c, 70'000)), cgiBody(*answers[c]));
    }
    CPPUNIT_ASSERT(!fcgiRequest(socket_, echoParams("late", 0), "").has_value());
  }

 private:
  config::ServerConfig config(int threads) const {
    config::ServerConfig config;
    config.listen = socket_;
    config.threads = threads;
    config.socketMode = 0600;
    return config;
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
  std::string socket_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FcgiServerTest, "fcgi");

}  // namespace
}  // namespace userimg::fcgi
