# shellcheck shell=bash
# The sanitizer runs of scripts/test (source it; functions only). What runs
# under which sanitizer, and why (the time budget of scripts/test): the
# README's "Tests under sanitizers". Each *_build function configures and
# builds a tree; each *_run function runs its tests in a tree already built
# and fails on a test failure or on any sanitizer report. (They are called
# as `f ... || rc=$?`, where set -e does not apply: every step says
# `|| return 1` itself.)

# ---- ThreadSanitizer: the unit suites of the threaded parts ----------------
#   core     the failpoints, scratch directories, logging, the image turn
#            gate (core::TurnGate)
#   fcgi     the FastCGI worker pool: concurrent requests, stop() in flight
#   auth     the token cache (concurrent finds, inserts, evictions) and the
#            JWT verifier
#   db       the session pool and the repository's concurrent tests, on
#            SQLite (db) and on the private MariaDB of the `mariadb`
#            fixture (db_mysql)
#   service  the sweeper (deletion_sweeper), the rate limit, concurrent
#            removers and replaces
#   health   the health checks under concurrent requests
#   fakes    what the service suites are built against
sanitizer_tsan_build() {
  local build_dir=$1 jobs=$2
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUSERIMG_SANITIZE=thread \
    -DUSERIMG_FAILPOINTS=ON -DUSERIMG_WERROR=ON "-DUSERIMG_UNIT_MODULES=core;auth;db;service;health;fcgi;fakes" ||
    return 1
  cmake --build "$build_dir" -j"$jobs" --target userimg_unit_tests || return 1
}

sanitizer_tsan_run() {
  local build_dir=$1
  # halt_on_error: the first race fails its suite at once, with its report.
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -L "^(unit|mysql)$"
}

# ---- AddressSanitizer + UndefinedBehaviorSanitizer --------------------------
# Every unit suite, and the integration tests of the nginx stacks on both
# databases: every default suite (web_server's kills included), the fault
# matrix, the MariaDB faults, regenerate and gc, and the Cloudinary backend
# against its stand-in. Their fixtures (the private MariaDB, the stacks, the
# stand-in) come with them. A whole scripts/test runs these here only, not
# also in the main build (sanitizer_asan_tests_excluded).
SANITIZER_ASAN_TESTS='^unit\.|^integration\.((sqlite|mysql)\.(api|faults|regenerate)|mysql\.db_faults|sqlite\.gc|cloudinary\.[a-z]+)$'

# Everything, with clang (with both sanitizers GCC 12 takes twice as long to
# build it), at -O1 with assertions on and the failpoints compiled in.
sanitizer_asan_build() {
  local build_dir=$1 jobs=$2
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DCMAKE_C_FLAGS_DEBUG=-O1 -DUSERIMG_SANITIZE=address,undefined \
    -DUSERIMG_FAILPOINTS=ON -DUSERIMG_WERROR=ON -UUSERIMG_UNIT_MODULES || return 1
  cmake --build "$build_dir" -j"$jobs" || return 1
}

# Runs SANITIZER_ASAN_TESTS. Every report of every process the tests run
# (the suites, userimg-fcgi behind nginx, userimgctl, the stand-in) goes to
# BUILD_DIR/sanitizer-reports/ (log_path), so that a report from a server
# whose stderr nobody reads is not missed; any report fails the run, and
# all are printed at the end. Leaks in libraries that are not ours:
# tests/sanitizers/lsan.supp.
sanitizer_asan_run() {
  local build_dir=$1 reports rc=0
  reports=$(realpath "$build_dir")/sanitizer-reports
  rm -rf "$reports"
  mkdir -p "$reports"
  # halt_on_error: a report ends the process that made it (a suite fails at
  # once; a server's report fails the run below).
  ASAN_OPTIONS="log_path=$reports/asan halt_on_error=1 detect_leaks=1 check_initialization_order=1 ${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="log_path=$reports/ubsan halt_on_error=1 print_stacktrace=1 ${UBSAN_OPTIONS:-}" \
    LSAN_OPTIONS="suppressions=$(realpath tests/sanitizers/lsan.supp) print_suppressions=0 ${LSAN_OPTIONS:-}" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -R "$SANITIZER_ASAN_TESTS" ||
    rc=$?

  local report found=0
  for report in "$reports"/*; do
    [[ -f $report ]] || continue
    found=1
    echo "==== sanitizer report: $report" >&2
    cat "$report" >&2
  done
  if ((found)); then
    echo "sanitizers: the reports above came from processes the tests ran" >&2
    ((rc != 0)) || rc=1
  fi
  return "$rc"
}
