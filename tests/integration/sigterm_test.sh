#!/usr/bin/env bash
# Graceful shutdown: SIGTERM while an upload is still arriving lets that
# upload finish (200, stored, recorded) and userimg-fcgi then exits 0; an
# idle userimg-fcgi exits 0 promptly on SIGTERM; once it is gone, nginx (the
# shipped configuration) answers 502 in each surface's JSON shape.
#
#   sigterm_test.sh DIR SOURCE_DIR BUILD_DIR NGINX_PORT FCGI_SLOW_CLIENT
#
# Why FastCGI directly: nginx reads the whole request body before it passes
# the request on (fastcgi_request_buffering on), so a slow client through
# nginx never keeps a request in flight inside the app; and libfcgi's
# cgi-fcgi reads all of its input before it connects. fcgi_slow_client
# (fcgi_slow_client.cpp) connects, sends the params and the first bytes of
# the body, then the rest after a pause: the request is in flight, accepted
# by the app, while the test sends SIGTERM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=sigterm
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 5)) || stack_die "usage: $0 DIR SOURCE_DIR BUILD_DIR NGINX_PORT FCGI_SLOW_CLIENT"
mkdir -p "$1"
dir=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
port=$4
client=$5
fcgi=$build/fcgi-app/userimg-fcgi
ctl=$build/fcgi-app/userimgctl
sock=$dir/app.sock
[[ -x $fcgi && -x $ctl && -x $client ]] || stack_die "userimg-fcgi, userimgctl and $client must be built first"
command -v vips >/dev/null || stack_die "vips is missing (package libvips-tools: scripts/install-deps)"
stack_check_socket_path "$sock"

fail() {
  echo "sigterm: FAIL: $*" >&2
  for f in "$dir/app.log" "$dir/nginx/logs/error.log"; do
    [[ -s $f ]] && { echo "---- $f" >&2; tail -n 30 "$f" >&2; }
  done
  exit 1
}

app_pid=""
cleanup() {
  stack_stop_nginx "$dir/nginx" || true
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

stack_stop_nginx "$dir/nginx"
rm -rf "${dir:?}/data" "${dir:?}/media" "${dir:?}/nginx" "${dir:?}/work"
rm -f "$sock" "$dir/app.log"
mkdir -p "$dir/data/tmp" "$dir/media" "$dir/work"

cat >"$dir/userimg.ini" <<EOF
[data]
dir = $dir/data
[server]
listen = $sock
threads = 2
[jwt]
secret = userimg-it-sigterm-secret-0123456789
[database]
driver = sqlite
sqlite_path = $dir/data/userimg.db
[storage]
root = $dir/media
EOF

"$ctl" --config "$dir/userimg.ini" migrate >"$dir/migrate.log" 2>&1 || fail "migrate: $(cat "$dir/migrate.log")"
token=$("$ctl" --config "$dir/userimg.ini" token --user sigterm-user)
[[ -n $token ]] || fail "userimgctl token printed nothing"

# A real image, big enough to trickle in pieces.
vips black "$dir/work/image.png" 400 300 --bands 3 || fail "vips could not make an image"
boundary=userimg-sigterm-boundary
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="profile_image"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n' "$boundary"
  cat "$dir/work/image.png"
  printf -- '\r\n--%s--\r\n' "$boundary"
} >"$dir/work/body"
length=$(stat -c %s "$dir/work/body")

# The app is this shell's child, so its exit status can be collected.
"$fcgi" --config "$dir/userimg.ini" </dev/null >>"$dir/app.log" 2>&1 &
app_pid=$!
stack_wait_unix_socket "$sock" 30 || fail "userimg-fcgi did not create $sock"

# nginx in front, from the shipped configuration.
mkdir -p "$dir/nginx/conf"
stack_render_nginx_conf "$src/conf/nginx/userimg.conf" "$dir/nginx/conf/userimg.conf" \
  "127.0.0.1:$port" "unix:$sock" "$dir/media" "$build/share"
stack_write_nginx_main "$dir/nginx" "$dir/nginx/conf/userimg.conf"
stack_start_nginx "$dir/nginx"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/resume/user-images/")
[[ $code == 200 ]] || fail "GET through nginx before the test answered $code"

# The upload: the params and the first 512 bytes now, the rest 3 s later.
"$client" "$sock" "$dir/work/body" 512 3000 "$dir/work/started" \
  GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 SERVER_NAME=localhost \
  REQUEST_METHOD=POST REQUEST_URI=/api/resume/user-images/ SCRIPT_NAME= \
  DOCUMENT_URI=/api/resume/user-images/ QUERY_STRING= \
  "CONTENT_TYPE=multipart/form-data; boundary=$boundary" "CONTENT_LENGTH=$length" \
  "HTTP_AUTHORIZATION=Bearer $token" REMOTE_ADDR=127.0.0.1 \
  >"$dir/work/response" 2>"$dir/work/client.err" &
