# shellcheck shell=bash
# Helpers of package_test.sh (source it; functions only).
#
# The background processes of the test, each recorded as "PID STARTTIME"
# in a file, so that a PID the kernel has given to another process since
# (pid_max is 32768 and a build forks a lot) is never taken for ours, nor
# signalled.
proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }
track() { echo "$1 $(proc_start "$1")" >"$2"; } # PID FILE
tracked_running() {                              # FILE
  local pid start
  read -r pid start <"$1" 2>/dev/null || return 1
  [[ -n $start && $(proc_start "$pid") == "$start" ]] || return 1
  stack_proc_alive "$pid"
}
# tracked_stop FILE SECONDS: SIGTERM, SIGKILL after SECONDS; fails when
# SIGTERM did not stop it.
tracked_stop() {
  local pid start i
  read -r pid start <"$1" 2>/dev/null || return 0
  if tracked_running "$1"; then
    kill -TERM "$pid"
    for ((i = 0; i < $2 * 10; i++)); do
      tracked_running "$1" || break
      sleep 0.1
    done
    if tracked_running "$1"; then
      grep -H '' /proc/"$pid"/task/*/stat /proc/"$pid"/task/*/wchan >&2 || true
      kill -KILL "$pid"
      rm -f "$1"
      return 1
    fi
  fi
  rm -f "$1"
}
