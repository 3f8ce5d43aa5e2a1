# shellcheck shell=bash
# shellcheck disable=SC2154  # dir, web, port, sock, user: stack.sh's globals
# The Apache parts of tests/integration/stack.sh (sourced by it, after
# scripts/lib/stack.sh and scripts/lib/apache.sh). They use stack.sh's
# globals: dir, web, port, user, prefix, program, sock, accept, uploader.

# stack_www_dir DIR: apache_www_dir DIR (scripts/lib/apache.sh), emptied
# for a new stack.
stack_www_dir() {
  local www
  www=$(apache_www_dir "$1")
  find "$www" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  printf '%s\n' "$www"
}

# stack_start_apache SRC BUILD SHARE MEDIA MAX_BYTES CTL: a private Apache in
# DIR/apache with the shipped conf of this stack's web mode installed and
# enabled as README.md says, and what the package installs under
# /usr/share/userimg copied to SHARE.
stack_start_apache() {
  local src=$1 build=$2 share=$3 media=$4 max_bytes=$5 ctl=$6 instance=$dir/apache
  stack_log "starting Apache ($web) on 127.0.0.1:$port"
  mkdir -p "$share/static" "$share/apache"
  cp "$build/share/default-profile.png" "$share/static/"
  cp -R "$src/conf/apache/errors" "$share/apache/"
  apache_create "$instance" "$port"
  stack_apache_header_timeout "$instance"
  apache_install_confs "$instance" "$src/conf/apache"
  # Apache's copy of [http] cors_origins, as the README says to make it.
  "$ctl" --config "$ini" cors-conf apache >"$instance/etc/conf-available/userimg-cors.conf"
  apache_define "$instance" USERIMG_MEDIA_DIR "$media"
  apache_define "$instance" USERIMG_SHARE_DIR "$share"
  if [[ $uploader == 1 ]]; then
    cp -R "$src/share/uploader" "$share/"
    apache_define "$instance" USERIMG_UPLOADER 1
  fi
  if [[ $accept == 1 ]]; then
    apache_define "$instance" USERIMG_ACCEPT 1
    apache_a2 "$instance" a2enmod rewrite
  fi
  case $web in
    apache-proxy-fcgi)
      apache_define "$instance" USERIMG_BACKEND "unix:$sock|fcgi://userimg-app"
      apache_a2 "$instance" a2enmod proxy_fcgi setenvif headers alias rewrite unique_id
      apache_a2 "$instance" a2enconf userimg
      ;;
    apache-fcgid)
      apache_define "$instance" USERIMG_FCGI_PROGRAM "$program"
      apache_define "$instance" USERIMG_MAX_BODY "$((max_bytes + 65536))"
      apache_define "$instance" USERIMG_FCGID_MAX_LEN "$((max_bytes + 65536 + 1048576))"
      apache_a2 "$instance" a2enmod fcgid setenvif headers alias rewrite unique_id
      apache_a2 "$instance" a2enconf userimg-fcgid
      ;;
  esac
  apache_start "$instance"
}

# stack_apache_header_timeout PREFIX: mod_reqtimeout (Debian enables it)
# with a header timeout of 2 s instead of 20, so that the errors suite sees
# Apache's 408 for headers that never end without waiting for it.
stack_apache_header_timeout() {
  local prefix=${1%/}
  apache_a2 "$prefix" a2enmod reqtimeout
  printf '# tests/integration: a quick 408 (errors suite).\nRequestReadTimeout header=2\n' \
    >"$prefix/etc/conf-available/zz-header-timeout.conf"
  apache_a2 "$prefix" a2enconf zz-header-timeout
}

# managed_app_pids: the userimg-fcgi processes mod_fcgid runs for this stack.
managed_app_pids() {
  local pid exe
  for pid in $(apache_pids "$dir/apache"); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    [[ ${exe% (deleted)} == */userimg-fcgi ]] && echo "$pid"
  done
  # Not the last test's status: apache_pids' order is awk's (unspecified),
  # and under set -e a last pid that is no app failed `killed=$(...)`.
  return 0
}

# managed_app_control down|up|kill, for the stacks where mod_fcgid starts
# the app: "down" takes its userimg.ini away, so that every process mod_fcgid
# starts refuses to run (as with a broken configuration), and kills what
# runs; "up" puts it back (mod_fcgid starts the app on the next request);
# "kill" only kills.
managed_app_control() {
  local action=$1 pid i
  case $action in
    down | kill)
      if [[ $action == down && -e $ini ]]; then mv "$ini" "$ini.off"; fi
      local killed
      killed=$(managed_app_pids)
      for pid in $killed; do kill -KILL "$pid" 2>/dev/null || true; done
      for ((i = 0; i < 100; i++)); do
        local alive=0
        for pid in $killed; do stack_proc_alive "$pid" && alive=1; done
        ((alive)) || break
        sleep 0.05
      done
      ;;
    processes)
      local count=0
      for pid in $(managed_app_pids); do
        stack_proc_alive "$pid" && count=$((count + 1))
      done
      echo "$count"
      ;;
    up)
      if [[ -e $ini.off ]]; then mv "$ini.off" "$ini"; fi
      wait_ready || stack_die "the app is back but does not answer through $web"
      ;;
    *) usage ;;
  esac
}

