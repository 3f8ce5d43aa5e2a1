#!/usr/bin/env bash
# CORS through a running stack's web server (started by stack.sh with
# --cors LISTED): the app's preflight and headers on its answers, errors
# included, and the web server's own error pages (413 before the app sees a
# body; 502/503 with the app down, brought back after, pass or fail), each
# for the listed origin, an origin not listed and no origin. On the
# shared-hosting stack (mod_fcgid: 500/503 with the program unable to run)
# also that running the setup again after a change of cors_origins in
# userimg.ini changes the origin Apache's own 413 carries (put back after).
#
#   cors_test.sh DIR CTL LISTED_ORIGIN
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=cors
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 3)) || stack_die "usage: $0 DIR CTL LISTED_ORIGIN"
dir=$(cd "$1" && pwd) ctl=$2 listed=$3
unlisted=http://127.0.0.1:9
[[ -f $dir/stack.env ]] || stack_die "$dir has no started stack"
# shellcheck disable=SC1091
source "$dir/stack.env"
base="http://127.0.0.1:$port${prefix:-}"

work=$(mktemp -d)
app_down=0
origins_changed=0
cleanup() {
  if ((app_down)); then "$here/stack.sh" app "$dir" up || true; fi
  if ((origins_changed)); then set_origins "$listed" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "---- headers" >&2
  cat "$work/headers" >&2 || true
  echo "---- body" >&2
  head -c 300 "$work/body" >&2 || true
  exit 1
}

# call ORIGIN METHOD PATH [curl-arguments...]: the status; headers and
# body in $work/headers and $work/body. ORIGIN "-" sends no Origin.
call() {
  local origin=$1 method=$2 path=$3 args=()
  shift 3
  [[ $origin == - ]] || args+=(-H "Origin: $origin")
  curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time 30 -X "$method" \
    "${args[@]}" "$@" "$base$path" || echo 000
}
# header NAME: the last value of NAME in $work/headers, or "".
header() {
  tr -d '\r' <"$work/headers" | awk -v name="$(tr '[:upper:]' '[:lower:]' <<<"$1")" '
    { split($0, kv, ": "); if (tolower(kv[1]) == name) { sub(/^[^:]*: /, ""); value = $0 } }
    END { print value }'
}
expect_status() { [[ $1 == "$2" ]] || fail "$3: status $1, not $2"; }
expect_cors() { # WHAT
  [[ $(header Access-Control-Allow-Origin) == "$listed" ]] ||
    fail "$1: Access-Control-Allow-Origin is '$(header Access-Control-Allow-Origin)', not $listed"
  [[ $(header Vary) == *Origin* ]] || fail "$1: no Vary: Origin"
}
expect_no_cors() { # WHAT
  grep -qi '^access-control-' "$work/headers" && fail "$1: CORS headers for an origin not listed"
  return 0
}
expect_json_error() { # WHAT
  grep -Eq '^\{ ?"(error|detail)": ?"' "$work/body" || fail "$1: not the JSON error shape"
}

# set_origins ORIGIN (shared hosting): [http] cors_origins = ORIGIN in the
# customer's userimg.ini, then the setup run again as the README says.
set_origins() {
  local docroot
  docroot=$(dirname "$(readlink "$dir/media")")
  runuser -u "$user" -- sed -i -e "s|^cors_origins = .*|cors_origins = $1|" "$ini"
  grep -qx "cors_origins = $1" "$ini" || stack_die "cannot set cors_origins in $ini"
  runuser -u "$user" -- "$(dirname "$ini")/bin/userimg-shared-hosting-setup" \
    --docroot "$docroot" --url-prefix "$prefix" >"$work/setup.log" 2>&1 ||
    { cat "$work/setup.log" >&2 && stack_die "the setup failed"; }
}

token=$("$ctl" --config "$ini" token --user cors-it-user)
auth=(-H "Authorization: Bearer $token")

