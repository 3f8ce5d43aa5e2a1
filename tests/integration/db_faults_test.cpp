// The fault matrix's database faults (suite "db_faults", issue 12), on the
// nginx + MariaDB stack (integration.mysql.db_faults), each ending with the
// invariant checker (invariants.h):
//  - MariaDB shut down under load: every answer while it is down is a JSON
//    503 with Retry-After, given within a bound, none hangs; once it is back
//    the same userimg-fcgi serves again (no restart), no user is
//    duplicated, no image lost;
//  - MariaDB killed (SIGKILL) in the middle of a replace's transaction (the
//    failpoint "db.replace.before_commit" holds it there): the replace
//    answers 503, the previous image stays the user's and is served, the
//    new objects are taken back, and the next replace works.
//
//   USERIMG_IT_MARIADB_SCRIPT, USERIMG_IT_MARIADB_DIR  tests/integration/mariadb.sh
//                               and the server's directory: down / crash / up
//   USERIMG_IT_MYSQL_PORT, USERIMG_IT_MYSQL_DB  the stack's database
//   USERIMG_IT_FAILPOINTS       the stack's failpoints file

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <initializer_list>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integration/failpoints.h"
#include "integration/gc_support.h"
#include "integration/invariants.h"
#include "integration/it_support.h"

namespace userimg::it {
namespace {

using Clock = std::chrono::steady_clock;

// Longest a request may take while the database is down: the pool's
// connect attempt is refused at once, so seconds are plenty; a request
// that hangs instead fails the test.
constexpr double kAnswerBoundSeconds = 10.0;

// Appended piece by piece: GCC 12 at -O3 (bench/soak/run builds these
// tests in Release) takes `"..." + std::string&&` for an overlapping copy.
std::string words(std::initializer_list<std::string> pieces) {
  std::string joined;
  for (const std::string& piece : pieces) joined += piece;
  return joined;
}

void mariadb(const std::string& action) {
  std::string command = words({requireEnv("USERIMG_IT_MARIADB_SCRIPT"), " ", action, " ",
                               requireEnv("USERIMG_IT_MARIADB_DIR")});
  if (action == "up") command += words({" ", requireEnv("USERIMG_IT_MYSQL_PORT")});
  command += " >/dev/null";
  const int status = std::system(command.c_str());
  if (status != 0) CPPUNIT_FAIL("'" + command + "' failed (status " + std::to_string(status) + ")");
}

// One SQL query's single value, through the mariadb client as the test account.
std::string sqlValue(const std::string& query) {
  const std::string command =
      words({"mariadb --no-defaults -N -B -h127.0.0.1 -P", requireEnv("USERIMG_IT_MYSQL_PORT"),
             " -uuserimg -puserimg-test ", requireEnv("USERIMG_IT_MYSQL_DB"), " -e \"", query,
             "\" 2>&1"});
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) CPPUNIT_FAIL("cannot run the mariadb client");
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  const int status = ::pclose(pipe);
  if (status != 0) CPPUNIT_FAIL("'" + query + "': " + out);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

Reply replace(const std::string& token, int width, bool surfaceA) {
  return uploadProfilePng(token, pngImage(width, 80), surfaceA);
}

// One answer under load, with how long it took.
struct Timed {
  Reply reply;
  double seconds = 0;
  bool fault = false;  // sent while the database was down
};

// Client threads running `client(worker)` until stop() or destruction.
class Load {
 public:
  Load(int workers, const std::function<void(int, const std::atomic<bool>&)>& client) {
    for (int worker = 0; worker < workers; ++worker) {
      threads_.emplace_back([this, client, worker] { client(worker, stop_); });
    }
  }
  ~Load() { stop(); }
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  void stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

class DbFaultsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DbFaultsTest);
  CPPUNIT_TEST(testShutDownUnderLoadAnswers503ThenServesAgain);
  CPPUNIT_TEST(testKilledInAReplacesTransactionKeepsThePreviousImage);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override {
    disarmFailpoints();
    // Whatever happened, leave MariaDB up for the next test and stack.
    const std::string probe =
        words({"mariadb-admin --no-defaults -h127.0.0.1 -P", requireEnv("USERIMG_IT_MYSQL_PORT"),
               " -uuserimg -puserimg-test ping >/dev/null 2>&1"});
    if (std::system(probe.c_str()) != 0) mariadb("up");
  }