# shared_hosting_start SRC BUILD SECRET MAX_BYTES [CORS]: the shared-hosting stack.
# As root, the "host": a system user (a customer account) whose home is
# under a directory www-data reaches, Apache with mod_userdir, suEXEC,
# mod_fcgid and mod_rewrite, AllowOverride All on the customer's
# public_html, and FcgidMaxRequestLen raised (README.md: what to ask your
# host). As that user, the customer: unpack the self-contained build into
# ~/userimg and run its bin/userimg-shared-hosting-setup for ~/public_html
# at /~USER. With CORS ([http] cors_origins), the customer then adds it to
# userimg.ini and runs the setup again (README.md), which writes the list
# into the .htaccess. Nothing of userimg is installed in the host's
# configuration.
shared_hosting_start() {
  local src=$1 build=$2 secret=$3 max_bytes=$4 cors=${5:-} www home root docroot tarball
  local instance=$dir/apache
  www=$(stack_www_dir "$dir")
  home=$www/home
  root=$home/userimg
  docroot=$home/public_html
  prefix=/~$user
  program=$root/bin/userimg-fcgi
  ini=$root/userimg.ini

  stack_log "packing the self-contained build"
  tarball=$("$src/scripts/bundle" --build "$build" --out "$dir/dist" | tail -n 1)
  [[ -f $tarball ]] || stack_die "scripts/bundle made no tarball"

  shared_hosting_add_user "$user" "$home"
  install -d -o "$user" -g "$user" -m 0711 "$home"
  install -d -o "$user" -g "$user" -m 0755 "$docroot" "$root"
  stack_log "setting up $prefix/ as $user (the README's shared-hosting steps)"
  runuser -u "$user" -- tar -xzf "$tarball" -C "$root" --strip-components=1
  runuser -u "$user" -- "$root/bin/userimg-shared-hosting-setup" --docroot "$docroot" \
    --url-prefix "$prefix" --secret "$secret" --max-bytes "$max_bytes" >"$dir/setup.log" 2>&1 || {
    cat "$dir/setup.log" >&2
    stack_die "userimg-shared-hosting-setup failed"
  }
  if [[ -n $cors ]]; then
    # shellcheck disable=SC2016  # $1 and $2 are the inner shell's arguments
    runuser -u "$user" -- sh -c 'printf "\n[http]\ncors_origins = %s\n" "$1" >>"$2"' sh "$cors" "$ini"
    runuser -u "$user" -- "$root/bin/userimg-shared-hosting-setup" --docroot "$docroot" \
      --url-prefix "$prefix" --max-bytes "$max_bytes" >>"$dir/setup.log" 2>&1 || {
      cat "$dir/setup.log" >&2
      stack_die "userimg-shared-hosting-setup (run again for cors_origins) failed"
    }
  fi
  ln -sfn "$docroot/media" "$dir/media"
  ln -sfn "$root/log/userimg-fcgi.log" "$dir/app.log"

  stack_log "starting the host's Apache on 127.0.0.1:$port"
  apache_create "$instance" "$port"
  stack_apache_header_timeout "$instance"
  cat >"$instance/etc/conf-available/shared-host.conf" <<EOF
# The hosting company's settings for customer $user (tests/integration).
<Directory "$docroot">
    AllowOverride All
    Options SymLinksIfOwnerMatch IncludesNoExec
    Require all granted
</Directory>
# What the customer asked for: mod_fcgid's limit above [upload] max_bytes
# plus framing (its default, 128 KiB, refuses every photo).
<IfModule fcgid_module>
    FcgidMaxRequestLen $((max_bytes + 65536 + 1048576))
    FcgidMaxProcessesPerClass 4
</IfModule>
EOF
  apache_a2 "$instance" a2enmod userdir suexec fcgid rewrite headers setenvif alias
  apache_a2 "$instance" a2enconf shared-host
  apache_start "$instance"
  save_state
  if ! wait_ready; then
    dump_logs
    (stop_stack) || true
    stack_die "the shared-hosting stack does not answer at $prefix/"
  fi
  stack_log "ready: http://127.0.0.1:$port$prefix/ (media $docroot/media)"
}

# shared_hosting_add_user NAME HOME: a system account (uid >= 100, which
# suEXEC requires) with HOME as its home; an existing one is reused.
shared_hosting_add_user() {
  local name=$1 home=$2
  if id -u "$name" >/dev/null 2>&1; then
    usermod --home "$home" "$name"
  else
    useradd --system --user-group --no-create-home --home-dir "$home" \
      --shell /usr/sbin/nologin "$name"
  fi
}

# shared_hosting_remove_user NAME: the machine as it was.
shared_hosting_remove_user() {
  local name=$1
  id -u "$name" >/dev/null 2>&1 || return 0
  pkill -KILL -u "$name" 2>/dev/null || true
  userdel "$name" >/dev/null 2>&1 || { sleep 0.5 && userdel "$name"; }
}
