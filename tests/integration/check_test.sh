#!/usr/bin/env bash
# `userimgctl check`, the real binary on real files: a deployment that
# passes (exit 0, every line OK), then one failure at a time, each a FAIL
# line naming it with its fix and exit 1: a configuration that does not
# load, a missing SQLite database, an unmigrated one, an unreachable
# MariaDB, a storage root the service user cannot write, one the web
# server's user cannot read, a socket of the wrong mode, of the wrong
# group, and none at all; with Cloudinary storage, credentials the
# Cloudinary stand-in (on 127.0.0.1:PORT) accepts, and ones it refuses.
#
#   check_test.sh DIR BUILD PORT
#
# Needs root (it gives files to the users nobody and www-data, as the
# service user and the web server's user); exits 77 (skipped) otherwise.
# Its files are under DIR and a private directory under /var/tmp (which
# those users can reach), removed on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=check
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 3)) || stack_die "usage: $0 DIR BUILD PORT"
if ((EUID != 0)); then
  echo "check: SKIPPED: needs root (chown to nobody and www-data)" >&2
  exit 77
fi
id nobody >/dev/null && id www-data >/dev/null || stack_die "the users nobody and www-data must exist"
mkdir -p "$1"
dir=$(cd "$1" && pwd)
ctl=$(cd "$2" && pwd)/fcgi-app/userimgctl
[[ -x $ctl ]] || stack_die "$ctl is not built"
cld_server=$(cd "$2" && pwd)/tests/cloudinary_server/cloudinary-test-server
cld_port=$3
base=$(mktemp -d /var/tmp/userimg-check.XXXXXX)
trap 'stack_stop_pidfile "$base/cloudinary.pid" 5 || true; rm -rf "$base"' EXIT
chmod 0711 "$base"
root=$base/media sock=$base/run/userimg.sock db=$base/userimg.db

failures=0
fail() {
  echo "check: FAIL: $*" >&2
  failures=$((failures + 1))
}

# write_ini FILE [EXTRA]: a configuration for the files under $base.
write_ini() {
  cat >"$1" <<EOF
[server]
listen = $sock
socket_mode = 0660
socket_group = www-data
[jwt]
secret = userimg-check-test-secret-0123456789
[database]
driver = sqlite
sqlite_path = $db
[storage]
root = $root
${2:-}
EOF
}

# run NAME INI [ARGS...]: runs the check; its output in $out, status in $rc.
run() {
  local name=$1 ini=$2
  shift 2
  rc=0
  out=$("$ctl" --config "$ini" check --service-user nobody --web-user www-data "$@" 2>&1) || rc=$?
  printf '%s\n' "---- $name (exit $rc)" "$out" >>"$dir/check.out"
}

# expect NAME CODE PATTERN...: the last run exited CODE and printed a line
# matching each grep -E PATTERN.
expect() {
  local name=$1 code=$2 pattern
  shift 2
  [[ $rc == "$code" ]] || fail "$name: exit $rc, not $code: $out"
  for pattern in "$@"; do
    grep -qE -- "$pattern" <<<"$out" || fail "$name: no line /$pattern/ in: $out"
  done
}

# A socket file (bound, not listening: check only looks at it).
make_socket() {
  rm -f "$sock"
  python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$sock"
  chgrp "$1" "$sock"
  chmod "$2" "$sock"
}

: >"$dir/check.out"
good=$dir/good.ini
write_ini "$good"
mkdir -p "$root" "$base/run"
chown nobody:www-data "$root"
chmod 2750 "$root"
make_socket www-data 0660
"$ctl" --config "$good" migrate >>"$dir/check.out" 2>&1 || stack_die "userimgctl migrate failed"

run "a good deployment" "$good"
expect "a good deployment" 0 "^OK  configuration $good$" "^OK  database sqlite $db at schema version" \
  "^OK  storage root $root writable by nobody$" "^OK  storage root $root readable by www-data$" \
  "^OK  socket $sock \(group www-data, mode 0660\)$" "^OK  socket $sock reachable by www-data$"
if grep -q '^FAIL' <<<"$out"; then fail "a good deployment printed a FAIL: $out"; fi

printf '[server]\nbacklog = zero\n' >"$dir/broken.ini"
run "a broken configuration" "$dir/broken.ini"
expect "a broken configuration" 1 "^FAIL configuration $dir/broken.ini: .*server\.backlog"

