#!/usr/bin/env bash
# One private userimg stack for the integration tests: a userimg.ini, the
# migrated database, userimg-fcgi and an nginx configured from the shipped
# conf/nginx/userimg.conf, all under DIR.
#
#   stack.sh start DIR --source SRC --build BUILD --port PORT --secret SECRET
#                      [--driver sqlite|mysql] [--mode unix|tcp|spawnfcgi]
#                      [--app-port N] [--mysql-port N] [--mysql-db NAME]
#                      [--max-bytes N]
#                      [--storage local|cloudinary --cloudinary-server BIN
#                       --cloudinary-port N --cloudinary-secret SECRET]
#                      [--deletions retry_seconds=1,sweep_interval_seconds=1]
#   stack.sh stop DIR
#   stack.sh sweep ROOT     stop every server any stack or MariaDB under ROOT
#                           left running (after an interrupted test run)
#
# Modes: unix      userimg-fcgi binds DIR/app.sock itself
#        tcp       userimg-fcgi binds 127.0.0.1:APP_PORT
#        spawnfcgi spawn-fcgi binds DIR/app.sock and execs userimg-fcgi with
#                  the listening socket as fd 0 ([server] listen = fd:0)
# Layout: DIR/userimg.ini, DIR/data (database, temp files), DIR/media (the
# storage root nginx serves as /media/), DIR/app.log, DIR/app.pid, DIR/nginx/.
# Storage cloudinary: BIN (cloudinary-test-server) runs on 127.0.0.1:N with
# cloud "it-cloud", API key "it-api-key" and SECRET (DIR/cloudinary.pid,
# DIR/cloudinary.log); userimg-fcgi gets
# CLOUDINARY_URL=cloudinary://it-api-key:SECRET@it-cloud?upload_prefix=http://127.0.0.1:N
# in its environment and [cloudinary] delivery_prefix = http://127.0.0.1:N.
# --deletions: ','-separated key=value lines for the [deletions] section.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=stack
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

usage() {
  stack_die "usage: $0 start DIR --source SRC --build BUILD --port PORT --secret SECRET [--driver sqlite|mysql] [--mode unix|tcp|spawnfcgi] [--app-port N] [--mysql-port N] [--mysql-db NAME] [--max-bytes N] | stop DIR | sweep ROOT"
}

# Stops this stack's nginx and app. The app gets 30s to finish what it serves.
# Each step runs even when an earlier one failed.
stop_stack() {
  local rc=0
  stack_stop_nginx "$dir/nginx" || rc=1
  stack_stop_pidfile "$dir/app.pid" 30 || rc=1
  stack_stop_pidfile "$dir/cloudinary.pid" 10 || rc=1
  rm -f "$dir/app.sock"
  return $rc
}

dump_logs() {
  local f
  for f in "$dir/app.log" "$dir/migrate.log" "$dir/cloudinary.log" "$dir/nginx/logs/error.log"; do
    if [[ -s $f ]]; then
      echo "---- last lines of $f" >&2
      tail -n 40 "$f" >&2
    fi
  done
}

