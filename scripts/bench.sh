#!/usr/bin/env bash
# `make bench`: a report, not a test. Serves the release build with a fresh
# demo database on a loopback port, then measures
#   - what an article page's first load transfers (HTML + CSS + JS + WASM, brotli)
#   - the WASM bundle, raw and brotli
#   - req/s and latency for home, a category page and an article page
#     (wrk, 64 connections, 10 s each; all traffic stays on 127.0.0.1).
set -euo pipefail

SERVER_BIN="$1"
SITE_ROOT="$2"
PORT="${KHABAR_BENCH_PORT:-3400}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$SITE_ROOT" \
  DATABASE_URL="sqlite://$WORK/bench.db" RUST_LOG=warn "$SERVER_BIN" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fs "$BASE/healthz" >/dev/null && break
  sleep 0.2
done
curl -fs "$BASE/healthz" >/dev/null || { echo "server did not start" >&2; exit 1; }

ARTICLE="/en/article/wheat-sowing-north"
CATEGORY="/en/category/afghanistan"
HOME="/en/"

# Bytes on the wire for one URL when the browser accepts brotli.
transfer() { curl -fs -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$BASE$1"; }

html="$(curl -fs "$BASE$ARTICLE")"
# CSS, the JS loader and the WASM file (preloaded) are all linked from the page.
mapfile -t assets < <(grep -oE '(href|src)="/pkg/[^"]+\.(css|js|wasm)"' <<<"$html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
wasm="$(printf '%s\n' "${assets[@]}" | grep '\.wasm$' | head -n1)"
[ -n "$wasm" ] || { echo "no .wasm linked from $ARTICLE" >&2; exit 1; }

printf '\n== First load of %s (brotli, bytes on the wire)\n' "$ARTICLE"
total=$(transfer "$ARTICLE")
printf '  %-48s %8d\n' "$ARTICLE (HTML)" "$total"
for asset in "${assets[@]}"; do
  size=$(transfer "$asset")
  total=$((total + size))
  printf '  %-48s %8d\n' "$asset" "$size"
done
printf '  %-48s %8d  (%.1f KB; goal <= 150 KB)\n' "TOTAL" "$total" "$(bc -l <<<"$total/1024")"

# Data saver: the same article with Save-Data: on — HTML and CSS only.
lite_html=$(curl -fs -H 'Accept-Encoding: br' -H 'Save-Data: on' -o /dev/null -w '%{size_download}' "$BASE$ARTICLE")
css="$(printf '%s\n' "${assets[@]}" | grep '\.css$' | head -n1)"
lite_css=$(transfer "$css")
lite_scripts=$(curl -fs -H 'Save-Data: on' "$BASE$ARTICLE" | grep -o '<script' | wc -l)
printf '\n== Data saver: %s with Save-Data: on (brotli)\n' "$ARTICLE"
printf '  HTML %d + CSS %d = %d bytes (%.1f KB; goal <= 30 KB); <script> elements left: %d (JSON-LD)\n' \
  "$lite_html" "$lite_css" "$((lite_html + lite_css))" "$(bc -l <<<"($lite_html+$lite_css)/1024")" "$lite_scripts"

raw=$(curl -fs -o /dev/null -w '%{size_download}' "$BASE$wasm")
br=$(transfer "$wasm")
printf '\n== WASM bundle\n  raw %d bytes (%.1f KB), brotli %d bytes (%.1f KB)\n' \
  "$raw" "$(bc -l <<<"$raw/1024")" "$br" "$(bc -l <<<"$br/1024")"

printf '\n== Throughput (wrk -t2 -c64 -d10s, HTML with brotli)\n'
for path in "$HOME" "$CATEGORY" "$ARTICLE"; do
  printf -- '-- %s\n' "$path"
  wrk -t2 -c64 -d10s --latency -H 'Accept-Encoding: br' "$BASE$path" |
    grep -E 'Requests/sec|Non-2xx|50%|99%|Socket errors' | sed 's/^/  /'
done
