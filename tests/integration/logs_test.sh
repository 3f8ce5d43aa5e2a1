#!/usr/bin/env bash
# The request logs of real stacks (README "Logs"):
#
#   - a MariaDB stack behind nginx with [log] format = json, user_ids = true
#     and file = DIR/json/log/userimg-fcgi.log: every line of that file parses
#     as one JSON object; the access lines carry their fields, the route
#     pattern and never the raw path ("unmatched" for /users/12345 and
#     /users/me/../x); X-Request-Id is nginx's $request_id (the id in
#     nginx's access log), never a client's own X-Request-Id; an error line
#     of a request carries its id;
#   - SIGHUP: after the file is moved away (logrotate), the access lines
#     still held back are written to the moved file, and the next request's
#     line is in a new file at the configured path; an orderly exit (SIGTERM)
#     writes the lines still held. The JSON stack's flush interval
#     ([log] access_flush_ms) is a minute, so nothing but the reopen and the
#     exit can have written those lines;
#   - the Cloudinary stack (text format, stderr) runs the "cloudinary" suite;
#   - secrets: after requests with valid, forged, wrongly signed and
#     malformed tokens, uploads, refusals and the API suites on both stacks,
#     no log file of the run (the app's, nginx's, the migrations') holds a
#     token (nor anything JWT-shaped), a JWT secret, the Cloudinary API
#     secret or key, or the database password.
#
#   logs_test.sh DIR SRC BUILD IT_TESTS CLOUDINARY_SERVER MYSQL_PORT \
#                JSON_PORT JSON_APP_PORT CLD_PORT CLD_SERVER_PORT
#
# Both stacks are started here (tests/integration/stack.sh) and stopped on
# exit, pass or fail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=logs
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 10)) || stack_die "usage: $0 DIR SRC BUILD IT_TESTS CLOUDINARY_SERVER MYSQL_PORT JSON_PORT JSON_APP_PORT CLD_PORT CLD_SERVER_PORT"
mkdir -p "$1"
dir=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
it_tests=$4 cld_server=$5 mysql_port=$6 json_port=$7 json_app_port=$8 cld_port=$9
cld_server_port=${10}
ctl=$build/fcgi-app/userimgctl
json=$dir/json cld=$dir/cloudinary
json_secret=userimg-it-logs-json-secret-0123456789
cld_jwt_secret=userimg-it-logs-cld-secret-0123456789
other_secret=userimg-it-logs-other-secret-0123456789
cld_api_secret=it-logs-cloudinary-api-secret-0123456789
cld_api_key=it-api-key
db_password=userimg-test # tests/integration/stack.sh's MariaDB user
log_file=$json/log/userimg-fcgi.log
cld_url="cloudinary://$cld_api_key:$cld_api_secret@it-cloud?upload_prefix=http://127.0.0.1:$cld_server_port"

