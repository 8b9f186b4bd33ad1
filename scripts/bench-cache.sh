#!/usr/bin/env bash
# Part of `make bench` (a report, never a test): Khabar's pages served from
# the page cache, revalidated (304), rendered with the page cache off (the
# read cache on, then off too), and for a signed-in reader, side by side with nginx serving the very same bytes
# from disk (identity, and brotli through ngx_brotli's brotli_static).
# wrk at 64 and 256 connections; everything stays on 127.0.0.1.
#   usage: scripts/bench-cache.sh SERVER_BIN SITE_ROOT
set -euo pipefail
SERVER_BIN="$1"
SITE_ROOT="$2"
SECONDS_EACH="${KHABAR_BENCH_SECONDS:-5}"
PORT="${KHABAR_BENCH_PORT:-3400}"
CACHED="http://127.0.0.1:$((PORT + 10))"
UNCACHED="http://127.0.0.1:$((PORT + 11))"
NGINX="http://127.0.0.1:$((PORT + 12))"
COLD="http://127.0.0.1:$((PORT + 13))"
WORK="$(mktemp -d)"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

serve() { # address, database name, extra environment
  local addr="$1" db="$2"; shift 2
  env LEPTOS_SITE_ADDR="$addr" LEPTOS_SITE_ROOT="$SITE_ROOT" RUST_LOG=warn \
    DATABASE_URL="sqlite://$WORK/$db.db" "$@" "$SERVER_BIN" &
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
ready "$CACHED"; ready "$UNCACHED"; ready "$COLD"

# A signed-in reader of the cached server (their pages bypass the cache).
curl -fs -o /dev/null -c "$WORK/jar" -H "Origin: $CACHED" -H 'Sec-Fetch-Site: same-origin' \
  -H 'Accept: application/json' \
  --data 'lang=en&email=bench%40example.org&display_name=Bench&password=walnut+river+lantern' \
  "$CACHED/api/register"
SESSION="$(awk '$6 == "khabar_session" {print "khabar_session=" $7}' "$WORK/jar")"
[ -n "$SESSION" ] || { echo "could not sign in for the bench" >&2; exit 1; }

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
  printf '  %-34s %5s %12.0f %10s %10s %7s %s\n' "$label" "$conns" "$rate" "$p50" "$p99" "$errors" \
    "${ratio:+$(printf '%.2fx nginx' "$ratio")}"
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
    measure "$key|off" "khabar cache off, brotli" "$conns" "$UNCACHED$path" 'Accept-Encoding: br'
    measure "$key|cold" "khabar both caches off, brotli" "$conns" "$COLD$path" 'Accept-Encoding: br'
    if [ "$name" = article ]; then
      measure "$key|signed" "khabar signed-in reader, brotli" "$conns" "$CACHED$path" 'Accept-Encoding: br' "Cookie: $SESSION"
    fi
  done
done
