#!/usr/bin/env bash
# One private userimg stack for the integration tests: a userimg.ini, the
# migrated database, userimg-fcgi and a web server in front of it
# configured from the shipped files, all under DIR.
#
#   stack.sh start DIR --source SRC --build BUILD --port PORT --secret SECRET
#                      [--web nginx|apache-proxy-fcgi|apache-fcgid|shared-hosting]
#                      [--driver sqlite|mysql] [--mode unix|tcp|spawnfcgi]
#                      [--app-port N] [--mysql-port N] [--mysql-db NAME]
#                      [--max-bytes N] [--uploads-per-minute N] [--user NAME] [--threads N] [--log-level L]
#                      [--storage local|cloudinary --cloudinary-server BIN
#                       --cloudinary-port N --cloudinary-secret SECRET]
#                      [--deletions retry_seconds=1,sweep_interval_seconds=1]
#                      [--log format=json,user_ids=true,file=PATH]
#                      [--cors ORIGIN,ORIGIN...] [--uploader 1]
#                      [--images concurrency=1,queue=1] [--tmpfs SIZE] [--processes N]
#   stack.sh stop DIR
#   stack.sh app DIR down|up|kill|processes   take the app down (and keep it
#                           down), bring it back (returns when it answers),
#                           kill -9 it (a stack without a process manager
#                           starts it again), print how many app processes run
#   stack.sh sweep ROOT     stop every server any stack or MariaDB under ROOT
#                           left running (after an interrupted test run)
#
# Web servers (--web):
#   nginx              a private nginx from conf/nginx/userimg.conf (default)
#   apache-proxy-fcgi  a private Apache (a copy of Debian's /etc/apache2) with
#                      conf/apache/userimg.conf enabled by a2enmod/a2enconf;
#                      userimg-fcgi on a unix socket of group www-data
#   apache-fcgid       the same with conf/apache/userimg-fcgid.conf: Apache
#                      spawns userimg-fcgi (as www-data), which finds its
#                      userimg.ini beside itself
#   shared-hosting     Apache with mod_userdir, suEXEC and mod_fcgid as a host
#                      would run it; the self-contained build (scripts/bundle)
#                      set up by its bin/userimg-shared-hosting-setup in the
#                      home of a system user NAME (created, removed by stop),
#                      served at /~NAME/ through the .htaccess alone
#   (see stack_apache.sh)
# Modes (nginx): unix      userimg-fcgi binds DIR/app.sock itself
#                tcp       userimg-fcgi binds 127.0.0.1:APP_PORT
#                spawnfcgi spawn-fcgi binds DIR/app.sock and execs userimg-fcgi
#                          with the listening socket as fd 0
# Layout: DIR/userimg.ini, DIR/data (database, temp files), DIR/media (the
# storage root served as /media/; a link into a directory www-data can reach
# for the Apache stacks), DIR/app.log, DIR/app.pid, DIR/nginx/ or
# DIR/apache/, DIR/stack.env (what stop and app need to know).
# Storage cloudinary: BIN (cloudinary-test-server) runs on 127.0.0.1:N with
# cloud "it-cloud", API key "it-api-key" and SECRET (DIR/cloudinary.pid,
# DIR/cloudinary.log); userimg-fcgi gets
# CLOUDINARY_URL=cloudinary://it-api-key:SECRET@it-cloud?upload_prefix=http://127.0.0.1:N
# in its environment and [cloudinary] delivery_prefix = http://127.0.0.1:N.
# --deletions: ','-separated key=value lines for the [deletions] section;
# --log: the same for [log] (after its level).
# --accept 1: the web server's optional Accept recipe is on (WebP siblings
# served at the JPEG URLs): nginx gets conf/nginx/userimg-accept-map.conf in
# its conf.d/ and userimg-media-accept.conf beside the locations, Apache
# Define USERIMG_ACCEPT.
# --cors: [http] cors_origins, and the web server's copy of the list
# generated from the ini by `userimgctl cors-conf` as the README says
# (nginx: conf.d/userimg-cors.conf; Apache: conf-available/userimg-cors.conf;
# shared hosting: the customer adds it to userimg.ini and runs the setup
# again, which writes it into the .htaccess).
# --images: ','-separated key=value lines for the [images] section.
# --tmpfs SIZE (root only): DIR/media and DIR/data/tmp are each a tmpfs of
# SIZE (e.g. 4m) mounted by start and unmounted by stop, so that the storage
# faults (storage_faults_test.cpp) can fill them (ENOSPC) or remount them
# read-only.
# --processes N (nginx, --mode unix): N userimg-fcgi processes on one
# database and media tree (DIR/app.sock, DIR/app-2.sock, ...; pids in
# DIR/app.pid, DIR/app-2.pid, ...), each with its own sweeper, behind one
# nginx upstream (conf.d/userimg-processes.conf), as two hosts or mod_fcgid
# would run them.
# --uploader 1: the upload page is served at /userimg-uploader/ (nginx:
# conf/nginx/userimg-uploader.conf included beside the locations; Apache:
# Define USERIMG_UPLOADER), from the source tree's share/uploader/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=stack
source "$here/../../scripts/lib/stack.sh"
source "$here/../../scripts/lib/apache.sh"
source "$here/stack_apache.sh"
stack_clean_env

