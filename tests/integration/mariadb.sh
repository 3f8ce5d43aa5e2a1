#!/usr/bin/env bash
# A private MariaDB server for the tests: its own data directory, socket, pid
# file and log under DIR, listening on 127.0.0.1:PORT only.
#
#   mariadb.sh start DIR PORT   initialise DIR/data afresh, start, wait until
#                               ready, create the test account
#   mariadb.sh stop DIR         shut it down and remove DIR/data
# The database faults (tests/integration/db_faults_test.cpp), keeping DIR/data:
#   mariadb.sh down DIR         shut it down cleanly (as `systemctl stop` would)
#   mariadb.sh crash DIR        kill -9 it (InnoDB recovers at the next start)
#   mariadb.sh up DIR PORT      start it again on the existing data, wait until
#                               the test account can log in
#
# The account: 'userimg'@'127.0.0.1' (and @'localhost') identified by
# 'userimg-test', with every privilege on the databases named userimg_*;
# the tests create and drop their own databases there.
#
# USERIMG_MARIADB_ARGS: extra mariadbd options, split on spaces (bench/run's
# BENCH_MARIADB_ARGS; empty for the tests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=mariadb
source "$here/../../scripts/lib/stack.sh"

readonly test_user=userimg test_password=userimg-test

usage() { stack_die "usage: $0 start DIR PORT | stop DIR | down DIR | crash DIR | up DIR PORT"; }

root_sql() {
  mariadb --no-defaults --protocol=socket --socket="$sock" -uroot -e "$1"
}

start() {
  local port=$1 i
  stop_server
  stack_port_free "$port" ||
    stack_die "port 127.0.0.1:$port is already in use: another MariaDB (another build's tests?); stop it first"
  rm -rf "$dir/data"
  mkdir -p "$dir/data"
  : >"$dir/mariadbd.log"
  stack_log "initialising $dir/data"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=socket --skip-test-db \
    >"$dir/install.log" 2>&1 || {
    cat "$dir/install.log" >&2
    stack_die "mariadb-install-db failed"
  }
  run_server "$port"
  root_sql "
    CREATE USER '$test_user'@'127.0.0.1' IDENTIFIED BY '$test_password';
    CREATE USER '$test_user'@'localhost' IDENTIFIED BY '$test_password';
    GRANT ALL PRIVILEGES ON \`userimg\\_%\`.* TO '$test_user'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON \`userimg\\_%\`.* TO '$test_user'@'localhost';"
  wait_account "$port"
}

# run_server PORT: mariadbd on the data in DIR/data, until it answers root's ping.
run_server() {
  local port=$1 i
  stack_log "starting mariadbd on 127.0.0.1:$port"
  # flush-log-at-trx-commit=2: each commit reaches the OS (no fsync), so a
  # commit survives mariadbd being killed (db_faults_test.cpp); 0 would lose
  # the last second of commits with the process.
  setsid mariadbd --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --bind-address=127.0.0.1 --port="$port" --socket="$sock" \
    --pid-file="$dir/mariadbd.pid" --log-error="$dir/mariadbd.log" \
    --skip-name-resolve --max-connections=300 \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
    --innodb-flush-log-at-trx-commit=2 --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci ${USERIMG_MARIADB_ARGS:-} \
    </dev/null >>"$dir/mariadbd.log" 2>&1 &
  echo $! >"$dir/mariadbd.pid"
  for ((i = 0; i < 600; i++)); do
    if mariadb-admin --no-defaults --protocol=socket --socket="$sock" -uroot ping >/dev/null 2>&1; then
      break
    fi
    if ! stack_pid_running "$dir/mariadbd.pid"; then
      tail -n 30 "$dir/mariadbd.log" >&2
      stack_die "mariadbd exited during start-up (log: $dir/mariadbd.log)"
    fi
    sleep 0.1
  done
  ((i < 600)) || stack_die "mariadbd not ready after 60s (log: $dir/mariadbd.log)"
}

wait_account() {
  local port=$1
  mariadb --no-defaults -h127.0.0.1 -P"$port" -u"$test_user" -p"$test_password" \
    -e 'SELECT 1' >/dev/null || stack_die "the test account cannot log in over TCP"
  stack_log "ready: 127.0.0.1:$port user $test_user"
}

stop_server() {
  if stack_pid_running "$dir/mariadbd.pid"; then
    mariadb-admin --no-defaults --protocol=socket --socket="$sock" -uroot \
      --shutdown-timeout=20 shutdown >/dev/null 2>&1 || true
    stack_stop_pidfile "$dir/mariadbd.pid" 30
  fi
  rm -f "$dir/mariadbd.pid" "$sock"
}

(($# >= 2)) || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
sock=$dir/mariadbd.sock
stack_check_socket_path "$sock"
case $cmd in
  start) (($# == 3)) || usage; start "$3" ;;
  stop)
    stop_server
    rm -rf "$dir/data"
    stack_log "stopped"
    ;;
  down) (($# == 2)) || usage; stop_server; stack_log "down (data kept)" ;;
  crash)
    (($# == 2)) || usage
    if pid=$(cat "$dir/mariadbd.pid" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]]; then
      kill -KILL "$pid" 2>/dev/null || true
      stack_stop_pidfile "$dir/mariadbd.pid" 10
    fi
    rm -f "$dir/mariadbd.pid" "$sock"
    stack_log "killed (data kept)"
    ;;
  up)
    (($# == 3)) || usage
    [[ -d $dir/data/mysql ]] || stack_die "$dir/data holds no database: use start"
    stack_port_free "$3" || stack_die "port 127.0.0.1:$3 is already in use"
    run_server "$3"
    wait_account "$3"
    ;;
  *) usage ;;
esac
