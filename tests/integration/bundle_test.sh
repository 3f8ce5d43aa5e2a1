#!/usr/bin/env bash
# The self-contained build (scripts/bundle) works on a host that has nothing
# but the base runtime: the tarball is made from BUILD_DIR's binaries and
# unpacked into a chroot that holds only copies of the host's glibc objects,
# libstdc++.so.6 and libgcc_s.so.1 (no libvips, Poco, glib, libcurl, SQLite
# or OpenSSL); there the dynamic loader must resolve every library either
# inside the bundle or to that base runtime (its lists are printed), and
# userimg-fcgi, started in the chroot behind a private nginx, must pass the
# user_images, users_me and image_pipeline suites and take HEIC and AVIF
# uploads through the bundled HEIF module.
#
#   bundle_test.sh DIR SOURCE_DIR BUILD_DIR PORT
#
# Everything lives under DIR: dist/ (the tarball), root/ (the chroot, the
# bundle at root/opt/userimg, the app's data under root/var/userimg, its
# socket root/run/app.sock), nginx/ (on 127.0.0.1:PORT), app.log. Every
# command in the chroot runs in a private mount namespace (unshare --mount
# --propagation private) that bind-mounts /dev/null, /dev/zero and
# /dev/urandom and mounts a fresh /proc there; none of it is visible outside
# and it all goes when the namespace's processes exit. Needs root: run as
# another user it exits 77 (ctest reports the test as skipped).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STACK_LOG_TAG=bundle_test
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/stack.sh
source "$here/../../scripts/lib/stack.sh"
stack_clean_env

(($# == 4)) || stack_die "usage: $0 DIR SOURCE_DIR BUILD_DIR PORT"
if ((EUID != 0)); then
  stack_log "SKIP: needs root (chroot and a private mount namespace)"
  exit 77
fi
for tool in unshare chroot nginx curl vips patchelf; do
  command -v "$tool" >/dev/null || stack_die "$tool is missing (scripts/install-deps)"
done
mkdir -p "$1"
dir=$(cd "$1" && pwd -P) # physical: compared with /proc/PID/root
src=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
port=$4
tests=$build/tests/integration/userimg_integration_tests
[[ -x $tests ]] || stack_die "$tests is not built"

root=$dir/root
app=/opt/userimg         # the bundle, inside the chroot
var=/var/userimg         # the app's data, inside the chroot
sock=$root/run/app.sock  # the app's socket, seen from outside
secret=userimg-it-secret-bundle-0123456789
# The integration stacks' [upload] max_bytes (USERIMG_IT_MAX_BYTES): the
# default, which the shipped nginx client_max_body_size is sized for.
max_bytes=10485760
loader=/lib64/ld-linux-x86-64.so.2
stack_check_socket_path "$sock"

fail() {
  local f
  echo "bundle_test: FAIL: $*" >&2
  for f in "$dir/migrate.log" "$dir/app.log" "$dir/nginx/logs/error.log"; do
    if [[ -s $f ]]; then
      echo "---- last lines of $f" >&2
      tail -n 40 "$f" >&2
    fi
  done
  exit 1
}

# is_base SONAME: what the chroot may hold besides the bundle: glibc's own
# objects, libstdc++ and libgcc_s.
is_base() {
  case $1 in
    ld-linux-x86-64.so.2 | libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | \
      libresolv.so.2 | libutil.so.1 | libanl.so.1 | libnsl.so.1 | libnss_*.so.2 | libmvec.so.1 | \
      libBrokenLocale.so.1 | libthread_db.so.1 | libc_malloc_debug.so.0 | libstdc++.so.6 | \
      libgcc_s.so.1)
      return 0
      ;;
  esac
  return 1
}

# The private namespace's set-up, run by unshare: mounts, then the command
# in the chroot with an empty environment (no LD_LIBRARY_PATH to lean on).
# "exec" all the way, so the pid unshare starts with is the command's.
# shellcheck disable=SC2016
chroot_setup='set -e
root=$1
shift
for dev in null zero urandom; do mount --bind "/dev/$dev" "$root/dev/$dev"; done
mount -t proc proc "$root/proc"
chroot=$(command -v chroot)
exec env -i HOME=/tmp TMPDIR=/tmp PATH=/opt/userimg/bin "$chroot" "$root" "$@"'

# in_chroot COMMAND...: runs COMMAND (paths inside the chroot) in the chroot.
in_chroot() {
  unshare --mount --propagation private -- bash -c "$chroot_setup" in-chroot "$root" "$@"
}

# Processes whose root directory is the chroot (whatever started them).
chroot_pids() {
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]] && echo "${p#/proc/}"
  done
  return 0
}

