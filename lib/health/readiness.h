#pragma once
// Readiness: whether this process can serve requests now (GET /readyz).
// A list of named checks (health/checks.h: the database and its schema,
// the storage, the deletion queue), all run on each evaluation; the
// answer is reused for `cacheFor`, so a probe every few hundred
// milliseconds from every load balancer costs one evaluation a second.
//
//   Readiness ready({databaseCheck(db), storageCheck(store)}, 1000ms);
//   ReadinessReport report = ready.evaluate();   // report.failures: what failed
//
// Thread-safe: evaluate() may be called from every worker at once; one
// thread evaluates while the others wait for its answer (the checks are
// never run twice at once). A check that throws counts as failed.

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"

namespace userimg::health {

struct Check {
  std::string name;  // "database", "storage", "deletion_queue"
  std::function<core::Status()> run;
};

struct Failure {
  std::string check;
  std::string message;  // Status::message(): never a secret
};

struct ReadinessReport {
  bool ready() const { return failures.empty(); }
  std::vector<Failure> failures;  // in the order of the checks
};

class Readiness {
 public:
  using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

  // `now` is for tests (default: std::chrono::steady_clock::now).
  Readiness(std::vector<Check> checks, std::chrono::milliseconds cacheFor, SteadyNow now = {});

  // The last report when younger than cacheFor, else a new one.
  ReadinessReport evaluate();

 private:
  std::vector<Check> checks_;
  std::chrono::milliseconds cacheFor_;
  SteadyNow now_;
  std::mutex mutex_;  // held while evaluating: guards the two below
  bool evaluated_ = false;
  std::chrono::steady_clock::time_point at_{};
  ReadinessReport last_;
};

}  // namespace userimg::health
