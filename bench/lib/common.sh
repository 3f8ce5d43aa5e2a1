# shellcheck shell=bash
# Helpers shared by bench/run, bench/web/run and bench/peer/run: fixtures, one wrk run, and
# the arithmetic and output of the result tables. Source it after
# scripts/lib/stack.sh; it defines functions only. They use the caller's
# $fixtures (a scratch directory), $lua (bench/stack/wrk/request.lua) and
# $results (the Markdown file every table line is appended to).

# make_jpeg OUT WIDTH HEIGHT NOISE_SIGMA QUALITY: gradients, diagonal stripes
# and Gaussian noise (a photo's entropy, not a flat colour), saved by libvips.
make_jpeg() {
  local out=$1 w=$2 h=$3 sigma=$4 q=$5 t
  t=$(mktemp -d "$fixtures/tmp.XXXXXX")
  vips xyz "$t/xy.v" "$w" "$h"
  vips extract_band "$t/xy.v" "$t/x.v" 0
  vips extract_band "$t/xy.v" "$t/y.v" 1
  vips linear "$t/x.v" "$t/r.v" "$(awk "BEGIN{print 255/$w}")" 0
  vips linear "$t/y.v" "$t/g.v" "$(awk "BEGIN{print 255/$h}")" 0
  vips add "$t/x.v" "$t/y.v" "$t/s.v"
  vips linear "$t/s.v" "$t/s2.v" 3 0
  vips math "$t/s2.v" "$t/sin.v" sin
  vips linear "$t/sin.v" "$t/b.v" 60 128
  vips bandjoin "$t/r.v $t/g.v $t/b.v" "$t/rgb.v"
  vips gaussnoise "$t/n.v" "$w" "$h" --sigma "$sigma" --mean 0
  vips add "$t/rgb.v" "$t/n.v" "$t/sum.v"
  vips cast "$t/sum.v" "$t/u8.v" uchar
  vips copy "$t/u8.v" "$out[Q=$q]" --interpretation srgb
  rm -rf "$t"
}

# wrk_once URL SECONDS CONNECTIONS [VAR=VALUE...]: one wrk run; sets
# rps p50 p99 bad sockerr from request.lua's RESULT line.
wrk_once() {
  local url=$1 secs=$2 c=$3 line
  shift 3
  line=$(env "$@" wrk -t2 -c"$c" -d"${secs}s" --timeout 30s -s "$lua" "$url" 2>&1 | grep '^RESULT') ||
    stack_die "wrk failed on $url"
  eval "$(sed -E 's/^RESULT //; s/ /\n/g' <<<"$line" | sed -E 's/^([a-z0-9_]+)=/w_\1=/')"
  rps=$w_rps p50=$w_p50_ms p99=$w_p99_ms bad=$w_bad sockerr=$w_socket_errors requests=$w_requests
}

# CPU time (user + system, clock ticks) a process has used so far.
readonly clk_tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a < b) }'; }
yesno() { if "$@"; then echo yes; else echo "**no**"; fi; }
out() { printf '%s\n' "$*" | tee -a "$results"; }

# bench_install PKG...: apt-get installs those of the Debian packages that
# are missing (root only), starting no service while they are configured
# (a temporary policy-rc.d answering 101, as scripts/install-deps does), so
# that installing php8.2-fpm or mariadb-server leaves no daemon behind.
bench_install() (
  local missing=() pkg policy=/usr/sbin/policy-rc.d
  for pkg in "$@"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && exit 0
  ((EUID == 0)) || stack_die "missing packages ${missing[*]}: run as root or apt-get install them"
  stack_log "installing ${missing[*]}"
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# Installed by bench/lib/common.sh bench_install: start no service.\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
)

# machine_line: "N cores (CPU model), X GiB RAM, kernel K" for a results header.
machine_line() {
  echo "$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u | paste -sd/)), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, kernel $(uname -r)"
}
