#!/usr/bin/env bash
# userimg-fcgi refuses to start, with exit status 1 and a message naming the
# problem, on: an unmigrated database, a token secret shorter than 16
# characters, a missing configuration file, a [server] socket_group that is
# no group, a [log] file that cannot be opened. And the same configuration,
# once migrated, does start.
#
#   startup_test.sh DIR BUILD_DIR FCGI_SLOW_CLIENT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=startup
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 3)) || stack_die "usage: $0 DIR BUILD_DIR FCGI_SLOW_CLIENT"
mkdir -p "$1"
dir=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
client=$3
fcgi=$build/fcgi-app/userimg-fcgi
ctl=$build/fcgi-app/userimgctl
sock=$dir/app.sock
[[ -x $fcgi && -x $ctl && -x $client ]] || stack_die "userimg-fcgi, userimgctl and $client must be built first"
stack_check_socket_path "$sock"

failures=0
fail() {
  echo "startup: FAIL: $*" >&2
  failures=$((failures + 1))
}

app_pid=""
cleanup() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

write_ini() { # write_ini FILE SECRET
  cat >"$1" <<EOF
[data]
dir = $dir/data
[server]
listen = $sock
threads = 2
[jwt]
secret = $2
[database]
driver = sqlite
sqlite_path = $dir/data/userimg.db
[storage]
root = $dir/media
EOF
}

# expect_refusal NAME PATTERN ARGS...: userimg-fcgi ARGS must exit 1 within
# 20 s, and its output must match PATTERN (case-insensitive).
expect_refusal() {
  local name=$1 pattern=$2 status=0 i
  shift 2
  "$fcgi" "$@" </dev/null >"$dir/$name.log" 2>&1 &
  app_pid=$!
  for ((i = 0; i < 200; i++)); do
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$app_pid" 2>/dev/null; then
    fail "$name: userimg-fcgi is still running after 20s (it should refuse to start)"
    kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    return
  fi
  wait "$app_pid" || status=$?
  app_pid=""
  ((status == 1)) || fail "$name: exit status $status, expected 1 ($(head -c 300 "$dir/$name.log"))"
  grep -qiE "$pattern" "$dir/$name.log" ||
    fail "$name: no message matching /$pattern/ in: $(head -c 300 "$dir/$name.log")"
}

rm -rf "${dir:?}/data" "${dir:?}/media"
rm -f "$sock"
mkdir -p "$dir/data" "$dir/media"

write_ini "$dir/good.ini" userimg-it-startup-secret-0123456789
expect_refusal unmigrated 'migrat' --config "$dir/good.ini"

write_ini "$dir/short-secret.ini" short
expect_refusal short-secret 'secret' --config "$dir/short-secret.ini"

expect_refusal missing-config 'no-such\.ini|not found|no such file|cannot' \
  --config "$dir/no-such.ini"

# userimg-fcgi carries the guard around liborc's code memory
# (lib/image/orc_guard.h): it exports the two functions libvips must reach.
for symbol in orc_program_compile orc_program_free; do
  nm -D --defined-only "$fcgi" | grep -qE " T $symbol\$" ||
    fail "userimg-fcgi does not export $symbol (lib/image/orc_guard.cpp is not linked in)"
done

# The control: migrated, the same configuration starts and serves.
"$ctl" --config "$dir/good.ini" migrate >"$dir/migrate.log" 2>&1 || fail "migrate: $(cat "$dir/migrate.log")"

# A socket group that does not exist, and a log file that cannot be opened.
{ cat "$dir/good.ini" && printf '[server]\nsocket_group = no-such-group-userimg\n'; } >"$dir/bad-group.ini"
expect_refusal bad-socket-group 'socket_group.*no-such-group-userimg' --config "$dir/bad-group.ini"
{ cat "$dir/good.ini" && printf '[log]\nfile = %s/no-such-dir/app.log\n' "$dir"; } >"$dir/bad-log.ini"
expect_refusal bad-log-file 'no-such-dir/app\.log' --config "$dir/bad-log.ini"
rm -f "$sock"
"$fcgi" --config "$dir/good.ini" </dev/null >"$dir/started.log" 2>&1 &
app_pid=$!
: >"$dir/empty"
if stack_wait_unix_socket "$sock" 20 && kill -0 "$app_pid" 2>/dev/null &&
  "$client" "$sock" "$dir/empty" 0 0 "$dir/probe.ready" REQUEST_METHOD=GET \
    REQUEST_URI=/users/me QUERY_STRING= >"$dir/probe.log" 2>&1; then
  grep -q '^Status: 401' "$dir/probe.log" ||
    fail "the migrated configuration: GET /users/me without a token answered $(head -c 200 "$dir/probe.log")"
  kill -TERM "$app_pid"
  status=0
  wait "$app_pid" || status=$?
  app_pid=""
  ((status == 0)) || fail "the migrated configuration: exit status $status after SIGTERM"
else
  fail "the migrated configuration did not start: $(head -c 300 "$dir/started.log")"
fi

if ((failures > 0)); then
  exit 1
fi
echo "startup: ok (unmigrated database, short secret, missing config, unknown socket group and unopenable log file refused with status 1)"
