#include "core/turn_gate.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace userimg::core {
namespace {

// Until `gate` has `count` waiters (or 5 s have passed).
bool waitForWaiters(const TurnGate& gate, int count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (gate.waiting() != count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

class TurnGateTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TurnGateTest);
  CPPUNIT_TEST(testRefusesAtOnceWhenTheQueueIsFull);
  CPPUNIT_TEST(testWaiterGetsTheReleasedTurn);
  CPPUNIT_TEST(testNoQueueRefusesWhenEveryTurnIsHeld);
  CPPUNIT_TEST(testTurnsAreReusable);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRefusesAtOnceWhenTheQueueIsFull() {
    TurnGate gate(1, 1);
    auto held = gate.enter();
    CPPUNIT_ASSERT(held.ok());
    std::atomic<bool> entered{false};
    std::thread waiter([&] {
      auto turn = gate.enter();
      entered = turn.ok();
    });
    CPPUNIT_ASSERT(waitForWaiters(gate, 1));
    const auto start = std::chrono::steady_clock::now();
    auto refused = gate.enter();
    CPPUNIT_ASSERT(!refused.ok());
    CPPUNIT_ASSERT(refused.status().code() == StatusCode::kUnavailable);
    CPPUNIT_ASSERT_MESSAGE("the refusal waited",
                           std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    { auto release = std::move(held.value()); }
    waiter.join();
    CPPUNIT_ASSERT(entered);
  }

  void testWaiterGetsTheReleasedTurn() {
    TurnGate gate(2, 4);
    std::optional<TurnGate::Turn> a(gate.enter().value());
    std::optional<TurnGate::Turn> b(gate.enter().value());
    std::atomic<int> done{0};
    std::thread waiter([&] {
      if (gate.enter().ok()) ++done;
    });
    CPPUNIT_ASSERT(waitForWaiters(gate, 1));
    CPPUNIT_ASSERT_EQUAL(0, done.load());
    a.reset();
    waiter.join();
    CPPUNIT_ASSERT_EQUAL(1, done.load());
    CPPUNIT_ASSERT_EQUAL(0, gate.waiting());
  }

  void testNoQueueRefusesWhenEveryTurnIsHeld() {
    TurnGate gate(1, 0);
    auto held = gate.enter();
    CPPUNIT_ASSERT(held.ok());
    CPPUNIT_ASSERT(!gate.enter().ok());
  }

  void testTurnsAreReusable() {
    TurnGate gate(1, 0);
    for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT(gate.enter().ok());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TurnGateTest, "core");

}  // namespace
}  // namespace userimg::core