usage() {
  stack_die "usage: $0 start DIR --source SRC --build BUILD --port PORT --secret SECRET [--web nginx|apache-proxy-fcgi|apache-fcgid|shared-hosting] [--driver sqlite|mysql] [--mode unix|tcp|spawnfcgi] [--app-port N] [--mysql-port N] [--mysql-db NAME] [--max-bytes N] [--uploads-per-minute N] [--user NAME] | stop DIR | app DIR down|up|kill | sweep ROOT"
}

# The variables stop and app need, from DIR/stack.env (written by start).
web=nginx mode=unix port="" fcgi="" ini="" sock="" app_port="" cloudinary_url=""
program="" user="" prefix="" mounts="" processes=1
load_state() {
  # shellcheck disable=SC1091
  if [[ -f $dir/stack.env ]]; then source "$dir/stack.env"; fi
}
save_state() {
  local name
  : >"$dir/stack.env.tmp"
  for name in web mode port fcgi ini sock app_port cloudinary_url program user prefix mounts processes; do
    printf '%s=%q\n' "$name" "${!name}" >>"$dir/stack.env.tmp"
  done
  mv "$dir/stack.env.tmp" "$dir/stack.env"
}

# Stops this stack's web server and app. The app gets 30s to finish what it
# serves. Each step runs even when an earlier one failed.
stop_stack() {
  local rc=0
  load_state
  stack_stop_nginx "$dir/nginx" || rc=1
  apache_stop "$dir/apache" || rc=1
  local pidfile
  for pidfile in $(app_pidfiles); do stack_stop_pidfile "$pidfile" 30 || rc=1; done
  stack_stop_pidfile "$dir/cloudinary.pid" 10 || rc=1
  if [[ $web == shared-hosting && -n $user ]]; then shared_hosting_remove_user "$user" || rc=1; fi
  rm -f "$dir"/app.sock "$dir"/app-*.sock
  unmount_all || rc=1
  return $rc
}

# Unmounts the stack's tmpfs mounts (--tmpfs), wherever they are listed.
unmount_all() {
  local rc=0 m
  for m in $mounts $(awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts); do
    if mountpoint -q "$m"; then umount "$m" 2>/dev/null || umount -l "$m" || rc=1; fi
  done
  return $rc
}

dump_logs() {
  local f
  for f in "$dir/app.log" "$dir/migrate.log" "$dir/cloudinary.log" "$dir/nginx/logs/error.log" \
    "$dir/apache/log/error.log" "$dir/apache/log/startup.log" "$dir/www/app.log"; do
    if [[ -s $f ]]; then
      echo "---- last lines of $f" >&2
      tail -n 40 "$f" >&2
    fi
  done
}

# The pid files of the stack's own app processes (--processes).
app_pidfiles() {
  local i
  echo "$dir/app.pid"
  for ((i = 2; i <= processes; i++)); do echo "$dir/app-$i.pid"; done
}

