#!/usr/bin/env bash
# `make soak`: a report, not a test. Serves the release build over a fresh
# demo database and sends it SOAK_MINUTES (default 10) of mixed traffic at
# SOAK_CONNECTIONS (default 256) connections (traffic.lua says what), one
# wrk run a minute so latency can be followed over time. Prints, a line a
# minute: requests, req/s, p50/p99, statuses, socket errors and the
# server's resident memory; then how long a SIGTERM under the same load
# takes to end the process. The request log is off (RUST_LOG=warn): ten
# minutes of it would be gigabytes.
set -euo pipefail

SERVER_BIN="$1"
SITE_ROOT="$2"
MINUTES="${SOAK_MINUTES:-10}"
CONNECTIONS="${SOAK_CONNECTIONS:-256}"
PORT="${KHABAR_SOAK_PORT:-3450}"
BASE="http://127.0.0.1:$PORT"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$SITE_ROOT" \
  DATABASE_URL="sqlite://$WORK/soak.db" KHABAR_TRUSTED_PROXIES=127.0.0.1 RUST_LOG=warn \
  "$SERVER_BIN" &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "$BASE/readyz" >/dev/null || { echo "server did not start" >&2; exit 1; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }

# Every story of every language, from the sitemaps; homes and sections.
langs=(en fa ps ar ru tg fr de es)
: >"$WORK/pages"
for lang in "${langs[@]}"; do
  curl -fs "$BASE/sitemaps/$lang.xml" | grep -oE '<loc>[^<]+</loc>' | sed -E 's#</?loc>##g; s#^https?://[^/]+##' >>"$WORK/pages"
  printf '/%s/\n/%s/category/afghanistan\n' "$lang" "$lang" >>"$WORK/pages"
done
grep -oE '^/en/article/[^/?#]+$' "$WORK/pages" | sed 's#^/en/article/##' | sort -u >"$WORK/slugs"
[ -s "$WORK/slugs" ] || { echo "no English stories in the sitemap" >&2; exit 1; }

# Signed-in readers, each registered from an address of its own.
: >"$WORK/sessions"
for n in $(seq 1 32); do
  curl -fs -o /dev/null -c "$WORK/jar$n" -H "Origin: $BASE" -H 'Sec-Fetch-Site: same-origin' \
    -H 'Accept: application/json' -H "X-Forwarded-For: 192.0.2.$n" \
    --data "lang=en&email=soak$n%40example.org&display_name=Soak+$n&password=walnut+river+lantern" \
    "$BASE/api/register"
  awk '$6 == "khabar_session" {print "khabar_session=" $7}' "$WORK/jar$n" >>"$WORK/sessions"
done
[ "$(wc -l <"$WORK/sessions")" -eq 32 ] || { echo "could not register the readers" >&2; exit 1; }

export SOAK_PAGES="$WORK/pages" SOAK_SLUGS="$WORK/slugs" SOAK_SESSIONS="$WORK/sessions" SOAK_ORIGIN="$BASE"
printf '== Soak: %d min, %d connections, mixed traffic (%d pages, %d stories, 32 readers)\n' \
  "$MINUTES" "$CONNECTIONS" "$(wc -l <"$WORK/pages")" "$(wc -l <"$WORK/slugs")"
printf '  start: resident memory %d KiB\n' "$(rss_kb)"
printf '  %-6s %10s %8s %8s %8s %8s %7s  %-40s %s\n' minute requests req/s p50_ms p99_ms max_ms errors statuses rss_KiB
for minute in $(seq 1 "$MINUTES"); do
  line="$(wrk -t2 -c"$CONNECTIONS" -d60s --latency -s "$HERE/traffic.lua" "$BASE" | tail -n1)"
  python3 - "$minute" "$(rss_kb)" "$line" <<'PY'
import json, sys
minute, rss, line = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
statuses = line["statuses"]
bad = sum(n for s, n in statuses.items() if not s.startswith(("2", "3")))
print(f"  {minute:<6} {line['requests']:>10} {line['requests'] / line['seconds']:>8.0f} "
      f"{line['p50_ms']:>8.1f} {line['p99_ms']:>8.1f} {line['max_ms']:>8.1f} "
      f"{bad + line['socket_errors']:>7}  {json.dumps(statuses, sort_keys=True):<40} {rss}")
PY
done
printf '  end: resident memory %d KiB\n' "$(rss_kb)"

# Shutdown under load: SIGTERM 5 s into a run, then the time until exit.
wrk -t2 -c"$CONNECTIONS" -d20s -s "$HERE/traffic.lua" "$BASE" >/dev/null 2>&1 &
WRK_PID=$!
sleep 5
start=$(date +%s%N)
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && code=0 || code=$?
end=$(date +%s%N)
printf '  SIGTERM under load: exited with %d after %d ms\n' "$code" "$(((end - start) / 1000000))"
kill "$WRK_PID" 2>/dev/null || true
wait "$WRK_PID" 2>/dev/null || true