write_ini "$dir/nodb.ini" "[database]
sqlite_path = $base/absent.db"
run "a missing database" "$dir/nodb.ini"
expect "a missing database" 1 "^FAIL database sqlite $base/absent.db: .*userimgctl migrate" \
  "^OK  storage root"
[[ ! -e $base/absent.db ]] || fail "check created the missing database"

: >"$base/empty.db"
write_ini "$dir/unmigrated.ini" "[database]
sqlite_path = $base/empty.db"
run "an unmigrated database" "$dir/unmigrated.ini"
expect "an unmigrated database" 1 "^FAIL database sqlite $base/empty.db: .*userimgctl migrate"

write_ini "$dir/mysql.ini" "[database]
driver = mysql
host = 127.0.0.1
port = 1
password = check-test-db-password"
run "an unreachable MariaDB" "$dir/mysql.ini"
expect "an unreachable MariaDB" 1 "^FAIL database mysql userimg@127.0.0.1:1/userimg: "
if grep -q check-test-db-password <<<"$out"; then fail "the database password was printed"; fi

chown root:root "$root"
chmod 0755 "$root"
run "an unwritable storage root" "$good"
expect "an unwritable storage root" 1 \
  "^FAIL storage root $root writable by nobody: nobody has no w permission on $root .*chown nobody $root" \
  "^OK  storage root $root readable by www-data$"

chown nobody:nogroup "$root"
chmod 0700 "$root"
run "an unreadable storage root" "$good"
expect "an unreadable storage root" 1 "^OK  storage root $root writable by nobody$" \
  "^FAIL storage root $root readable by www-data: www-data has no rx permission on $root"
chown nobody:www-data "$root"
chmod 2750 "$root"

make_socket www-data 0666
run "a socket of the wrong mode" "$good"
expect "a socket of the wrong mode" 1 "^FAIL socket $sock \(group www-data, mode 0660\): its mode is 0666"

make_socket root 0660
run "a socket of the wrong group" "$good"
expect "a socket of the wrong group" 1 "^FAIL socket $sock .*not group www-data" \
  "^FAIL socket $sock reachable by www-data: www-data has no w permission"

rm -f "$sock"
run "no socket" "$good"
expect "no socket" 1 "^FAIL socket $sock .*does not exist: start the service"
run "no socket, --no-socket" "$good" --no-socket
expect "no socket, --no-socket" 0 "^OK  storage root"
if grep -q socket <<<"$out"; then fail "--no-socket still checked the socket: $out"; fi

# Cloudinary storage: the credentials are tried against the stand-in's
# Admin API ping (the probe /readyz uses); the secret is never printed.
stack_port_free "$cld_port" || stack_die "port 127.0.0.1:$cld_port is already in use"
CLOUDINARY_TEST_API_SECRET=check-cld-secret-42 setsid "$cld_server" --port "$cld_port" \
  --cloud-name check-cloud --api-key check-key </dev/null >>"$dir/cloudinary.log" 2>&1 &
echo $! >"$base/cloudinary.pid"
stack_wait_tcp 127.0.0.1 "$cld_port" 30 "$base/cloudinary.pid" || stack_die "the Cloudinary stand-in did not start"
write_ini "$dir/cloudinary.ini" "backend = cloudinary
[cloudinary]
delivery_prefix = http://127.0.0.1:$cld_port
connect_timeout_ms = 1000
timeout_ms = 3000
max_attempts = 1"
for secret in check-cld-secret-42 a-wrong-secret; do
  export CLOUDINARY_URL="cloudinary://check-key:$secret@check-cloud?upload_prefix=http://127.0.0.1:$cld_port"
  run "cloudinary, secret $secret" "$dir/cloudinary.ini" --no-socket
  unset CLOUDINARY_URL
  if [[ $secret == a-wrong-secret ]]; then
    expect "cloudinary, a wrong secret" 1 "^FAIL Cloudinary credentials \(Admin API ping\): .*401.*check CLOUDINARY_URL"
  else
    expect "cloudinary, the right secret" 0 "^OK  Cloudinary credentials \(Admin API ping\)$"
  fi
  if grep -q -- "$secret" <<<"$out"; then fail "check printed the Cloudinary secret: $out"; fi
  if grep -q "storage root" <<<"$out"; then fail "check looked at a local root with Cloudinary storage: $out"; fi
done

((failures == 0)) || {
  echo "check: $failures failure(s); every run is in $dir/check.out" >&2
  exit 1
}
echo "check: OK" >&2
