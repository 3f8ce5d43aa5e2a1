# shellcheck shell=bash
# Shell helpers to run a private userimg stack (userimg-fcgi behind nginx),
# shared by scripts/run and tests/integration/. Source it; it defines
# functions only. Every process started here is tracked by a pid file in the
# caller's directory, listens on 127.0.0.1 or a unix socket in that
# directory, and is stopped through that pid file.

# stack_die MESSAGE: print to stderr and exit 1.
stack_die() {
  echo "${STACK_LOG_TAG:-stack}: $*" >&2
  exit 1
}

stack_log() { echo "${STACK_LOG_TAG:-stack}: $*" >&2; }

# stack_clean_env: forget every USERIMG_* variable of the caller's
# environment, so a developer's settings never leak into a private stack's
# configuration (the app reads USERIMG_<SECTION>_<KEY> overrides).
stack_clean_env() {
  local name
  for name in $(compgen -e); do
    case $name in USERIMG_*) unset "$name" ;; esac
  done
}

# stack_check_socket_path PATH: unix socket paths are limited to 107 bytes.
stack_check_socket_path() {
  ((${#1} <= 100)) || stack_die "socket path too long for a unix socket (${#1} > 100): $1"
}

# stack_proc_alive PID: true while process PID runs: it is not a zombie, or
# it is a zombie whose other threads are still exiting. (After kill -9 the
# main thread is a zombie at once, while the others may still be tearing
# down and hold the process's files and locks.)
stack_proc_alive() {
  local tasks
  [[ -e /proc/$1 ]] || return 1
  tasks=(/proc/"$1"/task/*)
  ((${#tasks[@]} > 1)) && return 0
  [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# stack_pid_running PIDFILE: true when the pid file names a running process
# (stack_proc_alive).
stack_pid_running() {
  local pid
  # The server may remove its pid file at any moment (nginx does on exit).
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stack_proc_alive "$pid"
}

# stack_stop_pidfile PIDFILE [SECONDS]: SIGTERM the process named by the pid
# file, wait up to SECONDS (default 20) for it to go, then SIGKILL it. Removes
# the pid file. Succeeds when nothing is left running.
stack_stop_pidfile() {
  local file=$1 wait=${2:-20} pid i
  if ! stack_pid_running "$file"; then
    rm -f "$file"
    return 0
  fi
  pid=$(cat "$file" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait * 10; i++)); do
    stack_pid_running "$file" || break
    sleep 0.1
  done
  if stack_pid_running "$file"; then
    stack_log "pid $pid ($file) ignored SIGTERM for ${wait}s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$file"
}

# stack_wait_unix_socket PATH SECONDS [PIDFILE]: wait for a unix socket to
# appear (and, when given, for its server to stay alive).
stack_wait_unix_socket() {
  local path=$1 wait=$2 pidfile=${3:-} i
  for ((i = 0; i < wait * 10; i++)); do
    [[ -S $path ]] && return 0
    if [[ -n $pidfile ]] && ! stack_pid_running "$pidfile"; then return 1; fi
    sleep 0.1
  done
  return 1
}

# stack_wait_tcp HOST PORT SECONDS [PIDFILE]: wait until HOST:PORT accepts.
stack_wait_tcp() {
  local host=$1 port=$2 wait=$3 pidfile=${4:-} i
  for ((i = 0; i < wait * 10; i++)); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    if [[ -n $pidfile ]] && ! stack_pid_running "$pidfile"; then return 1; fi
    sleep 0.1
  done
  return 1
}

# stack_port_free PORT: true when nothing listens on 127.0.0.1:PORT.
stack_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# stack_render_nginx_conf SOURCE DEST LISTEN UPSTREAM MEDIA_DIR STATIC_DIR [MAX_BODY]
# Copies the shipped server block SOURCE (conf/nginx/userimg.conf) to DEST
# and the locations it includes (userimg-locations.conf beside SOURCE) to
# userimg-locations.conf beside DEST, with the deployment's values replaced:
# LISTEN ("127.0.0.1:8080"), UPSTREAM ("unix:/path/app.sock" or
# "127.0.0.1:9000"), MEDIA_DIR and STATIC_DIR (absolute directories) and,
# when given, MAX_BODY (an nginx size such as "10304k"); the server block's
# include then names the rendered locations, which include the shipped
# userimg-monitoring-allow.conf copied beside DEST (overwrite that copy to
# allow other addresses), and the server-level userimg-server-errors.conf
# beside DEST too. Fails when a shipped file no
# longer has one of the values it replaces.
stack_render_nginx_conf() {
  local src=$1 dest=$2 listen=$3 upstream=$4 media=${5%/}/ static=${6%/}/ max_body=${7:-}
  local locations_src locations needle
  locations_src=$(dirname "$src")/userimg-locations.conf
  locations=$(dirname "$dest")/userimg-locations.conf
  for needle in 'listen 80;' 'include /etc/nginx/snippets/userimg.conf;' \
    'include /etc/nginx/snippets/userimg-server-errors.conf;'; do
    grep -qF -- "$needle" "$src" || stack_die "$src no longer contains '$needle': update scripts/lib/stack.sh"
  done
  for needle in 'fastcgi_pass unix:/run/userimg/userimg.sock;' \
    'alias /var/lib/userimg/media/;' 'root /var/lib/userimg/media;' 'alias /usr/share/userimg/static/;' \
    'client_max_body_size ' 'include /etc/nginx/snippets/userimg-media-*.conf;' \
    'include /etc/nginx/snippets/userimg-monitoring-allow.conf;'; do
    grep -qF -- "$needle" "$locations_src" ||
      stack_die "$locations_src no longer contains '$needle': update scripts/lib/stack.sh"
  done
  sed -e "s|fastcgi_pass unix:/run/userimg/userimg.sock;|fastcgi_pass ${upstream};|" \
    -e "s|alias /var/lib/userimg/media/;|alias ${media};|" \
    -e "s|root /var/lib/userimg/media;|root ${media%/};|" \
    -e "s|alias /usr/share/userimg/static/;|alias ${static};|" \
    -e "s|include /etc/nginx/snippets/userimg-media-\*.conf;|include $(dirname "$dest")/userimg-media-*.conf;|" \
    -e "s|include /etc/nginx/snippets/userimg-monitoring-allow.conf;|include $(dirname "$dest")/userimg-monitoring-allow.conf;|" \
    "$locations_src" >"$locations.tmp"
  cp "$(dirname "$src")/userimg-monitoring-allow.conf" "$(dirname "$dest")/userimg-monitoring-allow.conf"
  cp "$(dirname "$src")/userimg-server-errors.conf" "$(dirname "$dest")/userimg-server-errors.conf"
  if [[ -n $max_body ]]; then
    sed -i -e "s|^\([[:space:]]*\)client_max_body_size [^;]*;|\1client_max_body_size ${max_body};|" \
      "$locations.tmp"
  fi
  mv "$locations.tmp" "$locations"
  sed -e "s|^\([[:space:]]*\)listen 80;|\1listen ${listen};|" \
    -e "s|include /etc/nginx/snippets/userimg.conf;|include ${locations};|" \
    -e "s|include /etc/nginx/snippets/userimg-server-errors.conf;|include $(dirname "$dest")/userimg-server-errors.conf;|" \
    "$src" >"$dest.tmp"
  mv "$dest.tmp" "$dest"
}

# stack_write_nginx_main PREFIX SITE_CONF: writes PREFIX/conf/nginx.conf, a
# complete private nginx configuration (pid, logs and temp files under
# PREFIX) that includes SITE_CONF (a rendered userimg.conf). Workers run as
# the invoking user, so they can read the media tree the app writes and
# connect to its socket whatever the socket's mode.
stack_write_nginx_main() {
  local prefix=${1%/} site=$2 user_line=""
  mkdir -p "$prefix/conf" "$prefix/conf/conf.d" "$prefix/logs" "$prefix/tmp/body" "$prefix/tmp/fastcgi" \
    "$prefix/tmp/proxy" "$prefix/tmp/scgi" "$prefix/tmp/uwsgi"
  cp /etc/nginx/fastcgi_params /etc/nginx/mime.types "$prefix/conf/"
  # The CORS maps the locations' error pages read, as Debian's conf.d/ has
  # them (/etc/nginx/conf.d/userimg-cors.conf): the shipped one (no origin)
  # unless the caller put a generated one there (userimgctl cors-conf nginx).
  if [[ ! -f $prefix/conf/conf.d/userimg-cors.conf ]]; then
    cp "$(dirname "${BASH_SOURCE[0]}")/../../conf/nginx/userimg-cors-map.conf" \
      "$prefix/conf/conf.d/userimg-cors.conf"
  fi
  # Likewise the public images' maps (conf.d/userimg-public.conf): the
  # shipped one (default sizes) unless the caller generated one
  # (userimgctl public-conf nginx).
  if [[ ! -f $prefix/conf/conf.d/userimg-public.conf ]]; then
    cp "$(dirname "${BASH_SOURCE[0]}")/../../conf/nginx/userimg-public-map.conf" \
      "$prefix/conf/conf.d/userimg-public.conf"
  fi
  if ((EUID == 0)); then
    user_line="user $(id -un) $(id -gn);"
  fi
  cat >"$prefix/conf/nginx.conf" <<EOF
# Generated by scripts/lib/stack.sh: a private nginx for one userimg stack.
${user_line}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log info;

events {
    worker_connections 256;
}

http {
    include mime.types;
    default_type application/octet-stream;
    # The combined format and nginx's request id, which the app's log
    # lines and X-Request-Id carry (conf/nginx passes it as REQUEST_ID).
    log_format userimg_ids '\$remote_addr - \$remote_user [\$time_local] "\$request" '
                           '\$status \$body_bytes_sent "\$http_referer" "\$http_user_agent" '
                           'request_id=\$request_id';
    access_log ${prefix}/logs/access.log userimg_ids;
    client_body_temp_path ${prefix}/tmp/body;
    fastcgi_temp_path ${prefix}/tmp/fastcgi;
    proxy_temp_path ${prefix}/tmp/proxy;
    scgi_temp_path ${prefix}/tmp/scgi;
    uwsgi_temp_path ${prefix}/tmp/uwsgi;
    sendfile on;

    # As Debian's conf.d/: http-level extras (none unless a stack adds them).
    include ${prefix}/conf/conf.d/*.conf;
    include ${site};
}
EOF
}

# stack_start_nginx PREFIX: tests the configuration, starts nginx (it
# daemonizes; its pid file is PREFIX/nginx.pid) and waits for its pid file.
stack_start_nginx() {
  local prefix=${1%/} i
  nginx -p "$prefix/" -c "$prefix/conf/nginx.conf" -t -q >>"$prefix/logs/startup.log" 2>&1 ||
    {
      cat "$prefix/logs/startup.log" >&2
      stack_die "nginx rejected $prefix/conf/nginx.conf"
    }
  nginx -p "$prefix/" -c "$prefix/conf/nginx.conf" </dev/null >>"$prefix/logs/startup.log" 2>&1 ||
    {
      cat "$prefix/logs/startup.log" >&2
      stack_die "nginx did not start (see $prefix/logs/)"
    }
  for ((i = 0; i < 100; i++)); do
    stack_pid_running "$prefix/nginx.pid" && return 0
    sleep 0.1
  done
  stack_die "nginx wrote no pid file in $prefix"
}

# stack_stop_nginx PREFIX
stack_stop_nginx() {
  stack_stop_pidfile "${1%/}/nginx.pid" 20
}

# stack_wait_http URL SECONDS: wait until URL answers any HTTP status.
stack_wait_http() {
  local url=$1 wait=$2 i code
  for ((i = 0; i < wait * 5; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
    [[ $code =~ ^[1-5][0-9][0-9]$ ]] && return 0
    sleep 0.2
  done
  return 1
}