# start_app: starts the stack's own userimg-fcgi process(es) (not under
# mod_fcgid) and waits for their sockets. Fails when one does not come up.
start_app() {
  if [[ -n $cloudinary_url ]]; then export CLOUDINARY_URL=$cloudinary_url; else unset CLOUDINARY_URL; fi
  # Read at every failpoint of a build with failpoints (faults_test.cpp
  # writes it); absent, it arms nothing.
  export USERIMG_FAILPOINTS_FILE=$dir/failpoints
  if ((processes > 1)); then
    local i one_sock=$sock one_pid
    for ((i = 1; i <= processes; i++)); do
      one_pid=$dir/app.pid
      ((i == 1)) || { one_sock=$dir/app-$i.sock one_pid=$dir/app-$i.pid; }
      stack_log "starting userimg-fcgi $i of $processes"
      USERIMG_SERVER_LISTEN=$one_sock \
        setsid "$fcgi" --config "$ini" </dev/null >>"$dir/app.log" 2>&1 &
      echo $! >"$one_pid"
      stack_wait_unix_socket "$one_sock" 30 "$one_pid" || return 1
    done
    return 0
  fi
  stack_log "starting userimg-fcgi ($mode)"
  if [[ $mode == spawnfcgi ]]; then
    # -n: spawn-fcgi binds the socket, puts it on fd 0 and execs the app in
    # this process (so the pid is the app's and its stderr is our log).
    setsid spawn-fcgi -n -s "$sock" -M 0660 -b 128 -- "$fcgi" --config "$ini" \
      </dev/null >>"$dir/app.log" 2>&1 &
  else
    setsid "$fcgi" --config "$ini" </dev/null >>"$dir/app.log" 2>&1 &
  fi
  echo $! >"$dir/app.pid"
  local ok=0
  case $mode in
    unix | spawnfcgi) stack_wait_unix_socket "$sock" 30 "$dir/app.pid" && ok=1 ;;
    tcp) stack_wait_tcp 127.0.0.1 "$app_port" 30 "$dir/app.pid" && ok=1 ;;
  esac
  ((ok)) && stack_pid_running "$dir/app.pid"
}

# wait_ready: until an unauthenticated GET goes through the web server to
# the app (401; 502/503 while the web server cannot reach it).
wait_ready() {
  local code="" deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
      "http://127.0.0.1:$port$prefix/api/resume/user-images/" || true)
    [[ $code == 401 ]] && return 0
    sleep 0.2
  done
  stack_log "GET $prefix/api/resume/user-images/ answered '$code', not 401"
  return 1
}

write_ini() { # write_ini FILE LISTEN DATA MEDIA MAX_BYTES SECRET STORAGE DB_SECTION CLOUDINARY DELETIONS THREADS LOG_LEVEL LOG_LINES
  local file=$1 listen=$2 data=$3 media=$4 max_bytes=$5 secret=$6 storage=$7 db_section=$8
  local cloudinary_section=$9 deletions_lines=${10} threads_line=${11} log_level=${12} log_lines=${13}
  cat >"$file" <<EOF
; Generated by tests/integration/stack.sh for one test stack.
[data]
dir = $data

[server]
listen = $listen
$threads_line
backlog = 128
socket_mode = 0660

[upload]
max_bytes = $max_bytes
temp_dir = $data/tmp
per_user_per_minute = ${uploads_per_minute:-0}

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
root = $media
media_prefix = /media/
profile_dir = resume/images
cover_dir = resume/covers
default_profile_url = /static/userimg/default-profile.png
$cloudinary_section

[deletions]
$deletions_lines

[log]
level = $log_level
$log_lines
EOF
}