start_stack() {
  local src="" build="" port="" secret="" driver=sqlite mode=unix app_port=""
  local mysql_port=33061 mysql_db=userimg_it max_bytes=10485760
  local storage=local cld_server="" cld_port="" cld_secret="" deletions=""
  while (($#)); do
    case $1 in
      --source) src=$2 ;;
      --build) build=$2 ;;
      --port) port=$2 ;;
      --secret) secret=$2 ;;
      --driver) driver=$2 ;;
      --mode) mode=$2 ;;
      --app-port) app_port=$2 ;;
      --mysql-port) mysql_port=$2 ;;
      --mysql-db) mysql_db=$2 ;;
      --max-bytes) max_bytes=$2 ;;
      --storage) storage=$2 ;;
      --cloudinary-server) cld_server=$2 ;;
      --cloudinary-port) cld_port=$2 ;;
      --cloudinary-secret) cld_secret=$2 ;;
      --deletions) deletions=$2 ;;
      *) usage ;;
    esac
    shift 2
  done
  [[ -n $src && -n $build && -n $port && -n $secret ]] || usage
  src=$(cd "$src" && pwd)
  build=$(cd "$build" && pwd)
  local fcgi=$build/fcgi-app/userimg-fcgi ctl=$build/fcgi-app/userimgctl
  [[ -x $fcgi ]] || stack_die "$fcgi is not built"
  [[ -x $ctl ]] || stack_die "$ctl is not built"
  [[ -f $build/share/default-profile.png ]] ||
    stack_log "warning: $build/share/default-profile.png is missing"

  stop_stack
  stack_port_free "$port" || stack_die "port 127.0.0.1:$port is already in use"
  rm -rf "${dir:?}/data" "${dir:?}/media" "${dir:?}/nginx"
  mkdir -p "$dir/data/tmp" "$dir/media"
  rm -f "$dir/app.log" "$dir/migrate.log" "$dir/cloudinary.log"

  local cloudinary_section="" cloudinary_url=""
  case $storage in
    local) ;;
    cloudinary)
      [[ -x $cld_server && -n $cld_port && -n $cld_secret ]] ||
        stack_die "--storage cloudinary needs --cloudinary-server, --cloudinary-port and --cloudinary-secret"
      stack_port_free "$cld_port" || stack_die "port 127.0.0.1:$cld_port is already in use"
      stack_log "starting cloudinary-test-server on 127.0.0.1:$cld_port"
      CLOUDINARY_TEST_API_SECRET=$cld_secret setsid "$cld_server" --port "$cld_port" \
        --cloud-name it-cloud --api-key it-api-key </dev/null >>"$dir/cloudinary.log" 2>&1 &
      echo $! >"$dir/cloudinary.pid"
      if ! stack_wait_tcp 127.0.0.1 "$cld_port" 30 "$dir/cloudinary.pid"; then
        dump_logs
        stop_stack
        stack_die "cloudinary-test-server did not come up"
      fi
      cloudinary_url="cloudinary://it-api-key:$cld_secret@it-cloud?upload_prefix=http://127.0.0.1:$cld_port"
      # The credentials come from CLOUDINARY_URL (the environment), never the file.
      cloudinary_section="
[cloudinary]
delivery_prefix = http://127.0.0.1:$cld_port
connect_timeout_ms = 1000
timeout_ms = 3000
max_attempts = 2"
      ;;
    *) usage ;;
  esac

  local listen upstream sock=$dir/app.sock
  case $mode in
    unix | spawnfcgi)
      stack_check_socket_path "$sock"
      rm -f "$sock"
      listen=$sock
      [[ $mode == spawnfcgi ]] && listen=fd:0
      upstream=unix:$sock
      ;;
    tcp)
      [[ -n $app_port ]] || stack_die "--mode tcp needs --app-port"
      stack_port_free "$app_port" || stack_die "port 127.0.0.1:$app_port is already in use"
      listen=127.0.0.1:$app_port
      upstream=127.0.0.1:$app_port
      ;;
    *) usage ;;
  esac

  local db_section
  case $driver in
    sqlite)
      db_section="driver = sqlite
sqlite_path = $dir/data/userimg.db"
      ;;
    mysql)
      db_section="driver = mysql