failures=0
fail() {
  echo "logs: FAIL: $*" >&2
  failures=$((failures + 1))
}
cleanup() {
  "$here/stack.sh" stop "$json" >/dev/null 2>&1 || true
  "$here/stack.sh" stop "$cld" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$json/log"
mkdir -p "$json/log"
"$here/stack.sh" start "$json" --source "$src" --build "$build" --port "$json_port" \
  --secret "$json_secret" --driver mysql --mode tcp --app-port "$json_app_port" \
  --mysql-port "$mysql_port" --mysql-db userimg_it_logs \
  --log "format=json,user_ids=true,file=$log_file,access_flush_ms=60000"
"$here/stack.sh" start "$cld" --source "$src" --build "$build" --port "$cld_port" \
  --secret "$cld_jwt_secret" --driver sqlite --mode unix --storage cloudinary \
  --cloudinary-server "$cld_server" --cloudinary-port "$cld_server_port" \
  --cloudinary-secret "$cld_api_secret" \
  --deletions retry_seconds=1,sweep_interval_seconds=1,gc_grace_seconds=0

base=http://127.0.0.1:$json_port
token=$("$ctl" --config "$json/userimg.ini" token --user log-user-1)
wrong_token=$(USERIMG_JWT_SECRET=$other_secret "$ctl" --config "$json/userimg.ini" token --user log-user-2)
# The valid token with its signature's last character changed.
last=${token: -1}
forged_token=${token%?}$([[ $last == A ]] && echo B || echo A)
tokens=("$token" "$wrong_token" "$forged_token")

# request ARGS...: curl through nginx; prints "STATUS REQUEST_ID".
request() {
  local headers
  headers=$(curl -s -o /dev/null -D - --max-time 30 "$@" | tr -d '\r') || true
  awk 'NR == 1 {status = $2} tolower($1) == "x-request-id:" {id = $2}
       END {print status, id}' <<<"$headers"
}

# ---- Requests whose lines the checks below look for ---------------------------
read -r status id_ok < <(request -H "Authorization: Bearer $token" "$base/users/me")
[[ $status == 200 ]] || fail "GET /users/me with a valid token answered $status"
read -r status id_forged < <(request -H "Authorization: Bearer $forged_token" "$base/users/me")
[[ $status == 401 ]] || fail "a forged token answered $status, not 401"
read -r status _ < <(request -H "Authorization: Bearer $wrong_token" "$base/api/resume/user-images/")
[[ $status == 401 ]] || fail "a token signed with another secret answered $status, not 401"
request -H "Authorization: Bearer not.a.token" "$base/users/me" >/dev/null
request -H "Authorization: Basic $(printf 'log-user-1:%s' "$json_secret" | base64 -w0)" \
  "$base/users/me" >/dev/null
read -r status id_upload < <(request -H "Authorization: Bearer $token" \
  -F "file=@$build/share/default-profile.png;type=image/png" "$base/users/me/profile-image")
[[ $status == 200 || $status == 201 ]] || fail "uploading a PNG answered $status"
read -r status id_refused < <(request -H "Authorization: Bearer $token" \
  -F "file=@$here/logs_test.sh;filename=notes.txt;type=text/plain" "$base/users/me/cover-image")
[[ $status == 4* ]] || fail "uploading a text file answered $status, not 4xx"
read -r status id_unmatched < <(request -H "Authorization: Bearer $token" "$base/users/12345")
[[ $status == 404 ]] || fail "GET /users/12345 answered $status, not 404"
read -r status id_dotdot < <(request --path-as-is -H "Authorization: Bearer $token" \
  "$base/users/me/../x")
[[ -n $id_dotdot ]] || fail "GET /users/me/../x got no X-Request-Id"
read -r status id_client < <(request -H "Authorization: Bearer $token" \
  -H "X-Request-Id: client-chosen-id" "$base/users/me")
[[ $id_client != client-chosen-id ]] || fail "a client's X-Request-Id was used"
[[ $id_client =~ ^[0-9a-f]{32}$ ]] || fail "X-Request-Id '$id_client' is not nginx's \$request_id shape"
grep -qF "request_id=$id_client" "$json/nginx/logs/access.log" ||
  fail "X-Request-Id $id_client is not the id nginx logged (nginx's \$request_id)"
# A request that fails inside the app writes an error line: the database
# taken away under the app (a renamed table) makes GET /users/me fail.
mariadb --no-defaults -h127.0.0.1 -P"$mysql_port" -uuserimg -p"$db_password" userimg_it_logs \
  -e 'RENAME TABLE users TO users_away' 2>/dev/null || fail "cannot rename the users table"
read -r status id_error < <(request -H "Authorization: Bearer $token" "$base/users/me")
[[ $status == 5* ]] || fail "GET /users/me without its table answered $status, not 5xx"
mariadb --no-defaults -h127.0.0.1 -P"$mysql_port" -uuserimg -p"$db_password" userimg_it_logs \
  -e 'RENAME TABLE users_away TO users' 2>/dev/null || fail "cannot rename the users table back"

# ---- The API suites, for the many requests (and errors) they make -------------
USERIMG_IT_BASE_URL=$base USERIMG_IT_SECRET=$json_secret USERIMG_IT_MEDIA_ROOT=$json/media \
  USERIMG_IT_MAX_BYTES=10485760 USERIMG_IT_API_ONLY_HOST=1 \
  "$it_tests" auth errors users_me user_images >"$dir/suites-json.out" 2>&1 ||
  fail "the API suites failed on the JSON stack (see $dir/suites-json.out)"
CLOUDINARY_URL=$cld_url USERIMG_IT_BASE_URL=http://127.0.0.1:$cld_port \
  USERIMG_IT_SECRET=$cld_jwt_secret USERIMG_IT_MEDIA_ROOT=$cld/media USERIMG_IT_MAX_BYTES=10485760 \
  USERIMG_IT_API_ONLY_HOST=1 USERIMG_IT_CLOUDINARY_BASE=http://127.0.0.1:$cld_server_port \
  USERIMG_IT_CLOUDINARY_SECRET=$cld_api_secret USERIMG_IT_CONFIG=$cld/userimg.ini \
  USERIMG_IT_APP_LOG=$cld/app.log USERIMG_IT_CTL=$ctl \
  USERIMG_IT_APP_CONTROL="$here/stack.sh app $cld" \
  "$it_tests" cloudinary >"$dir/suites-cloudinary.out" 2>&1 ||
  fail "the cloudinary suite failed (see $dir/suites-cloudinary.out)"

# ---- SIGHUP: the file is reopened at its path ---------------------------------
# The last line before the rotation is held back (a minute's interval, and
# far less than a batch since the line before it went out, if one did).
read -r status id_before < <(request -H "Authorization: Bearer $token" "$base/users/me")
mv "$log_file" "$log_file.1"
kill -HUP "$(cat "$json/app.pid")"
for ((i = 0; i < 50; i++)); do
  [[ -e $log_file ]] && break
  sleep 0.1
done
[[ -e $log_file ]] || fail "no new $log_file 5 s after SIGHUP"
grep -qF "\"request_id\":\"$id_before\"" "$log_file.1" ||
  fail "the access line held at SIGHUP ($id_before) was not written to the moved file"
read -r status id_after < <(request -H "Authorization: Bearer $token" "$base/users/me")
# Held, not written: the reopen emptied the buffer and the flusher's next
# turn is up to a minute away (a turn landing in these few milliseconds
# would be a one-in-ten-thousand false alarm).
if grep -qF "\"request_id\":\"$id_after\"" "$log_file"; then
  fail "the access line of $id_after was written at once: access_flush_ms=60000 should hold it"
fi
# ---- An orderly exit writes the access lines still held -------------------------
# SIGTERM, then SIGKILL after 5 s (which would lose the line).
stack_stop_pidfile "$json/app.pid" 5
grep -qF "\"request_id\":\"$id_after\"" "$log_file" 2>/dev/null ||
  fail "the request after SIGHUP ($id_after) is not in the new $log_file after the exit"
if grep -qF "\"request_id\":\"$id_after\"" "$log_file.1"; then
  fail "the request after SIGHUP went to the moved file"
fi
grep -qF "\"request_id\":\"$id_ok\"" "$log_file.1" ||
  fail "the first request ($id_ok) is not in the moved file"

# ---- Every line is JSON; the access lines are as documented ------------------
python3 - "$log_file.1" "$log_file" "$id_ok" "$id_forged" "$id_upload" "$id_refused" \
  "$id_unmatched" "$id_dotdot" "$id_error" <<'EOF' || fail "the JSON log does not check out (above)"
import json, sys
files, (ok, forged, upload, refused, unmatched, dotdot, error) = sys.argv[1:3], sys.argv[3:]
access_keys = ["time", "level", "request_id", "method", "route", "status", "duration_ms",
               "bytes_in", "bytes_out", "outcome", "user_id"]
bad = 0
def problem(text):
    global bad
    bad += 1
    print("logs: " + text, file=sys.stderr)
access, errors, routes = {}, {}, set()
lines = 0
for name in files:
    with open(name, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            lines += 1
            try:
                entry = json.loads(line)
            except ValueError as e:
                problem(f"{name}:{number} is not JSON ({e}): {line!r}")
                continue
            if not isinstance(entry, dict) or "time" not in entry or "level" not in entry:
                problem(f"{name}:{number} has no time or level: {line!r}")
                continue
            if entry["level"] == "access":
                if list(entry) != access_keys:
                    problem(f"{name}:{number} access keys {list(entry)} are not {access_keys}")
                for key in ("status", "bytes_in", "bytes_out"):
                    if not isinstance(entry.get(key), int):
                        problem(f"{name}:{number} {key} is not an integer")
                if not isinstance(entry.get("duration_ms"), (int, float)):
                    problem(f"{name}:{number} duration_ms is not a number")
                route = entry.get("route", "")
                routes.add(route)
                if route != "unmatched" and (not route.startswith("/") or ".." in route):
                    problem(f"{name}:{number} route {route!r} is not a route pattern")
                access[entry["request_id"]] = entry
            elif "message" in entry and "request_id" in entry:
                errors.setdefault(entry["request_id"], []).append(entry)
if lines < 50:
    problem(f"only {lines} lines were logged")
# Raw paths would make a route per user, image or probe: patterns are few.
if len(routes) > 12 or any("12345" in r for r in routes):
    problem(f"the routes logged are not patterns: {sorted(routes)}")
def expect(rid, what, **fields):
    entry = access.get(rid)
    if entry is None:
        problem(f"no access line for {what} ({rid})")
        return
    for key, value in fields.items():
        if entry.get(key) != value:
            problem(f"{what}: {key} is {entry.get(key)!r}, not {value!r}")
expect(ok, "GET /users/me", method="GET", route="/users/me", status=200, outcome="ok",
       user_id="log-user-1")
expect(forged, "a forged token", status=401, user_id="")
expect(unmatched, "GET /users/12345", route="unmatched", status=404)
expect(dotdot, "GET /users/me/../x", route="unmatched")
expect(upload, "the upload", method="POST", route="/users/me/profile-image", outcome="ok")
if access.get(upload, {}).get("bytes_in", 0) < 1000:
    problem("the upload's bytes_in is not its Content-Length")
if access.get(refused, {}).get("outcome") in (None, "ok"):
    problem("the refused upload has no refusal outcome")
if not 500 <= access.get(error, {}).get("status", 0) < 600:
    problem("the failing request did not fail with a 5xx")
if not any(e["level"] == "error" for e in errors.get(error, [])):
    problem(f"no error line carries the failing request's id {error}")
sys.exit(1 if bad else 0)
EOF

# ---- No secret in any log of the run --------------------------------------------
mapfile -t logs < <(find "$json" "$cld" -type f \( -name '*.log' -o -name '*.log.*' \) \
  ! -name cloudinary.log | sort)
((${#logs[@]} >= 6)) || fail "only ${#logs[@]} log files found: ${logs[*]}"
for file in "${logs[@]}"; do
  [[ -s $file ]] || continue
  for secret in "${tokens[@]}" "$json_secret" "$cld_jwt_secret" "$other_secret" \
    "$cld_api_secret" "$cld_api_key" "$db_password" "$cld_url" eyJ; do
    if grep -qF -- "$secret" "$file"; then
      fail "$file contains '${secret:0:12}...' (line $(grep -nF -- "$secret" "$file" | head -1 | cut -d: -f1))"
    fi
  done
done
echo "logs: checked ${#logs[@]} log files: ${logs[*]}" >&2

((failures == 0)) || {
  echo "logs: $failures failure(s)" >&2
  exit 1
}
echo "logs: OK" >&2