# ---- The app: preflight -------------------------------------------------------
for path in /users/me/profile-image /api/resume/user-images/; do
  code=$(call "$listed" OPTIONS "$path" -H "Access-Control-Request-Method: POST" \
    -H "Access-Control-Request-Headers: authorization")
  expect_status "$code" 204 "preflight of $path from $listed"
  expect_cors "preflight of $path"
  [[ $(header Access-Control-Allow-Methods) == "GET, POST, DELETE" ]] || fail "preflight: methods"
  [[ $(header Access-Control-Allow-Headers) == "Authorization, Content-Type" ]] ||
    fail "preflight: headers"
  [[ $(header Access-Control-Max-Age) =~ ^[0-9]+$ ]] || fail "preflight: no Max-Age"
  echo "ok: OPTIONS $path from the listed origin -> 204 with the CORS headers"
  for origin in "$unlisted" -; do
    code=$(call "$origin" OPTIONS "$path" -H "Access-Control-Request-Method: POST")
    expect_status "$code" 405 "preflight of $path from '$origin' (as without CORS)"
    expect_no_cors "preflight of $path from '$origin'"
  done
  echo "ok: OPTIONS $path from an origin not listed, or none -> 405 without CORS headers"
done

# ---- The app: answers and errors ---------------------------------------------
# answers ORIGIN: the app's 200, 401, 404 and 405, with CORS headers for the
# listed origin only, otherwise the same.
answers() {
  local origin=$1 status method path with_token
  while read -r status method path with_token; do
    local args=()
    [[ $with_token == yes ]] && args=("${auth[@]}")
    code=$(call "$origin" "$method" "$path" "${args[@]}")
    expect_status "$code" "$status" "$method $path from '$origin'"
    if [[ $origin == "$listed" ]]; then expect_cors "the app's $status"; else expect_no_cors "the app's $status from '$origin'"; fi
    [[ $status == 200 ]] || expect_json_error "the app's $status"
  done <<'LIST'
200 GET /users/me yes
401 GET /users/me no
404 GET /api/resume/no-such-route yes
405 DELETE /users/me yes
LIST
}
answers "$listed"
echo "ok: the app's 200, 401, 404 and 405 carry the listed origin"
answers "$unlisted"
answers -
echo "ok: an origin not listed, or none, gets the same answers without CORS headers"

# ---- The web server's 413 (or the app's, where the web server passes it) -----
head -c $((11 * 1024 * 1024)) /dev/zero >"$work/large"
for origin in "$listed" "$unlisted"; do
  code=$(call "$origin" POST /users/me/profile-image "${auth[@]}" -H "Expect:" \
    -H "Content-Type: multipart/form-data; boundary=x" --data-binary "@$work/large")
  expect_status "$code" 413 "an 11 MiB body from $origin"
  expect_json_error "413"
  if [[ $origin == "$listed" ]]; then expect_cors "413"; else expect_no_cors "413"; fi
done
echo "ok: 413 for an oversized body, with CORS for the listed origin only"

if [[ $web == shared-hosting ]]; then
  other=http://127.0.0.1:7
  origins_changed=1
  set_origins "$other"
  for origin in "$other" "$listed"; do
    code=$(call "$origin" POST /api/resume/user-images/ "${auth[@]}" -H "Expect:" \
      -H "Content-Type: multipart/form-data; boundary=x" --data-binary "@$work/large")
    expect_status "$code" 413 "an 11 MiB body from $origin after the change"
    expect_json_error "413"
    if [[ $origin == "$other" ]]; then
      [[ $(header Access-Control-Allow-Origin) == "$other" ]] ||
        fail "413 after the change: Access-Control-Allow-Origin '$(header Access-Control-Allow-Origin)', not $other"
    else
      expect_no_cors "413 for the origin no longer listed"
    fi
  done
  set_origins "$listed"
  origins_changed=0
  echo "ok: the setup run again after a change of cors_origins carries the new list to the .htaccess"
fi

# ---- The web server's own 502/503 with the app down ---------------------------
app_down=1
"$here/stack.sh" app "$dir" down
for origin in "$listed" "$unlisted"; do
  for path in /users/me /api/resume/user-images/; do
    code=$(call "$origin" GET "$path" "${auth[@]}")
    # mod_fcgid (shared hosting): 500 or 503 when the program cannot run.
    [[ $code == 502 || $code == 503 || ($web == shared-hosting && $code == 500) ]] ||
      fail "GET $path with the app down: $code, not 502/503"
    expect_json_error "$code with the app down"
    if [[ $origin == "$listed" ]]; then expect_cors "$code"; else expect_no_cors "$code"; fi
  done
done
echo "ok: the web server's 502/503 with the app down, with CORS for the listed origin only"
"$here/stack.sh" app "$dir" up
app_down=0
code=$(call "$listed" GET /users/me "${auth[@]}")
expect_status "$code" 200 "GET /users/me with the app back"
echo "ok: all CORS checks passed through $web"
