#!/usr/bin/env bash
# Part of `make bench` (a report, never a test): Khabar's pages served from
# the page cache, revalidated (304), rendered with the page cache off (the
# read cache on, then off too), and for a signed-in reader, side by side with nginx serving the very same bytes
# from disk (identity, and brotli through ngx_brotli's brotli_static).
# wrk at 64 and 256 connections; everything stays on 127.0.0.1.
#   usage: scripts/bench-cache.sh SERVER_BIN SITE_ROOT
# KHABAR_BENCH_BEFORE=DIR adds an earlier build to the uncached rows, for a
# before-and-after on one machine: DIR holds its `khabar-server` and its
# `site` folder (make one with `git worktree add` and `make build` there,
# then copy both out). Its rows are marked "before" and the uncached rows of
# this build print their ratio to them.
set -euo pipefail
SERVER_BIN="$1"
SITE_ROOT="$2"
SECONDS_EACH="${KHABAR_BENCH_SECONDS:-5}"
PORT="${KHABAR_BENCH_PORT:-3400}"
CACHED="http://127.0.0.1:$((PORT + 10))"
UNCACHED="http://127.0.0.1:$((PORT + 11))"
NGINX="http://127.0.0.1:$((PORT + 12))"
COLD="http://127.0.0.1:$((PORT + 13))"
BEFORE="http://127.0.0.1:$((PORT + 14))"
BEFORE_DIR="${KHABAR_BENCH_BEFORE:-}"
WORK="$(mktemp -d)"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

serve() { # address, database name, extra environment
  local addr="$1" db="$2"; shift 2
  env LEPTOS_SITE_ADDR="$addr" LEPTOS_SITE_ROOT="$SITE_ROOT" RUST_LOG=warn \
    DATABASE_URL="sqlite://$WORK/$db.db" "$@" "$SERVER_BIN" &
  PIDS+=($!)
}
serve_before() { # address
  env LEPTOS_SITE_ADDR="$1" LEPTOS_SITE_ROOT="$BEFORE_DIR/site" RUST_LOG=warn \
    DATABASE_URL="sqlite://$WORK/before.db" KHABAR_PAGE_CACHE=off "$BEFORE_DIR/khabar-server" &
  PIDS+=($!)
}
ready() {
  for _ in $(seq 1 150); do curl -fs "$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "$1 did not start" >&2; exit 1
}
serve "${CACHED#http://}" cached
serve "${UNCACHED#http://}" uncached KHABAR_PAGE_CACHE=off
# Neither the page cache nor the read cache: every request renders and
# asks the database (a first render after a change costs this).
serve "${COLD#http://}" cold KHABAR_PAGE_CACHE=off KHABAR_READ_CACHE=off
[ -z "$BEFORE_DIR" ] || serve_before "${BEFORE#http://}"
ready "$CACHED"; ready "$UNCACHED"; ready "$COLD"
[ -z "$BEFORE_DIR" ] || ready "$BEFORE"

# A new reader of the server at $1 registers; prints their session cookie.
sign_in() {
  local jar="$WORK/jar-${1##*:}"
  curl -fs -o /dev/null -c "$jar" -H "Origin: $1" -H 'Sec-Fetch-Site: same-origin' \
    -H 'Accept: application/json' \
    --data 'lang=en&email=bench%40example.org&display_name=Bench&password=walnut+river+lantern' \
    "$1/api/register"
  awk '$6 == "khabar_session" {print "khabar_session=" $7}' "$jar"
}
# A signed-in reader of the cached server (their pages bypass the cache).
SESSION="$(sign_in "$CACHED")"
[ -n "$SESSION" ] || { echo "could not sign in for the bench" >&2; exit 1; }
if [ -n "$BEFORE_DIR" ]; then
  BEFORE_SESSION="$(sign_in "$BEFORE")"
  [ -n "$BEFORE_SESSION" ] || { echo "could not sign in to the earlier build" >&2; exit 1; }
fi

# The very bytes Khabar sends, saved for nginx: NAME.html and NAME.html.br.
declare -A PAGES=([article]=/en/article/wheat-sowing-north [home]=/en/ [section]=/en/category/afghanistan)
mkdir -p "$WORK/www" "$WORK/nginx"
# nginx's workers run as an unprivileged user when started by root.
chmod 755 "$WORK" "$WORK/www"
for name in "${!PAGES[@]}"; do
  curl -fs "$CACHED${PAGES[$name]}" -o "$WORK/www/$name.html"
  curl -fs -H 'Accept-Encoding: br' "$CACHED${PAGES[$name]}" -o "$WORK/www/$name.html.br"
