# shellcheck shell=bash
# shellcheck disable=SC2154  # dir, port, sock, ...: stack.sh's globals and start_stack's locals
# The nginx part of tests/integration/stack.sh (sourced by it, after
# scripts/lib/stack.sh): a private nginx in DIR/nginx from the shipped
# confs, rendered for this stack. It uses stack.sh's globals (dir, port,
# sock, ini, processes) and start_stack's locals (src, ctl, upstream, media,
# share, uploader, accept).

# start_stack_nginx: writes DIR/nginx's confs and starts it.
start_stack_nginx() {
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
}
