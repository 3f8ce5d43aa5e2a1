#!/usr/bin/env bash
# The Debian package end to end (ctest package.deb; tests/package/CMakeLists.txt):
#
#   package_test.sh SOURCE_DIR BUILD_DIR WORK_DIR PORT
#
#  1. scripts/package packs BUILD_DIR's binaries into WORK_DIR/deb/;
#     lintian must report no error; every file under /etc is a conffile;
#  2. dpkg -i: the user userimg (in www-data), the state directories with
#     their owners and modes, the secret file, the migrated database, the
#     units enabled; systemd-analyze verify passes on the installed units;
#  3. the installed daemon is started as userimg.service and userimg.socket
#     would start it. There is no running systemd here, so spawn-fcgi plays
#     the socket unit: it creates ListenStream= with SocketUser=,
#     SocketGroup= and SocketMode= and execs ExecStart= with the listening
#     socket on standard input (StandardInput=socket), as User=/Group= with
#     the supplementary groups of the user (www-data, as
#     SupplementaryGroups=). systemd-socket-activate would pass the socket as
#     fd 3 (LISTEN_FDS) and cannot set the socket's owner or mode, so it
#     would test another path than the unit's. ExecStartPre= runs first; the
#     environment is a clean one plus EnvironmentFile=; the working directory
#     is /; NOTIFY_SOCKET names a datagram socket (socat) that must receive
#     READY=1 and, on SIGTERM, STOPPING=1 (Type=notify). Every value is
#     read from the installed unit files;
#  4. a private nginx on 127.0.0.1:PORT, workers as www-data as Debian's
#     nginx, whose server block includes the installed
#     /etc/nginx/snippets/userimg.conf as it is: both API surfaces (uploads,
#     GETs, the image from /media/, a DELETE) with a token from userimgctl;
#     then the same package installed again (an upgrade) keeps the secret,
#     the data and an edited conffile; then the daemon once more with its
#     socket passed as LISTEN_FDS (systemd-socket-activate), the other way
#     systemd hands a socket over;
#  5. everything stopped, dpkg --purge, and nothing of the package left: no
#     file dpkg listed, no directory it made, no /etc/userimg,
#     /var/lib/userimg, /run/userimg, user or group userimg, www-data's
#     members and the systemd enablement as before.
# A trap stops everything and purges the package whatever fails. Needs root
# and a machine without userimg (refuses to start otherwise); exits 77
# (skipped) where dpkg is absent.
set -euo pipefail
source_dir=$(cd "$1" && pwd)
build_dir=$(cd "$2" && pwd)
work=$3
port=$4
STACK_LOG_TAG=package-test
source "$source_dir/scripts/lib/stack.sh"
source "$source_dir/tests/package/tracked.sh"
stack_clean_env

fail() {
  echo "package-test: FAIL: $*" >&2
  exit 1
}
step() { echo "package-test: $*" >&2; }

if ! command -v dpkg >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "package-test: SKIP: dpkg is not installed (not a Debian system): the package cannot be tested" >&2
  exit 77
fi
((EUID == 0)) || fail "needs root (dpkg -i, the system user userimg); run it as root"
for tool in lintian nginx spawn-fcgi socat curl vips runuser; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/install-deps"
done
# The test installs and purges system state; it must find none of it.
status=$(dpkg-query -W -f='${db:Status-Abbrev}' userimg 2>/dev/null || true)
if [[ -n $status && $status != un* ]]; then
  fail "the package userimg is already on this machine: the test would purge it"
fi
getent passwd userimg >/dev/null && fail "a user userimg exists: the test would remove it"
getent group userimg >/dev/null && fail "a group userimg exists: the test would remove it"
for path in /etc/userimg /var/lib/userimg /run/userimg; do
  [[ ! -e $path ]] || fail "$path exists: the test would remove it"
done
stack_port_free "$port" || fail "127.0.0.1:$port is in use"

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
nginx_prefix=$work/nginx
app_pid=$work/app.pid
app_log=$work/app.log
notify_pid=$work/notify.pid
notify_log=$work/notify.txt

