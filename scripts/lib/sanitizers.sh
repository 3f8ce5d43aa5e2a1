# shellcheck shell=bash
# The sanitizer runs of scripts/test (source it; functions only).
#
# sanitizer_tsan BUILD_DIR JOBS: builds the unit tests of the threaded parts
# under ThreadSanitizer into BUILD_DIR and runs them; fails on a test
# failure or on any TSan report (a report makes the runner exit non-zero).
# What runs, and why only that (the time budget of scripts/test): the
# README's "Tests under sanitizers".
#   core     the failpoints, scratch directories, logging
#   auth     the token cache and JWT verifier
#   db       the session pool and the repository's concurrent tests, on
#            SQLite (db) and on the private MariaDB of the `mariadb`
#            fixture (db_mysql)
#   service  the sweeper (deletion_sweeper), the rate limit, concurrent
#            removers and replaces
#   health   the health checks under concurrent requests
#   fakes    what the service suites are built against
sanitizer_tsan() {
  local build_dir=$1 jobs=$2
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUSERIMG_SANITIZE=thread \
    -DUSERIMG_FAILPOINTS=ON "-DUSERIMG_UNIT_MODULES=core;auth;db;service;health;fakes" ||
    return 1
  # (Called as `sanitizer_tsan ... || rc=$?`, where set -e does not apply.)
  cmake --build "$build_dir" -j"$jobs" --target userimg_unit_tests || return 1
  # halt_on_error: the first race fails its suite at once, with its report.
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -L "^(unit|mysql)$"
}
