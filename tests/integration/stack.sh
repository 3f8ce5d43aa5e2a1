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
source "$here/stack_app.sh"
source "$here/stack_nginx.sh"
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

# lay_out_dirs: the stack's userimg.ini, data and media directories (in a
# directory www-data can enter for the Apache stacks; each a tmpfs with
# --tmpfs), and for mod_fcgid the program beside its ini.
lay_out_dirs() {
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
}

# start_cloudinary: the Cloudinary stand-in for --storage cloudinary, and
# what the app needs to use it (cloudinary_url, cloudinary_section).
start_cloudinary() {
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
  lay_out_dirs

  cloudinary_url=""
  local cloudinary_section=""
  case $storage in
    local) ;;
    cloudinary) start_cloudinary ;;
    *) usage ;;
  esac

  # shellcheck disable=SC2034  # upstream: read by start_stack_nginx
  local listen upstream threads_line
  choose_listen

  local db_section
  database_section

  write_ini "$ini" "$listen" "$data" "$media" "$max_bytes" "$secret" "$storage" "$db_section" \
    "$cloudinary_section" "${deletions//,/$'\n'}" "$threads_line" "$log_level" \
    "${log_settings//,/$'\n'}"
  if [[ -n $cors ]]; then printf '\n[http]\ncors_origins = %s\n' "$cors" >>"$ini"; fi
  if [[ -n $images ]]; then printf '\n[images]\n%s\n' "${images//,/$'\n'}" >>"$ini"; fi

  migrate_stack

  if [[ $web != apache-fcgid ]] && ! start_app; then
    dump_logs
    stop_stack
    stack_die "userimg-fcgi did not come up"
  fi

  case $web in
    nginx) start_stack_nginx ;;
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