# What must be as it was after the purge.
snapshot() {
  getent group www-data
  {
    find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled \
      /var/lib/systemd/deb-systemd-helper-masked -printf '%p %l\n' 2>/dev/null || true
  } | sort
}
snapshot >"$work/before.txt"

# ---- The trap: stop and purge whatever happened -------------------------------
cleanup() {
  local rc=$?
  set +e
  tracked_stop "$app_pid" 20
  tracked_stop "$notify_pid" 5
  [[ -f $nginx_prefix/nginx.pid ]] && stack_stop_nginx "$nginx_prefix"
  if dpkg-query -W -f='${db:Status-Abbrev}' userimg 2>/dev/null | grep -qv '^un'; then
    step "cleanup: dpkg --purge userimg"
    dpkg --purge userimg >&2
  fi
  # Only when the test failed before or in its purge checks: what the
  # package should have removed (none of it existed before: checked above).
  if ((rc != 0)); then
    rm -rf /etc/userimg /var/lib/userimg /run/userimg
    getent passwd userimg >/dev/null && userdel userimg
    getent group userimg >/dev/null && groupdel userimg
  fi
  exit "$rc"
}
trap cleanup EXIT

# ---- 1. Build and lint --------------------------------------------------------
step "scripts/package --build $build_dir"
deb=$("$source_dir/scripts/package" --build "$build_dir" --out "$work/deb")
[[ $deb == "$work"/deb/userimg_*_amd64.deb && -f $deb ]] || fail "scripts/package printed '$deb'"
dpkg-deb -I "$deb" >&2
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/contents.txt"

step "lintian $deb"
lintian_rc=0
lintian --fail-on error --display-info "$deb" >"$work/lintian.txt" 2>&1 || lintian_rc=$?
cat "$work/lintian.txt" >&2
((lintian_rc == 0)) || fail "lintian reports errors (exit $lintian_rc)"
grep -q '^E: ' "$work/lintian.txt" && fail "lintian reports errors"

dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | sort >"$work/conffiles.txt"
grep '^/etc/.*[^/]$' "$work/contents.txt" | sort >"$work/etc-files.txt"
diff -u "$work/etc-files.txt" "$work/conffiles.txt" >&2 ||
  fail "the files under /etc and the conffiles differ"
for f in /usr/bin/userimg-fcgi /usr/bin/userimgctl /etc/userimg/userimg.ini \
  /etc/apache2/conf-available/userimg.conf /etc/nginx/snippets/userimg.conf \
  /etc/nginx/sites-available/userimg /lib/systemd/system/userimg.service \
  /lib/systemd/system/userimg.socket /usr/share/userimg/static/default-profile.png \
  /usr/share/man/man8/userimg-fcgi.8.gz /usr/share/doc/userimg/copyright; do
  grep -qx "$f" "$work/contents.txt" || fail "the package has no $f"
done
dpkg-deb -f "$deb" Depends | grep -q 'libvips42' || fail "Depends has no libvips42 (dpkg-shlibdeps)"

# Which of the package's directories exist before it is installed.
grep '/$' "$work/contents.txt" | sed 's|/$||' | grep -v '^$' | while read -r dir; do
  [[ -d $dir ]] || echo "$dir"
done >"$work/new-dirs.txt"

# ---- 2. Install -------------------------------------------------------------------
step "dpkg -i"
if ! dpkg -i "$deb" >"$work/dpkg-install.txt" 2>&1; then
  cat "$work/dpkg-install.txt" >&2
  step "dpkg -i failed; trying apt-get install -f for missing dependencies"
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y --no-install-recommends >&2
fi
cat "$work/dpkg-install.txt" >&2
[[ $(dpkg-query -W -f='${db:Status-Abbrev}' userimg) == "ii " ]] || fail "userimg is not installed"
dpkg -L userimg | sort >"$work/listed.txt"
grep -q 'a2enconf userimg' "$work/dpkg-install.txt" || fail "postinst printed no Apache hint"
grep -q 'include snippets/userimg.conf;' "$work/dpkg-install.txt" || fail "postinst printed no nginx hint"
grep -q '/etc/userimg/secret.env' "$work/dpkg-install.txt" || fail "postinst did not say where the secret is"

