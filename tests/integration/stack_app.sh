# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034  # stack.sh's globals and start_stack's locals, read and set here
# The app parts of tests/integration/stack.sh (sourced by it, after
# scripts/lib/stack.sh): its userimg.ini, its database, its processes and
# their control (stack.sh app DIR ...). They use stack.sh's globals (dir,
# web, mode, port, prefix, fcgi, ini, sock, app_port, cloudinary_url,
# processes) and, during a start, start_stack's locals (bash scoping is
# dynamic).

# choose_listen: where the app listens (listen), where the web server finds
# it (upstream) and the [server] lines beyond listen (threads_line), for
# this stack's mode and web server.
choose_listen() {
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
  threads_line="threads = $threads"
  # Apache's workers (www-data) connect to the socket: its group is theirs
  # ([server] socket_group), mode 0660, as a packaged service would have it.
  if [[ $web == apache-proxy-fcgi ]]; then threads_line+=$'\nsocket_group = www-data'; fi
  if [[ $web == apache-fcgid ]]; then
    listen=fd:0
    threads_line="; threads: one, as userimg-fcgi sees it runs under mod_fcgid"
  fi
}

# database_section: the [database] lines for --driver (db_section); on
# MariaDB the stack's database is made afresh.
database_section() {
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
}

# migrate_stack: userimgctl migrate, as the user the app runs as.
migrate_stack() {
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