start_stack() {
  local src="" build="" secret="" driver=sqlite app_port_arg=""
  local mysql_port=33061 mysql_db=userimg_it max_bytes=10485760
  local storage=local cld_server="" cld_port="" cld_secret="" deletions="" user_arg=userimg-it
  local threads=8 log_level=info accept=0 log_settings="" cors="" uploader=0 images="" tmpfs_size=""
  # [upload] per_user_per_minute: 0 (off) unless a test sets it, since the
  # shared stacks upload far more than 20 a minute for one user.
  local uploads_per_minute=0
  while (($#)); do
    case $1 in
      --source) src=$2 ;;
      --build) build=$2 ;;
      --port) port=$2 ;;
      --secret) secret=$2 ;;
      --web) web=$2 ;;
      --driver) driver=$2 ;;
      --mode) mode=$2 ;;
      --app-port) app_port_arg=$2 ;;
      --mysql-port) mysql_port=$2 ;;
      --mysql-db) mysql_db=$2 ;;
      --max-bytes) max_bytes=$2 ;;
      --uploads-per-minute) uploads_per_minute=$2 ;;
      --user) user_arg=$2 ;;
      --threads) threads=$2 ;;
      --log-level) log_level=$2 ;;
      --storage) storage=$2 ;;
      --cloudinary-server) cld_server=$2 ;;
      --cloudinary-port) cld_port=$2 ;;
      --cloudinary-secret) cld_secret=$2 ;;
      --deletions) deletions=$2 ;;
      --log) log_settings=$2 ;;
      --accept) accept=$2 ;;
      --cors) cors=$2 ;;
      --uploader) uploader=$2 ;;
      --images) images=$2 ;;
      --tmpfs) tmpfs_size=$2 ;;
      --processes) processes=$2 ;;
      *) usage ;;
    esac
    shift 2
  done
  [[ -n $src && -n $build && -n $port && -n $secret ]] || usage
  [[ $processes =~ ^[1-9][0-9]?$ ]] || stack_die "--processes must be 1 to 99"
  ((processes == 1)) || [[ $web == nginx && $mode == unix ]] ||
    stack_die "--processes is for nginx with --mode unix"
  case $web in nginx | apache-proxy-fcgi | apache-fcgid | shared-hosting) ;; *) usage ;; esac
  src=$(cd "$src" && pwd)
  build=$(cd "$build" && pwd)
  fcgi=$build/fcgi-app/userimg-fcgi
  local ctl=$build/fcgi-app/userimgctl
  [[ -x $fcgi ]] || stack_die "$fcgi is not built"
  [[ -x $ctl ]] || stack_die "$ctl is not built"
  [[ -f $build/share/default-profile.png ]] ||
    stack_log "warning: $build/share/default-profile.png is missing"

  # In a subshell: stop reads the previous stack.env, not these arguments.
  (stop_stack) || true
  stack_port_free "$port" || stack_die "port 127.0.0.1:$port is already in use"
  rm -rf "${dir:?}/data" "${dir:?}/media" "${dir:?}/nginx" "${dir:?}/apache" "$dir/stack.env"
  rm -f "$dir/app.log" "$dir/migrate.log" "$dir/cloudinary.log"

  if [[ $web == shared-hosting ]]; then
    user=$user_arg
    shared_hosting_start "$src" "$build" "$secret" "$max_bytes" "$cors"
    return
  fi

  local data=$dir/data media=$dir/media share=$build/share
  ini=$dir/userimg.ini
  case $web in
    apache-proxy-fcgi)
      local www
      www=$(stack_www_dir "$dir")
      media=$www/media
      share=$www/share
      sock=$www/run/app.sock
      mkdir -p "$www/run"
      chgrp www-data "$www/run"
      chmod 0750 "$www/run"
      ;;
    apache-fcgid)
      local www
      www=$(stack_www_dir "$dir")
      media=$www/media
      share=$www/share
      data=$www/data
      # The program and its userimg.ini beside it, found without --config.
      mkdir -p "$www/bin"
      program=$www/bin/userimg-fcgi
      ln -f "$fcgi" "$program" 2>/dev/null || cp "$fcgi" "$program"
      ini=$www/bin/userimg.ini
      ;;
  esac
  mkdir -p "$data/tmp" "$media"
  [[ $media == "$dir/media" ]] || ln -sfn "$media" "$dir/media"
  mounts=""
  if [[ -n $tmpfs_size ]]; then
    ((EUID == 0)) || stack_die "--tmpfs mounts file systems: run the tests as root"
    [[ $web == nginx ]] || stack_die "--tmpfs is for the nginx stacks"
    local m
    for m in "$media" "$data/tmp"; do
      mount -t tmpfs -o "size=$tmpfs_size,mode=0755" userimg-it "$m" ||
        stack_die "cannot mount a tmpfs on $m"
      mounts+="$m "
    done
    save_state  # stop unmounts them even if the start fails below
  fi

  cloudinary_url=""
  local cloudinary_section=""
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

  local listen upstream
  app_port=""
  case $mode in
    unix | spawnfcgi)
      [[ -n $sock ]] || sock=$dir/app.sock
      stack_check_socket_path "$sock"
      rm -f "$sock"
      listen=$sock
      [[ $mode == spawnfcgi ]] && listen=fd:0
      upstream=unix:$sock
      ;;
    tcp)
      app_port=$app_port_arg
      [[ -n $app_port ]] || stack_die "--mode tcp needs --app-port"
      stack_port_free "$app_port" || stack_die "port 127.0.0.1:$app_port is already in use"
      listen=127.0.0.1:$app_port
      upstream=127.0.0.1:$app_port
      ;;
    *) usage ;;
  esac
  # mod_fcgid passes the socket on fd 0 and gives each process one request
  # at a time: the app sizes itself (one worker thread).
  local threads_line="threads = $threads"
  # Apache's workers (www-data) connect to the socket: its group is theirs
  # ([server] socket_group), mode 0660, as a packaged service would have it.
  if [[ $web == apache-proxy-fcgi ]]; then threads_line+=$'\nsocket_group = www-data'; fi
  if [[ $web == apache-fcgid ]]; then
    listen=fd:0
    threads_line="; threads: one, as userimg-fcgi sees it runs under mod_fcgid"
  fi

  local db_section
  case $driver in
    sqlite)
      db_section="driver = sqlite