# Where systemd runs, postinst started the units: the test runs the daemon itself.
if [[ -d /run/systemd/system ]]; then
  systemctl stop userimg.service userimg.socket >&2 || true
fi

uid=$(id -u userimg) || fail "no user userimg"
((uid < 1000)) || fail "userimg is not a system user (uid $uid)"
id -nG userimg | tr ' ' '\n' | grep -qx www-data || fail "userimg is not in group www-data"
check_mode() { # PATH OWNER:GROUP MODE
  local got
  got=$(stat -c '%U:%G %a' "$1") || fail "$1 is missing"
  [[ $got == "$2 $3" ]] || fail "$1 is $got, not $2 $3"
}
check_mode /var/lib/userimg userimg:userimg 711
check_mode /var/lib/userimg/media userimg:www-data 2750
check_mode /etc/userimg/secret.env root:userimg 640
check_mode /var/lib/userimg/userimg.db userimg:userimg 640
grep -Eqx 'USERIMG_JWT_SECRET=[0-9a-f]{64}' /etc/userimg/secret.env || fail "secret.env holds no 64-hex secret"
secret=$(sed -n 's/^USERIMG_JWT_SECRET=//p' /etc/userimg/secret.env)
grep -qF "$secret" "$work/dpkg-install.txt" && fail "postinst printed the secret"
grep -q '^secret' /etc/userimg/userimg.ini && fail "the conffile userimg.ini carries a secret"
[[ $(readlink /etc/systemd/system/sockets.target.wants/userimg.socket) == /lib/systemd/system/userimg.socket ]] ||
  fail "userimg.socket is not enabled"
[[ $(readlink /etc/systemd/system/multi-user.target.wants/userimg.service) == /lib/systemd/system/userimg.service ]] ||
  fail "userimg.service is not enabled"

if command -v systemd-analyze >/dev/null; then
  step "systemd-analyze verify"
  systemd-analyze verify /lib/systemd/system/userimg.socket /lib/systemd/system/userimg.service \
    >"$work/verify.txt" 2>&1 || {
    cat "$work/verify.txt" >&2
    fail "systemd-analyze verify failed"
  }
  cat "$work/verify.txt" >&2
  grep -i 'userimg' "$work/verify.txt" >&2 && fail "systemd-analyze verify warns about the units"
else
  step "systemd-analyze is not installed: the units are not verified"
fi

