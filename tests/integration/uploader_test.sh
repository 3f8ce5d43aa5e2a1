#!/usr/bin/env bash
# The upload page through a running stack's web server (stack.sh start
# --uploader 1): its four files at /userimg-uploader/ with their types and
# no external reference, a JSON 404 for anything else there, and the
# limits route it reads (GET /api/resume/user-images/limits: the stack's
# [upload] max_bytes, authenticated).
#
#   uploader_test.sh DIR CTL MAX_BYTES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=uploader
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 3)) || stack_die "usage: $0 DIR CTL MAX_BYTES"
dir=$(cd "$1" && pwd) ctl=$2 max_bytes=$3
# shellcheck disable=SC1091
source "$dir/stack.env"
base="http://127.0.0.1:$port${prefix:-}"
body=$(mktemp)
trap 'rm -f "$body"' EXIT
fail() {
  echo "FAIL: $*" >&2
  head -c 300 "$body" >&2 || true
  exit 1
}
get() { # URL [curl-arguments]: "CODE CONTENT_TYPE"
  local url=$1
  shift
  curl -s -o "$body" -w '%{http_code} %{content_type}' --max-time 10 "$@" "$url" || echo "000 -"
}

for file in "" index.html uploader.js uploader.css user-images-service.js; do
  case $file in
    "" | *.html) type=text/html ;;
    *.js) type=text/javascript ;;
    *.css) type=text/css ;;
  esac
  got=$(get "$base/userimg-uploader/$file")
  [[ $got == "200 $type"* ]] || fail "GET /userimg-uploader/$file answered $got, not 200 $type"
  # No CDN, no external network: no absolute URL in the page's own files.
  if grep -Eq '(src|href)="(https?:)?//' "$body"; then fail "/userimg-uploader/$file refers to another host"; fi
  echo "ok: GET /userimg-uploader/$file -> $got"
done
grep -q 'class UserImagesService {' <(curl -s "$base/userimg-uploader/user-images-service.js") ||
  fail "user-images-service.js has no UserImagesService class"
got=$(get "$base/userimg-uploader/nothing.txt")
[[ $got == "404 application/json"* ]] || fail "a missing file answered $got, not a JSON 404"
echo "ok: a missing file under /userimg-uploader/ is a JSON 404"

got=$(get "$base/api/resume/user-images/limits")
[[ $got == "401 application/json"* ]] || fail "limits without a token answered $got, not 401"
token=$("$ctl" --config "$ini" token --user uploader-it-user)
got=$(get "$base/api/resume/user-images/limits" -H "Authorization: Bearer $token")
[[ $got == "200 application/json"* ]] || fail "limits answered $got"
grep -q "\"max_bytes\": *$max_bytes[,}]" "$body" || fail "limits: max_bytes is not $max_bytes"
grep -q '"image/jpeg"' "$body" && grep -q '"image/png"' "$body" || fail "limits: no JPEG or PNG"
echo "ok: GET /api/resume/user-images/limits -> 401 without a token, the server's limits with one"