host = 127.0.0.1
port = $mysql_port
user = userimg
password = userimg-test
name = $mysql_db
pool_max = 16"
      mariadb --no-defaults -h127.0.0.1 -P"$mysql_port" -uuserimg -puserimg-test -e \
        "DROP DATABASE IF EXISTS \`$mysql_db\`; CREATE DATABASE \`$mysql_db\` CHARACTER SET utf8mb4;" ||
        stack_die "cannot create database $mysql_db on 127.0.0.1:$mysql_port (is the mariadb fixture up?)"
      ;;
    *) usage ;;
  esac

  local deletions_lines=${deletions//,/$'\n'}
  cat >"$dir/userimg.ini" <<EOF
; Generated by tests/integration/stack.sh for one test stack.
[data]
dir = $dir/data

[server]
listen = $listen
threads = 8
backlog = 128
socket_mode = 0660

[upload]
max_bytes = $max_bytes
temp_dir = $dir/data/tmp

[jwt]
secret = $secret
algorithms = HS256
leeway = 30

[users]
auto_provision = true

[database]
$db_section

[storage]
backend = $storage
root = $dir/media
media_prefix = /media/
profile_dir = resume/images
cover_dir = resume/covers
default_profile_url = /static/userimg/default-profile.png
$cloudinary_section

[deletions]
$deletions_lines

[log]
level = info
EOF

  stack_log "migrating ($driver)"
  if [[ -n $cloudinary_url ]]; then export CLOUDINARY_URL=$cloudinary_url; else unset CLOUDINARY_URL; fi
  "$ctl" --config "$dir/userimg.ini" migrate >"$dir/migrate.log" 2>&1 || {
    dump_logs
    stack_die "userimgctl migrate failed"
  }

  stack_log "starting userimg-fcgi ($mode: $listen)"
  if [[ $mode == spawnfcgi ]]; then
    # -n: spawn-fcgi binds the socket, puts it on fd 0 and execs the app in
    # this process (so the pid is the app's and its stderr is our log).
    setsid spawn-fcgi -n -s "$sock" -M 0660 -b 128 -- "$fcgi" --config "$dir/userimg.ini" \
      </dev/null >>"$dir/app.log" 2>&1 &
  else
    setsid "$fcgi" --config "$dir/userimg.ini" </dev/null >>"$dir/app.log" 2>&1 &
  fi
  echo $! >"$dir/app.pid"
  local ok=0
  case $mode in
    unix | spawnfcgi) stack_wait_unix_socket "$sock" 30 "$dir/app.pid" && ok=1 ;;
    tcp) stack_wait_tcp 127.0.0.1 "$app_port" 30 "$dir/app.pid" && ok=1 ;;
  esac
  if ((!ok)) || ! stack_pid_running "$dir/app.pid"; then
    dump_logs
    stop_stack
    stack_die "userimg-fcgi did not come up"
  fi

  stack_log "starting nginx on 127.0.0.1:$port"
  mkdir -p "$dir/nginx/conf"
  stack_render_nginx_conf "$src/conf/nginx/userimg.conf" "$dir/nginx/conf/userimg.conf" \
    "127.0.0.1:$port" "$upstream" "$dir/media" "$build/share"
  stack_write_nginx_main "$dir/nginx" "$dir/nginx/conf/userimg.conf"
  stack_start_nginx "$dir/nginx"

  # Ready when a request goes through nginx to the app: an unauthenticated
  # GET is answered 401 by the app (502 while nginx cannot reach it).
  local code="" i
  for ((i = 0; i < 100; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
      "http://127.0.0.1:$port/api/resume/user-images/" || true)
    [[ $code == 401 ]] && break
    sleep 0.2
  done
  if [[ $code != 401 ]]; then
    dump_logs
    stop_stack
    stack_die "GET /api/resume/user-images/ through nginx answered '$code', not 401"
  fi
  stack_log "ready: http://127.0.0.1:$port (media $dir/media)"
}

sweep() {
  local root=$1 f
  [[ -d $root ]] || return 0
  while IFS= read -r -d '' f; do
    if stack_pid_running "$f"; then
      stack_log "stopping leftover $(<"$f") from $f"
      stack_stop_pidfile "$f" 30
    fi
  done < <(find "$root" -maxdepth 4 \( -name app.pid -o -name nginx.pid -o -name mariadbd.pid \
    -o -name cloudinary.pid \) -print0)
}

(($# >= 2)) || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
shift 2
case $cmd in
  start) start_stack "$@" ;;
  stop)
    stop_stack
    stack_log "stopped $dir"
    ;;
  sweep) sweep "$dir" ;;
  *) usage ;;
esac