# Mounts under DIR in this (the outer) namespace: there must never be any.
outer_mounts() {
  awk -v root="$root" '$5 == root || index($5, root "/") == 1 { print $5 }' /proc/self/mountinfo
}

# stop_app: SIGTERM the app (30 s, then SIGKILL), when its pid file names
# a process running in the chroot.
stop_app() {
  local pid
  pid=$(cat "$dir/app.pid" 2>/dev/null) || return 0
  if [[ $pid =~ ^[0-9]+$ && $(readlink "/proc/$pid/root" 2>/dev/null) == "$root" ]]; then
    stack_stop_pidfile "$dir/app.pid" 30
  fi
  rm -f "$dir/app.pid"
}

# Stops nginx and the app, kills whatever else still runs in the chroot,
# and unmounts anything under the chroot this namespace sees. Each step runs
# even when an earlier one failed.
cleanup() {
  local pid m
  stack_stop_nginx "$dir/nginx" || true
  stop_app || true
  for pid in $(chroot_pids); do kill -KILL "$pid" 2>/dev/null || true; done
  for m in $(outer_mounts | sort -r); do umount -l "$m" || true; done
  rm -f "$sock"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cleanup
[[ -z $(outer_mounts) ]] || stack_die "mounts left under $root: $(outer_mounts | tr '\n' ' ')"
stack_port_free "$port" || stack_die "port 127.0.0.1:$port is already in use"
rm -rf "${dir:?}/dist" "${dir:?}/root" "${dir:?}/nginx" "${dir:?}/work"
rm -f "$dir/app.log" "$dir/migrate.log" "$dir/app.pid"
mkdir -p "$dir/work"

# ---- The tarball ---------------------------------------------------------------
stack_log "scripts/bundle --build $build"
tarball=$("$src/scripts/bundle" --build "$build" --out "$dir/dist") || fail "scripts/bundle failed"
[[ -f $tarball ]] || fail "scripts/bundle printed '$tarball', not a file"
version=$(sed -n 's/^project(userimg VERSION \([0-9][0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[[ ${tarball##*/} == "userimg-$version-linux-x86_64.tar.gz" ]] || fail "unexpected tarball name $tarball"
tops=$(tar -tzf "$tarball" | cut -d/ -f1 | sort -u)
[[ $tops == "userimg-$version" ]] || fail "the tarball's top level is not one folder userimg-$version: $tops"
owners=$(tar -tvzf "$tarball" | awk '{print $2}' | sort -u)
[[ $owners == 0/0 ]] || fail "the tarball's entries are not all owned by 0/0: $owners"
listing=$(tar -tzf "$tarball")
[[ $listing == "$(LC_ALL=C sort <<<"$listing")" ]] || fail "the tarball's file list is not sorted"

mkdir -p "$root/opt"
tar -C "$root/opt" -xzf "$tarball"
mv "$root/opt/userimg-$version" "$root$app"
bundle=$root$app
for f in bin/userimg-fcgi bin/userimgctl lib/libvips.so.42 share/userimg/static/default-profile.png \
  share/userimg/conf/userimg.ini share/userimg/conf/nginx/userimg.conf share/doc/packages.txt README; do
  [[ -f $bundle/$f ]] || fail "the bundle has no $f"
done
heif_modules=("$bundle"/lib/vips-modules-*/vips-heif.so)
[[ -f ${heif_modules[0]} ]] || fail "the bundle has no lib/vips-modules-<x.y>/vips-heif.so"
heif_module=${heif_modules[0]#"$root"}
for f in bin/userimg-fcgi bin/userimgctl; do
  # shellcheck disable=SC2016 # a literal $ORIGIN
  readelf -d "$bundle/$f" | grep -qE '\(RPATH\) +Library rpath: \[\$ORIGIN/\.\./lib\]$' ||
    fail "$f has no DT_RPATH \$ORIGIN/../lib: $(readelf -d "$bundle/$f" | grep -i path)"
  ! readelf -S "$bundle/$f" | grep -q '\.debug_' || fail "$f still has debug sections"
done
# DT_RUNPATH would let a host's LD_LIBRARY_PATH swap a bundled library.
while IFS= read -r -d '' f; do
  [[ $(head -c 4 "$f" | od -An -c | tr -d ' ') == '177ELF' ]] || continue
  ! readelf -d "$f" | grep -q '(RUNPATH)' || fail "${f#"$bundle/"} has a DT_RUNPATH, not a DT_RPATH"
done < <(find "$bundle/bin" "$bundle/lib" -type f -print0)
while IFS=$'\t' read -r rel pkg _; do
  [[ $rel == \#* ]] && continue
  [[ -f $bundle/$rel ]] || fail "packages.txt lists $rel, which is not in the bundle"
  [[ -s $bundle/share/doc/${pkg%%:*}/copyright ]] || fail "no share/doc/${pkg%%:*}/copyright for $rel"
done <"$bundle/share/doc/packages.txt"
grep -q 'GLIBC_2\.[0-9]' "$bundle/README" || fail "the README names no minimum glibc"
grep -q 'GLIBCXX_3\.[0-9]' "$bundle/README" || fail "the README names no minimum libstdc++"
grep -q 'Shared hosting' "$bundle/README" || fail "the README does not point to 'Shared hosting'"
stack_log "$(tar -tzf "$tarball" | grep -cv '/$') files, $(du -h "$tarball" | cut -f1): $tarball"

# ---- The chroot: the bundle and the base runtime, nothing else -----------------
# The base runtime is whatever the host's loader takes from outside the
# bundle for any of its objects; each must be a base library.
# ELF objects only (bin/ also holds the shared-hosting setup, a shell script).
is_elf() { [[ $(head -c 4 "$1" | od -An -c | tr -d ' ') == '177ELF' ]]; }
mapfile -t objects < <(cd "$root" && find ".$app/bin" ".$app/lib" -type f | sed 's|^\.||' | sort |
  while IFS= read -r f; do if is_elf "$root$f"; then echo "$f"; fi; done)
declare -A base=()
for obj in "${objects[@]}"; do
  out=$(env -u LD_LIBRARY_PATH -u LD_PRELOAD "$loader" --list "$root$obj" 2>&1) ||
    fail "the host's loader cannot resolve $obj: $out"
  while read -r name arrow path _; do
    if [[ $arrow != "=>" ]]; then
      [[ $name == /* ]] || continue # linux-vdso.so.1, "statically linked"
      path=$name
      name=${name##*/}
    fi
    [[ $(realpath -m "$path") == "$bundle"/* ]] && continue
    is_base "$name" || fail "$obj loads $name from the host ($path), not from the bundle"
    base[$path]=1
  done <<<"$out"
done
mkdir -p "$root/tmp" "$root/dev" "$root/proc" "$root/run" "$root$var/data/tmp" "$root$var/media"
chmod 1777 "$root/tmp"
touch "$root/dev/null" "$root/dev/zero" "$root/dev/urandom"
for path in "${!base[@]}"; do
  mkdir -p "$root$(dirname "$path")"
  cp -L "$path" "$root$path"
done
stack_log "base runtime in the chroot: $(printf '%s\n' "${!base[@]}" | sort | tr '\n' ' ')"
# What the chroot holds outside the bundle: the base runtime only (and
# the empty files the devices are bind-mounted on).
while read -r path; do
  case $path in /dev/null | /dev/zero | /dev/urandom) continue ;; esac
  [[ -n ${base[$path]:-} ]] || fail "the chroot holds more than the base runtime: $path"
done < <(cd "$root" && find . -path ".$app" -prune -o ! -type d -print | sed 's|^\.||')

# ---- The loader in the chroot: everything from the bundle or the base --------
# check_loader OBJECT [quiet]: lists OBJECT's libraries with the chroot's
# loader; fails on a library it cannot find or that comes from anywhere but
# the bundle (or, for a base library, the chroot's base runtime).
check_loader() {
  local obj=$1 quiet=${2:-} out rc=0 name arrow path _ where bad=""
  out=$(in_chroot "$loader" --list "$obj" 2>&1) || rc=$?
  if [[ -z $quiet ]]; then
    echo "---- in the chroot: $loader --list $obj" >&2
    echo "$out" >&2
  fi
  ((rc == 0)) || fail "the loader in the chroot cannot resolve $obj (exit $rc): $out"
  while read -r name arrow path _; do
    if [[ $arrow != "=>" ]]; then
      case $name in
        linux-vdso.so.1 | statically) continue ;;
        /*)
          path=$name
          name=${name##*/}
          ;;
        *)
          bad+=" [$name $arrow $path]"
          continue
          ;;
      esac
    fi
    [[ $path == /* ]] || {
      bad+=" [$name: $path]"
      continue
    }
    where=$(realpath -m -s "$path")
    if [[ $where == "$app"/* ]]; then
      continue
    elif is_base "$name" && [[ -n ${base[$where]:-} ]]; then
      continue
    fi
    bad+=" [$name => $where]"
  done <<<"$out"
  [[ -z $bad ]] || fail "$obj resolves outside the bundle or not at all:$bad"
}
check_loader "$app/bin/userimg-fcgi"
check_loader "$app/bin/userimgctl"
check_loader "$heif_module"
for obj in "${objects[@]}"; do
  [[ $obj == "$app/bin/"* || $obj == "$heif_module" ]] || check_loader "$obj" quiet
done
stack_log "the loader in the chroot resolves all ${#objects[@]} objects inside the bundle or to the base runtime"

# ---- The app in the chroot -----------------------------------------------------
cat >"$root$var/userimg.ini" <<EOF
; Generated by tests/integration/bundle_test.sh: paths inside the chroot.
[data]
dir = $var/data

[server]
listen = /run/app.sock
threads = 8
backlog = 128
socket_mode = 0666

[upload]
max_bytes = $max_bytes
temp_dir = $var/data/tmp

[jwt]
secret = $secret
algorithms = HS256
leeway = 30

[users]
auto_provision = true

[database]
driver = sqlite
sqlite_path = $var/data/userimg.db

[storage]
backend = local
root = $var/media
media_prefix = /media/
profile_dir = resume/images
cover_dir = resume/covers
default_profile_url = /static/userimg/default-profile.png

[log]
level = info
EOF

stack_log "migrating in the chroot"
in_chroot "$app/bin/userimgctl" --config "$var/userimg.ini" migrate >"$dir/migrate.log" 2>&1 ||
  fail "userimgctl migrate in the chroot failed"

stack_log "starting userimg-fcgi in the chroot"
rm -f "$sock"
setsid unshare --mount --propagation private -- bash -c "$chroot_setup" in-chroot "$root" \
  "$app/bin/userimg-fcgi" --config "$var/userimg.ini" </dev/null >>"$dir/app.log" 2>&1 &
echo $! >"$dir/app.pid"
app_pid=$(<"$dir/app.pid")
stack_wait_unix_socket "$sock" 30 "$dir/app.pid" || fail "userimg-fcgi in the chroot did not come up"
stack_pid_running "$dir/app.pid" || fail "userimg-fcgi in the chroot exited"
[[ $(readlink "/proc/$app_pid/root") == "$root" ]] || fail "pid $app_pid does not run in $root"
[[ -z $(outer_mounts) ]] || fail "the chroot's mounts are visible outside: $(outer_mounts | tr '\n' ' ')"
# The app's mountinfo shows its mounts relative to its root, the chroot.
for m in /proc /dev/null /dev/urandom; do
  grep -q "^[^ ]* [^ ]* [^ ]* [^ ]* $m " "/proc/$app_pid/mountinfo" ||
    fail "the app's namespace has no $m mounted in the chroot"
done

stack_log "starting nginx on 127.0.0.1:$port"
mkdir -p "$dir/nginx/conf"
stack_render_nginx_conf "$src/conf/nginx/userimg.conf" "$dir/nginx/conf/userimg.conf" \
  "127.0.0.1:$port" "unix:$sock" "$root$var/media" "$bundle/share/userimg/static"
stack_write_nginx_main "$dir/nginx" "$dir/nginx/conf/userimg.conf"
stack_start_nginx "$dir/nginx"
base_url=http://127.0.0.1:$port
code=""
for ((i = 0; i < 100; i++)); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base_url/api/resume/user-images/" || true)
  [[ $code == 401 ]] && break
  sleep 0.2
done
[[ $code == 401 ]] || fail "GET /api/resume/user-images/ through nginx answered '$code', not 401"
code=$(curl -s -o "$dir/work/default.png" -w '%{http_code}' "$base_url/static/userimg/default-profile.png")
if [[ $code != 200 ]] || ! cmp -s "$dir/work/default.png" "$bundle/share/userimg/static/default-profile.png"; then
  fail "the bundle's default profile image is not served (HTTP $code)"
fi

# ---- Real uploads through the bundled libvips ------------------------------------
stack_log "running user_images users_me image_pipeline against the chroot's app"
USERIMG_IT_BASE_URL=$base_url USERIMG_IT_SECRET=$secret USERIMG_IT_MEDIA_ROOT=$root$var/media \
  USERIMG_IT_MAX_BYTES=$max_bytes "$tests" user_images users_me image_pipeline ||
  fail "the integration suites failed against the bundle"

# HEIC and AVIF (none of the suites has them): only the bundled HEIF module
# and libheif can read them; stored as JPEG.
token=$(in_chroot "$app/bin/userimgctl" --config "$var/userimg.ini" token --user bundle-heif) ||
  fail "userimgctl token in the chroot failed"
declare -A widths=([heic]=96 [avif]=80)
for fmt in heic avif; do
  width=${widths[$fmt]}
  vips black "$dir/work/image.$fmt" "$width" 48 --bands 3 || fail "vips could not write a .$fmt image"
  code=$(curl -s -o "$dir/work/upload.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -F "file=@$dir/work/image.$fmt" "$base_url/users/me/profile-image")
  [[ $code == 200 ]] || fail "uploading a .$fmt answered $code: $(cat "$dir/work/upload.json")"
  curl -s -o "$dir/work/me.json" -H "Authorization: Bearer $token" "$base_url/users/me"
  if ! grep -q '"content_type": *"image/jpeg"' "$dir/work/me.json" ||
    ! grep -q "\"width\": *$width," "$dir/work/me.json"; then
    fail "the .$fmt upload is not recorded as a $width px wide JPEG: $(cat "$dir/work/me.json")"
  fi
  stack_log "a .$fmt upload went through the bundled HEIF module"
done
! grep -q 'cannot load\|cannot find its module' "$dir/app.log" || fail "libvips did not load its HEIF module"

# The libraries the running app has mapped: every one from the bundle or the
# chroot's base runtime, the HEIF module and libheif among them.
mapped=$(awk '$6 ~ /\.so/ { print $6 }' "/proc/$app_pid/maps" | sort -u)
for lib in "$heif_module" "$app/lib/libheif.so.1" "$app/lib/libvips.so.42"; do
  grep -q -- "$lib\$" <<<"$mapped" || fail "the app has not mapped $lib: $mapped"
done
while read -r path; do
  path=${path#"$root"}
  [[ $path == "$app"/* || -n ${base[$path]:-} ]] || fail "the app has mapped $path, outside the bundle"
done <<<"$mapped"
stack_log "the app has mapped $(wc -l <<<"$mapped") libraries, all from the bundle or the base runtime"

# ---- Stop ------------------------------------------------------------------------
stack_stop_nginx "$dir/nginx"
stop_app
[[ -z $(chroot_pids) ]] || fail "processes still run in the chroot: $(chroot_pids | tr '\n' ' ')"
[[ -z $(outer_mounts) ]] || fail "mounts left under $root: $(outer_mounts | tr '\n' ' ')"
stack_log "PASS"