client_pid=$!

for ((i = 0; i < 100; i++)); do
  [[ -e $dir/work/started ]] && break
  sleep 0.1
done
[[ -e $dir/work/started ]] || fail "fcgi_slow_client did not start sending: $(cat "$dir/work/client.err")"
# In flight means accepted: the app holds the connection.
accepted=0
for ((i = 0; i < 20; i++)); do
  if ss -xpH state established 2>/dev/null | grep -F "$sock" | grep -q "pid=$app_pid,"; then
    accepted=1
    break
  fi
  sleep 0.1
done
((accepted)) || fail "userimg-fcgi did not accept the upload's connection within 2s"
kill -0 "$app_pid" 2>/dev/null || fail "userimg-fcgi died before SIGTERM"
stack_log "SIGTERM to userimg-fcgi (pid $app_pid) with an upload in flight"
kill -TERM "$app_pid"
sleep 0.5
kill -0 "$app_pid" 2>/dev/null || fail "userimg-fcgi exited at once on SIGTERM instead of finishing the upload in flight"

wait "$client_pid" || fail "the in-flight upload failed: $(cat "$dir/work/client.err") $(cat "$dir/work/response")"
status=0
for ((i = 0; i < 300; i++)); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$app_pid" 2>/dev/null && fail "userimg-fcgi still running 30s after SIGTERM"
wait "$app_pid" || status=$?
app_pid=""

response=$(tr -d '\r' <"$dir/work/response")
head=$(sed -n '1,/^$/p' <<<"$response")
body=$(sed -n '/^$/,$p' <<<"$response" | sed '1d')
if grep -qi '^Status:' <<<"$head"; then
  grep -qi '^Status: 200' <<<"$head" || fail "the in-flight upload was answered: $head $body"
fi
grep -q '"profile_image"' <<<"$body" || fail "the in-flight upload's answer has no profile_image: $response"
((status == 0)) || fail "userimg-fcgi exited with status $status after SIGTERM (expected 0)"

url=$(sed -n 's/.*"profile_image" *: *"\([^"]*\)".*/\1/p' <<<"$body")
[[ $url == /media/* && -f $dir/media/${url#/media/} ]] ||
  fail "the in-flight upload's file ($url) is not in the media tree"
"$ctl" --config "$dir/userimg.ini" user show sigterm-user >"$dir/work/user.json" 2>&1 ||
  fail "userimgctl user show: $(cat "$dir/work/user.json")"
grep -qF "$url" "$dir/work/user.json" || fail "the user record does not point at $url: $(cat "$dir/work/user.json")"

# With the app gone, nginx answers for it, in each surface's shape.
for probe in "/api/resume/user-images/ error" "/users/me detail"; do
  read -r path key <<<"$probe"
  reply=$(curl -s -i -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" | tr -d '\r')
  grep -q '^HTTP/1.1 502' <<<"$reply" || fail "GET $path with the app stopped: $reply"
  grep -qi '^Content-Type: application/json' <<<"$reply" || fail "GET $path 502 is not JSON: $reply"
  grep -q "\"$key\"" <<<"$reply" || fail "GET $path 502 lacks \"$key\": $reply"
done

# An idle app exits promptly too.
rm -f "$sock"
"$fcgi" --config "$dir/userimg.ini" </dev/null >>"$dir/app.log" 2>&1 &
app_pid=$!
stack_wait_unix_socket "$sock" 30 || fail "userimg-fcgi did not restart"
# Serving (so past its start-up): a request without a token is answered.
: >"$dir/work/empty"
"$client" "$sock" "$dir/work/empty" 0 0 "$dir/work/ready2" REQUEST_METHOD=GET \
  REQUEST_URI=/users/me QUERY_STRING= >"$dir/work/probe" 2>&1 ||
  fail "userimg-fcgi did not answer after restarting: $(cat "$dir/work/probe")"
kill -TERM "$app_pid"
for ((i = 0; i < 100; i++)); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$app_pid" 2>/dev/null && fail "an idle userimg-fcgi still runs 10s after SIGTERM"
status=0
wait "$app_pid" || status=$?
app_pid=""
((status == 0)) || fail "an idle userimg-fcgi exited with status $status after SIGTERM (expected 0)"

echo "sigterm: ok (in-flight upload finished after SIGTERM, exit 0; idle exit 0; nginx 502 JSON)"