# ---- 3. The daemon, as the units start it -------------------------------------
unit_value() { # FILE KEY: the value of the (last) KEY= line
  sed -n "s/^$2=//p" "$1" | tail -n 1
}
service=/lib/systemd/system/userimg.service
socket=/lib/systemd/system/userimg.socket
listen=$(unit_value "$socket" ListenStream)
[[ $(unit_value "$service" StandardInput) == socket ]] || fail "the service takes no StandardInput=socket"
[[ $(unit_value "$service" Type) == notify ]] || fail "the service is not Type=notify"
env_file=$(unit_value "$service" EnvironmentFile)
env_file=${env_file#-}
run_user=$(unit_value "$service" User)
run_group=$(unit_value "$service" Group)
read -r -a start_pre <<<"$(unit_value "$service" ExecStartPre)"
read -r -a start <<<"$(unit_value "$service" ExecStart)"
# systemd's environment for a system service, plus EnvironmentFile=.
unit_env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
while IFS= read -r line; do
  [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && unit_env+=("$line")
done <"$env_file"

step "ExecStartPre: ${start_pre[*]} (as $run_user)"
(cd / && umask 027 && "${unit_env[@]}" runuser -u "$run_user" -g "$run_group" -- "${start_pre[@]}") >&2 ||
  fail "ExecStartPre failed"

# Type=notify: systemd's notification socket, played by socat.
notify_socket=$work/notify.sock
socat -u "UNIX-RECV:$notify_socket,perm=0666" STDOUT >"$notify_log" 2>&1 &
track $! "$notify_pid"
stack_wait_unix_socket "$notify_socket" 5 || fail "socat made no $notify_socket"
unit_env+=("NOTIFY_SOCKET=$notify_socket")

step "ExecStart: ${start[*]} on $listen (spawn-fcgi as the socket unit)"
install -d -m "$(unit_value "$socket" DirectoryMode)" "$(dirname "$listen")"
(
  cd /
  umask 027
  exec "${unit_env[@]}" spawn-fcgi -n -s "$listen" -M "$(unit_value "$socket" SocketMode)" \
    -U "$(unit_value "$socket" SocketUser)" -G "$(unit_value "$socket" SocketGroup)" \
    -u "$run_user" -g "$run_group" -- "${start[@]}"
) </dev/null >"$app_log" 2>&1 &
track $! "$app_pid"
stack_wait_unix_socket "$listen" 10 || {
  cat "$app_log" >&2
  fail "the daemon did not come up"
}
for ((i = 0; i < 100; i++)); do
  grep -q 'READY=1' "$notify_log" && break
  tracked_running "$app_pid" || break
  sleep 0.1
done
cat "$app_log" >&2
grep -q 'READY=1' "$notify_log" || fail "userimg-fcgi sent no READY=1 to NOTIFY_SOCKET"
grep -q 'listening on the socket passed on standard input' "$app_log" ||
  fail "userimg-fcgi did not take the socket on standard input"
check_mode "$listen" userimg:www-data 660
read -r pid _ <"$app_pid"
[[ $(readlink "/proc/$pid/exe") == "${start[0]}" ]] || fail "pid $pid is not ${start[0]}"
[[ $(awk '/^Uid:/ {print $2}' "/proc/$pid/status") == "$uid" ]] || fail "the daemon does not run as userimg"
grep -q "^Groups:.*\b$(getent group www-data | cut -d: -f3)\b" "/proc/$pid/status" ||
  fail "the daemon is not in group www-data"

# ---- 4. nginx with the installed snippet, both surfaces -------------------------
step "nginx on 127.0.0.1:$port with /etc/nginx/snippets/userimg.conf"
mkdir -p "$nginx_prefix/conf/conf.d"
# As Debian's nginx.conf includes conf.d/: the installed CORS and public maps.
for map in userimg-cors.conf userimg-public.conf; do
  cp "/etc/nginx/conf.d/$map" "$nginx_prefix/conf/conf.d/" ||
    fail "the package did not install /etc/nginx/conf.d/$map"
done
cat >"$work/site.conf" <<EOF
server {
    listen 127.0.0.1:${port};
    server_name _;
    include /etc/nginx/snippets/userimg.conf;
}
EOF
stack_write_nginx_main "$nginx_prefix" "$work/site.conf"
# Workers as Debian's nginx runs them: the socket's and the media's group.
sed -i 's/^user .*/user www-data www-data;/' "$nginx_prefix/conf/nginx.conf"
chown -R www-data:www-data "$nginx_prefix/tmp"
stack_start_nginx "$nginx_prefix"
base=http://127.0.0.1:$port
stack_wait_http "$base/api/resume/user-images/" 10 || fail "nginx does not answer"

token=$(cd / && "${unit_env[@]}" runuser -u "$run_user" -g "$run_group" -- \
  /usr/bin/userimgctl token --user pkg-test-user) || fail "userimgctl token failed"
auth="Authorization: Bearer $token"
vips gaussnoise "$work/photo.jpg" 320 240 || fail "vips could not make a JPEG"

request() { # EXPECTED_STATUS OUTPUT curl-arguments...
  local expected=$1 out=$2 code
  shift 2
  code=$(curl -s -o "$out" -w '%{http_code}' --max-time 30 "$@") || code=000
  if [[ $code != "$expected" ]]; then
    cat "$out" >&2 2>/dev/null
    tail -n 20 "$app_log" "$nginx_prefix/logs/error.log" >&2
    # The token never reaches the log.
    local shown=("${@/#Authorization: Bearer */Authorization: Bearer <token>}")
    fail "${shown[*]} answered $code, not $expected"
  fi
}
json_url() { # FILE KEY: the string value of "KEY": "..."
  grep -o "\"$2\": *\"[^\"]*\"" "$1" | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'
}

# The installed daemon is ready behind the installed snippet (which lets
# loopback see the monitoring paths): database migrated, media writable.
request 200 "$work/healthz.json" "$base/healthz"
request 200 "$work/readyz.json" "$base/readyz"
grep -q '"status": *"ready"' "$work/readyz.json" || fail "/readyz: $(cat "$work/readyz.json")"
request 200 "$work/metrics.txt" "$base/metrics"
grep -q '^userimg_' "$work/metrics.txt" || fail "/metrics has no userimg_ series"

# upload NAME FIELD PATH KEY GET_PATH: POSTs photo.jpg as FIELD to PATH,
# checks that the answer's KEY is a stored JPEG's URL that GET_PATH lists,
# and prints it.
upload() {
  local name=$1 field=$2 path=$3 key=$4 get=$5 stored
  request 200 "$work/$name-post.json" -H "$auth" -F "$field=@$work/photo.jpg;type=image/jpeg" "$base$path"
  stored=$(json_url "$work/$name-post.json" "$key")
  [[ $stored == /media/resume/images/*.jpg ]] || fail "POST $path returned '$stored' as $key"
  request 200 "$work/$name-get.json" -H "$auth" "$base$get"
  grep -qF "\"$stored\"" "$work/$name-get.json" || fail "GET $get does not show $stored"
  echo "$stored"
}

request 401 "$work/noauth.json" "$base/api/resume/user-images/"
a_url=$(upload a profile_image /api/resume/user-images/ profile_image /api/resume/user-images/)
request 200 "$work/a-image.jpg" -D "$work/a-image.headers" "$base$a_url"
grep -qi '^content-type: image/jpeg' "$work/a-image.headers" || fail "$a_url is not served as image/jpeg"
[[ $(head -c 3 "$work/a-image.jpg" | od -An -tx1 | tr -d ' ') == ffd8ff ]] || fail "$a_url is not a JPEG"
[[ $(stat -c '%G' /var/lib/userimg/media/"${a_url#/media/}") == www-data ]] ||
  fail "the stored image is not of group www-data"

b_url=$(upload b file /users/me/profile-image image_url /users/me)
request 200 "$work/b-image.jpg" "$base$b_url"
request 404 "$work/a-replaced.json" "$base$a_url"
request 200 "$work/default.png" "$base/static/userimg/default-profile.png"
# The public avatar's URL, answered by the installed nginx (as www-data) from
# the static links under the media tree: the image itself, not the app's
# redirect.
public=$(json_url "$work/b-get.json" public_avatar_url)
[[ $public == /avatars/* ]] || fail "GET /users/me gave '$public' as public_avatar_url"
request 200 "$work/public.jpg" -D "$work/public.headers" "$base$public?s=64"
grep -qi '^content-type: image/jpeg' "$work/public.headers" || fail "$public?s=64 is not served as image/jpeg"
grep -qi '^cache-control: public, max-age=300' "$work/public.headers" ||
  fail "$public?s=64 lacks the public Cache-Control"
[[ $(vipsheader -f width "$work/public.jpg") == 64 ]] || fail "$public?s=64 is not 64 px wide"

request 200 "$work/delete.json" -X DELETE -H "$auth" "$base/users/me/profile-image"
# Deleted: the app again, redirecting to the default image.
request 302 "$work/public-deleted.json" "$base$public?s=64"
request 404 "$work/b-deleted.json" "$base$b_url"
request 200 "$work/a-after.json" -H "$auth" "$base/api/resume/user-images/"
grep -qF "$b_url" "$work/a-after.json" && fail "the deleted image is still listed"

# An upgrade (the same package again) keeps the secret, the data and the
# administrator's edit of a conffile.
step "dpkg -i again (upgrade)"
echo "; edited by the package test" >>/etc/userimg/userimg.ini
dpkg -i "$deb" </dev/null >"$work/dpkg-upgrade.txt" 2>&1 || {
  cat "$work/dpkg-upgrade.txt" >&2
  fail "dpkg -i over the installed package failed"
}
cat "$work/dpkg-upgrade.txt" >&2
[[ $(sed -n 's/^USERIMG_JWT_SECRET=//p' /etc/userimg/secret.env) == "$secret" ]] || fail "the upgrade changed the secret"
grep -qx '; edited by the package test' /etc/userimg/userimg.ini || fail "the upgrade lost an edit of userimg.ini"
request 200 "$work/a-upgraded.json" -H "$auth" "$base/api/resume/user-images/"
cmp -s "$work/a-after.json" "$work/a-upgraded.json" || fail "the upgrade changed the user's images"

# ---- 5. Stop, purge, nothing left ---------------------------------------------------
step "stopping"
tracked_stop "$app_pid" 20 || fail "userimg-fcgi ignored SIGTERM"
wait "$pid" || fail "userimg-fcgi exited with status $? on SIGTERM"
grep -q 'userimg-fcgi stopped' "$app_log" || fail "no clean stop in the log"
grep -q 'READY=1STOPPING=1' "$notify_log" || fail "userimg-fcgi sent no STOPPING=1 after READY=1 on SIGTERM"
tracked_stop "$notify_pid" 5

# The other way systemd passes a socket: LISTEN_FDS (fd 3), as
# systemd-socket-activate does (setpriv execs in place, keeping LISTEN_PID).
if command -v systemd-socket-activate >/dev/null; then
  step "the daemon with its socket as LISTEN_FDS (systemd-socket-activate)"
  rm -f "$listen"
  (
    cd /
    exec "${unit_env[@]}" systemd-socket-activate -l "$listen" -E USERIMG_JWT_SECRET \
      setpriv --reuid "$run_user" --regid "$run_group" --init-groups -- "${start[@]}"
  ) </dev/null >"$app_log" 2>&1 &
  track $! "$app_pid"
  stack_wait_unix_socket "$listen" 10 || fail "systemd-socket-activate made no $listen"
  chgrp www-data "$listen" && chmod 0660 "$listen"
  request 200 "$work/a-listen-fds.json" -H "$auth" "$base/api/resume/user-images/"
  grep -q 'listening on the socket passed on standard input' "$app_log" ||
    fail "userimg-fcgi did not take the LISTEN_FDS socket"
  tracked_stop "$app_pid" 20 || fail "userimg-fcgi (LISTEN_FDS) ignored SIGTERM"
  cat "$app_log" >&2
  grep -q 'userimg-fcgi stopped' "$app_log" || fail "no clean stop after LISTEN_FDS"
fi
stack_stop_nginx "$nginx_prefix"

step "dpkg --purge userimg"
dpkg --purge userimg >&2
[[ $(dpkg-query -W -f='${db:Status-Abbrev}' userimg 2>/dev/null || true) =~ ^(un |)$ ]] ||
  fail "userimg is still known to dpkg"
left=0
while read -r path; do
  [[ -z $path || -d $path ]] && continue # directories: new-dirs.txt below
  if [[ -e $path || -L $path ]]; then
    echo "left behind: $path" >&2
    left=1
  fi
done <"$work/listed.txt"
while read -r dir; do
  [[ -e $dir ]] && echo "left behind: $dir/" >&2 && left=1
done <"$work/new-dirs.txt"
for path in /etc/userimg /var/lib/userimg /run/userimg; do
  [[ -e $path ]] && echo "left behind: $path" >&2 && left=1
done
getent passwd userimg >&2 && left=1
getent group userimg >&2 && left=1
snapshot >"$work/after.txt"
diff -u "$work/before.txt" "$work/after.txt" >&2 || left=1
((left == 0)) || fail "the purge left the above behind"
step "PASS"