  void testShutDownUnderLoadAnswers503ThenServesAgain() {
    std::vector<std::string> tokens;
    for (int i = 0; i < 4; ++i) {
      tokens.push_back(mintToken(uniqueUserId("dbf-load")));
      Reply up = replace(tokens.back(), 100 + i, i % 2 == 0);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(up.describe(), 200, up.status);
    }
    // Users first seen while the database is down: provisioned once, later.
    const std::string newcomerId = uniqueUserId("dbf-new");
    const std::string newcomer = mintToken(newcomerId);

    std::atomic<bool> down{false};
    std::mutex mutex;
    std::vector<Timed> answers;
    std::vector<std::string> failures;
    auto client = [&](int worker, const std::atomic<bool>& stop) {
      for (int n = 0; !stop; ++n) {
        const std::string& token = tokens[(worker + n) % tokens.size()];
        const bool fault = down;
        const auto start = Clock::now();
        Reply reply;
        try {
          switch (n % 4) {
            case 0:
              reply = get("/api/resume/user-images/", token);
              break;
            case 1:
              reply = get("/users/me", token);
              break;
            case 2:
              reply = replace(token, 90 + n % 50, worker % 2 == 0);
              break;
            default:
              reply = get("/users/me", newcomer);
              break;
          }
        } catch (const std::exception& e) {  // no answer at all
          std::lock_guard lock(mutex);
          failures.push_back(e.what());
          continue;
        }
        const double took = std::chrono::duration<double>(Clock::now() - start).count();
        std::lock_guard lock(mutex);
        answers.push_back({std::move(reply), took, fault || down});
      }
    };
    Load load(4, client);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    down = true;
    mariadb("down");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    mariadb("up");
    down = false;
    // The same process serves again without a restart.
    const bool back = eventually([&] { return get("/users/me", newcomer).status == 200; }, 30.0);
    load.stop();
    CPPUNIT_ASSERT_MESSAGE("userimg-fcgi does not serve again once MariaDB is back", back);
    CPPUNIT_ASSERT_MESSAGE("requests without an answer: " + (failures.empty() ? "" : failures[0]),
                           failures.empty());

    int refused = 0;
    double slowest = 0;
    for (const Timed& answer : answers) {
      const Reply& reply = answer.reply;
      slowest = std::max(slowest, answer.seconds);
      CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(answer.seconds) + " s: " + reply.describe(),
                             answer.seconds < kAnswerBoundSeconds);
      if (reply.status == 200) continue;
      CPPUNIT_ASSERT_MESSAGE("answered while the database was up: " + reply.describe(),
                             answer.fault);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 503, reply.status);
      assertFaultAnswer(reply, reply.path.rfind("/api/", 0) == 0 ? "error" : "detail");
      ++refused;
    }
    CPPUNIT_ASSERT_MESSAGE(
        "no request met the database down (" + std::to_string(answers.size()) + " answers)",
        refused > 0);

    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         sqlValue("SELECT COUNT(*) FROM users WHERE id = '" + newcomerId + "'"));
    for (const std::string& token : tokens) {
      Reply again = replace(token, 140, false);
      CPPUNIT_ASSERT_EQUAL_MESSAGE("after the outage: " + again.describe(), 200, again.status);
    }
    tokens.push_back(newcomer);
    checkInvariants(tokens);
  }

  void testKilledInAReplacesTransactionKeepsThePreviousImage() {
    const std::string token = mintToken(uniqueUserId("dbf-kill"));
    Reply first = replace(token, 300, false);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.describe(), 200, first.status);
    const std::string before = currentImages(token).profile;
    const std::vector<std::string> oldUrls = mediaUrlsOf(token);
    const auto filesBefore = mediaFiles();

    armFailpoints({"db.replace.before_commit pause"});
    auto held = std::async(std::launch::async, [&] { return replace(token, 320, true); });
    awaitFailpoint("db.replace.before_commit");
    mariadb("crash");
    // The old objects are still there for the web server while the
    // database is gone and the transaction is lost.
    for (const std::string& url : oldUrls) assertMediaServed(url);
    mariadb("up");
    disarmFailpoints();  // the held replace goes on to its commit
    const Reply lost = held.get();

    CPPUNIT_ASSERT_EQUAL_MESSAGE("the replace whose transaction died: " + lost.describe(), 503,
                                 lost.status);
    assertFaultAnswer(lost, "error");
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the previous image after the crash", before,
                                 currentImages(token).profile);
    for (const std::string& url : oldUrls) assertMediaServed(url);
    const auto extra = added(filesBefore, mediaFiles());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("objects of the lost replace left: " + join(extra), std::size_t{0},
                                 extra.size());
    checkInvariants({token});
    Reply next = replace(token, 200, false);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the next replace: " + next.describe(), 200, next.status);
    checkInvariants({token});
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DbFaultsTest, "db_faults");

}  // namespace
}  // namespace userimg::it