sqlite_path = $data/userimg.db"
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

  write_ini "$ini" "$listen" "$data" "$media" "$max_bytes" "$secret" "$storage" "$db_section" \
    "$cloudinary_section" "${deletions//,/$'\n'}" "$threads_line" "$log_level" \
    "${log_settings//,/$'\n'}"
  if [[ -n $cors ]]; then printf '\n[http]\ncors_origins = %s\n' "$cors" >>"$ini"; fi
  if [[ -n $images ]]; then printf '\n[images]\n%s\n' "${images//,/$'\n'}" >>"$ini"; fi

  stack_log "migrating ($driver)"
  if [[ -n $cloudinary_url ]]; then export CLOUDINARY_URL=$cloudinary_url; else unset CLOUDINARY_URL; fi
  local as_app=()
  if [[ $web == apache-fcgid ]]; then
    # Apache runs the app as www-data: its database and media are www-data's.
    chown -R www-data:www-data "$data" "$media"
    as_app=(setpriv --reuid=www-data --regid=www-data --clear-groups --)
  fi
  "${as_app[@]}" "$ctl" --config "$ini" migrate >"$dir/migrate.log" 2>&1 || {
    dump_logs
    stack_die "userimgctl migrate failed"
  }

  if [[ $web != apache-fcgid ]] && ! start_app; then
    dump_logs
    stop_stack
    stack_die "userimg-fcgi did not come up"
  fi

  case $web in
    nginx)
      stack_log "starting nginx on 127.0.0.1:$port"
      mkdir -p "$dir/nginx/conf"
      stack_render_nginx_conf "$src/conf/nginx/userimg.conf" "$dir/nginx/conf/userimg.conf" \
        "127.0.0.1:$port" "$upstream" "$media" "$share"
      mkdir -p "$dir/nginx/conf/conf.d"
      "$ctl" --config "$ini" cors-conf nginx >"$dir/nginx/conf/conf.d/userimg-cors.conf"
      "$ctl" --config "$ini" public-conf nginx >"$dir/nginx/conf/conf.d/userimg-public.conf"
      if [[ $uploader == 1 ]]; then
        sed -e "s|alias /usr/share/userimg/uploader/;|alias $src/share/uploader/;|" \
          "$src/conf/nginx/userimg-uploader.conf" >"$dir/nginx/conf/userimg-uploader.conf"
        sed -i "s|^\([[:space:]]*\)include $dir/nginx/conf/userimg-locations.conf;|&\n\1include $dir/nginx/conf/userimg-uploader.conf;|" \
          "$dir/nginx/conf/userimg.conf"
        grep -q userimg-uploader.conf "$dir/nginx/conf/userimg.conf" || stack_die "cannot include the uploader"
      fi
      stack_write_nginx_main "$dir/nginx" "$dir/nginx/conf/userimg.conf"
      # A client header timeout of 2 s instead of 60, so that the errors
      # suite sees what nginx does with headers that never end.
      sed -i 's/^http {$/&\n    client_header_timeout 2s;/' "$dir/nginx/conf/nginx.conf"
      grep -q 'client_header_timeout 2s;' "$dir/nginx/conf/nginx.conf" ||
        stack_die "cannot set client_header_timeout"
      if ((processes > 1)); then
        {
          echo "upstream userimg_it_processes {"
          echo "    server unix:$sock;"
          for ((i = 2; i <= processes; i++)); do echo "    server unix:$dir/app-$i.sock;"; done
          echo "}"
        } >"$dir/nginx/conf/conf.d/userimg-processes.conf"
        sed -i "s|fastcgi_pass unix:$sock;|fastcgi_pass userimg_it_processes;|" \
          "$dir/nginx/conf/userimg-locations.conf"
        grep -q 'fastcgi_pass userimg_it_processes;' "$dir/nginx/conf/userimg-locations.conf" ||
          stack_die "cannot point nginx at the processes' upstream"
      fi
      if [[ $accept == 1 ]]; then
        cp "$src/conf/nginx/userimg-accept-map.conf" "$dir/nginx/conf/conf.d/userimg-accept.conf"
        cp "$src/conf/nginx/userimg-media-accept.conf" "$dir/nginx/conf/"
      fi
      stack_start_nginx "$dir/nginx"
      ;;
    apache-proxy-fcgi | apache-fcgid)
      stack_start_apache "$src" "$build" "$share" "$media" "$max_bytes" "$ctl"
      ;;
  esac
  save_state

  if ! wait_ready; then
    dump_logs
    stop_stack
    stack_die "the stack does not answer through $web"
  fi
  stack_log "ready: http://127.0.0.1:$port (media $media)"
}

