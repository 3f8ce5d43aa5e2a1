#!/usr/bin/env bash
# The upload page and the spec's client in Debian's Chromium (puppeteer-core,
# installed by `npm ci` from package-lock.json into BUILD/browser/, never a
# downloaded browser). Starts its own stack (stack.sh: SQLite, userimg-fcgi,
# nginx on 127.0.0.1:PORT with the upload page, [http] cors_origins =
# http://127.0.0.1:ORIGIN_PORT), runs browser_test.mjs (which serves the
# second origin on 127.0.0.1:ORIGIN_PORT itself), and stops the stack, pass
# or fail. Screenshots: BUILD/browser/screenshots/.
#
#   browser_test.sh SRC BUILD PORT ORIGIN_PORT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=browser
source "$here/../../scripts/lib/stack.sh"

(($# == 4)) || stack_die "usage: $0 SRC BUILD PORT ORIGIN_PORT"
src=$(cd "$1" && pwd) build=$(cd "$2" && pwd) port=$3 origin_port=$4
work=$build/browser
stack=$build/it/browser  # under it/: `stack.sh sweep BUILD/it` finds it
chromium=/usr/bin/chromium
[[ -x $chromium ]] || stack_die "$chromium is missing (scripts/install-deps installs Debian's chromium)"
mkdir -p "$work/screenshots" "$work/fixtures"

# puppeteer-core from the lock file; again only when the lock changed.
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [[ ! -d $work/node_modules ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  stack_log "npm ci (puppeteer-core)"
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
cp "$here/browser_test.mjs" "$work/"

# Fixtures: two photos, a cover, a text file and the same text named .jpg.
vips gaussnoise "$work/fixtures/photo.jpg" 640 480
vips gaussnoise "$work/fixtures/photo2.jpg" 480 640
vips gaussnoise "$work/fixtures/cover.png" 1200 400
echo "This is not an image." >"$work/fixtures/notes.txt"
cp "$work/fixtures/notes.txt" "$work/fixtures/notes.jpg"

secret="userimg-browser-secret-0123456789"
origin="http://127.0.0.1:$origin_port"
cleanup() { "$here/../integration/stack.sh" stop "$stack" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$here/../integration/stack.sh" start "$stack" --source "$src" --build "$build" --port "$port" \
  --secret "$secret" --driver sqlite --mode unix --cors "$origin" --uploader 1
ini=$stack/userimg.ini
ctl=$build/fcgi-app/userimgctl

# CORS off and on again for the "blocked without cors_origins" case: the
# [http] section is the ini's last (stack.sh), the app restarted each time.
cat >"$work/cors-toggle" <<EOF2
#!/usr/bin/env bash
set -euo pipefail
case \$1 in
  off) sed -i '/^\[http\]/,\$d' "$ini" ;;
  on) printf '\n[http]\ncors_origins = %s\n' "$origin" >>"$ini" ;;
esac
"$here/../integration/stack.sh" app "$stack" kill >/dev/null
EOF2
chmod +x "$work/cors-toggle"

BROWSER_BASE=http://127.0.0.1:$port \
  BROWSER_ORIGIN_PORT=$origin_port \
  BROWSER_TOKEN=$("$ctl" --config "$ini" token --user browser-page-user) \
  BROWSER_TOKEN_CROSS=$("$ctl" --config "$ini" token --user browser-cross-user) \
  BROWSER_CLIENT_JS=$src/share/uploader/user-images-service.js \
  BROWSER_FIXTURES=$work/fixtures \
  BROWSER_SCREENSHOTS=$work/screenshots \
  BROWSER_MEDIA=$stack/media \
  BROWSER_CORS_TOGGLE=$work/cors-toggle \
  node "$work/browser_test.mjs"