done
cat >"$WORK/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  default_type text/html;
  brotli_static on;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen ${NGINX#http://};
    root $WORK/www;
    location / { try_files \$uri.html =404; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -fs -o /dev/null "$NGINX/home" && break; sleep 0.1; done
for name in "${!PAGES[@]}"; do
  cmp -s <(curl -fs "$NGINX/$name") "$WORK/www/$name.html" &&
    cmp -s <(curl -fs -H 'Accept-Encoding: br' "$NGINX/$name") "$WORK/www/$name.html.br" ||
    { echo "nginx does not serve the saved $name page" >&2; cat "$WORK/nginx/error.log" >&2; exit 1; }
done

# One wrk run: prints req/s, p50, p99 and the errors (socket errors and
# answers other than 2xx/3xx) as one row.
declare -A RATE
measure() { # key, label, connections, url, extra headers...
  local key="$1" label="$2" conns="$3" url="$4"; shift 4
  local args=() header
  for header in "$@"; do args+=(-H "$header"); done
  local out rate p50 p99 errors
  out="$(wrk -t2 -c"$conns" -d"${SECONDS_EACH}s" --latency "${args[@]}" "$url")"
  rate="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")"
  RATE[$key]="$rate"
  local ratio="" base="${key%%|*}"
  case "$key" in
    *"|hit id") [ -n "${RATE[$base|nginx id]:-}" ] && ratio="$(bc -l <<<"${RATE[$base|hit id]} / ${RATE[$base|nginx id]}")" ;;
    *"|hit br") [ -n "${RATE[$base|nginx br]:-}" ] && ratio="$(bc -l <<<"${RATE[$base|hit br]} / ${RATE[$base|nginx br]}")" ;;
  esac
  local before="${RATE[$base|before ${key#*|}]:-}" speedup=""
  case "$key" in
    *"|off "* | *"|signed "*) [ -n "$before" ] && speedup="$(bc -l <<<"$rate / $before")" ;;
  esac
  printf '  %-34s %5s %12.0f %10s %10s %7s %s%s\n' "$label" "$conns" "$rate" "$p50" "$p99" "$errors" \
    "${ratio:+$(printf '%.2fx nginx' "$ratio")}" "${speedup:+$(printf '%.2fx before' "$speedup")}"
}

printf '\n== Page cache against nginx on the same bytes (wrk -t2, %ss each)\n' "$SECONDS_EACH"
printf '  %-34s %5s %12s %10s %10s %7s\n' "what" "conns" "req/s" "p50" "p99" "errors"
for name in article home section; do
  path="${PAGES[$name]}"
  etag="$(curl -fs -D - -o /dev/null -H 'Accept-Encoding: br' "$CACHED$path" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')"
  for conns in 64 256; do
    key="$name $conns"
    printf -- '-- %s (%s)\n' "$name" "$path"
    measure "$key|nginx id" "nginx, identity" "$conns" "$NGINX/$name"
    measure "$key|nginx br" "nginx, brotli" "$conns" "$NGINX/$name" 'Accept-Encoding: br'
    measure "$key|hit id" "khabar cache hit, identity" "$conns" "$CACHED$path"
    measure "$key|hit br" "khabar cache hit, brotli" "$conns" "$CACHED$path" 'Accept-Encoding: br'
    measure "$key|304" "khabar 304 (If-None-Match)" "$conns" "$CACHED$path" 'Accept-Encoding: br' "If-None-Match: $etag"
    if [ -n "$BEFORE_DIR" ]; then
      measure "$key|before off id" "before: rendered, identity" "$conns" "$BEFORE$path"
      measure "$key|before off br" "before: rendered, brotli" "$conns" "$BEFORE$path" 'Accept-Encoding: br'
    fi
    measure "$key|off id" "khabar cache off, identity" "$conns" "$UNCACHED$path"
    measure "$key|off br" "khabar cache off, brotli" "$conns" "$UNCACHED$path" 'Accept-Encoding: br'
    measure "$key|cold" "khabar both caches off, brotli" "$conns" "$COLD$path" 'Accept-Encoding: br'
    if [ "$name" = article ]; then
      if [ -n "$BEFORE_DIR" ]; then
        measure "$key|before signed id" "before: signed-in, identity" "$conns" "$BEFORE$path" "Cookie: $BEFORE_SESSION"
        measure "$key|before signed br" "before: signed-in, brotli" "$conns" "$BEFORE$path" 'Accept-Encoding: br' "Cookie: $BEFORE_SESSION"
      fi
      measure "$key|signed id" "khabar signed-in reader, identity" "$conns" "$CACHED$path" "Cookie: $SESSION"
      measure "$key|signed br" "khabar signed-in reader, brotli" "$conns" "$CACHED$path" 'Accept-Encoding: br' "Cookie: $SESSION"
    fi
  done
done
