#!/usr/bin/env bash
# `make bench`: a report, not a test (the page cache against nginx is in
# bench-cache.sh, run after it). Serves the release build with a fresh
# demo database on a loopback port, then measures
#   - what first loads transfer in Chromium (article, home and section pages,
#     en and fa: every file until hydrated and idle)
#   - Lighthouse's mobile performance score, LCP, TBT and CLS (en and fa,
#     article and home; median of three runs each)
#   - the main WASM chunk, raw and brotli, against its budget
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
# The stylesheet's link, and the JS and WASM the page's start script names.
mapfile -t assets < <(grep -oE '"/pkg/[^"]+\.(css|js|wasm)"' <<<"$html" | tr -d '"' | sort -u)
wasm="$(printf '%s\n' "${assets[@]}" | grep '\.wasm$' | head -n1)"
[ -n "$wasm" ] || { echo "no .wasm named by $ARTICLE" >&2; exit 1; }

# First loads in Chromium: every file each page fetches until hydrated and
# idle (HTML, CSS, JS, the WASM chunks it needs, fonts, pictures).
(cd "$(dirname "$0")/../end2end" &&
  node bench/first-load.mjs "$BASE" "$ARTICLE" /fa/article/wheat-sowing-north "$HOME" /fa/ "$CATEGORY")

# Lighthouse, mobile defaults (simulated slow 4G, a mid-range phone's CPU).
(cd "$(dirname "$0")/../tools/bench" &&
  node lighthouse.mjs "$BASE" "$ARTICLE" /fa/article/wheat-sowing-north "$HOME" /fa/)

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
budget=$("$(dirname "$0")/check-size.sh" --budget)
printf '\n== Main WASM chunk\n  raw %d bytes (%.1f KB), brotli %d bytes (%.1f KB); budget %d bytes brotli\n' \
  "$raw" "$(bc -l <<<"$raw/1024")" "$br" "$(bc -l <<<"$br/1024")" "$budget"

printf '\n== Throughput (wrk -t2 -c64 -d10s, HTML with brotli)\n'
for path in "$HOME" "$CATEGORY" "$ARTICLE"; do
  printf -- '-- %s\n' "$path"
  wrk -t2 -c64 -d10s --latency -H 'Accept-Encoding: br' "$BASE$path" |
    grep -E 'Requests/sec|Non-2xx|50%|99%|Socket errors' | sed 's/^/  /'
done