# app_control ACTION: down, up or kill (see the usage at the top).
app_control() {
  load_state
  [[ -n $port ]] || stack_die "$dir has no started stack"
  case $web in
    apache-fcgid | shared-hosting)
      managed_app_control "$1"
      return
      ;;
  esac
  case $1 in
    processes)
      local running=0 pidfile
      for pidfile in $(app_pidfiles); do
        if stack_pid_running "$pidfile"; then running=$((running + 1)); fi
      done
      echo "$running"
      ;;
    down | kill)
      local pid pidfile
      for pidfile in $(app_pidfiles); do
        if pid=$(cat "$pidfile" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]]; then
          kill -KILL "$pid" 2>/dev/null || true
          for ((i = 0; i < 100; i++)); do
            stack_pid_running "$pidfile" || break
            sleep 0.05
          done
        fi
        rm -f "$pidfile"
      done
      if [[ $1 == kill ]]; then app_control up; fi
      ;;
    up)
      # kill -9 left the socket file behind: listening again replaces it.
      start_app || {
        dump_logs
        stack_die "userimg-fcgi did not come back"
      }
      wait_ready || stack_die "the app is back but does not answer through $web"
      ;;
    *) usage ;;
  esac
}

sweep() {
  local root=$1 f
  [[ -d $root ]] || return 0
  while IFS= read -r -d '' f; do
    (dir=$(dirname "$f") && stop_stack) || true
  done < <(find "$root" -maxdepth 3 -name stack.env -print0)
  while IFS= read -r -d '' f; do
    if stack_pid_running "$f"; then
      stack_log "stopping leftover $(<"$f") from $f"
      stack_stop_pidfile "$f" 30
    fi
  done < <(find "$root" -maxdepth 4 \( -name 'app*.pid' -o -name nginx.pid -o -name mariadbd.pid \
    -o -name cloudinary.pid -o -name prometheus.pid \) -print0)
  # The private directories under /var/tmp that apache_www_dir made when
  # www-data could not enter ROOT (logs stay in ROOT).
  while IFS= read -r -d '' f; do
    local target
    target=$(readlink "$f")
    if [[ $target == /var/tmp/userimg-www.* ]]; then rm -rf "$target"; fi
    rm -f "$f"
  done < <(find "$root" -maxdepth 3 -name www -type l -print0)
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
  app)
    (($# == 1)) || usage
    app_control "$1"
    ;;
  sweep) sweep "$dir" ;;
  *) usage ;;
esac
