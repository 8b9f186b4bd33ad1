#!/usr/bin/env bash
# The size budget of the app's main WASM chunk, as readers download it
# (brotli, the precompressed file the server sends). A size is
# deterministic: this is a check, run by `make test` after the release
# build, and it fails the build that grows past the budget.
#   usage: scripts/check-size.sh SERVER_BIN SITE_ROOT
#          scripts/check-size.sh --budget     (prints the budget)
set -euo pipefail

# The one place the budget is written (bytes, brotli). `make bench` reads it
# from here too.
MAIN_WASM_BROTLI_BUDGET=380000

if [ "${1:-}" = "--budget" ]; then echo "$MAIN_WASM_BROTLI_BUDGET"; exit 0; fi
SERVER_BIN="$1"
SITE_ROOT="$2"

# cargo-leptos writes the content hashes beside the server binary.
hash_file="$(dirname "$SERVER_BIN")/hash.txt"
wasm_hash="$(sed -nE 's/^wasm: *//p' "$hash_file")"
[ -n "$wasm_hash" ] || { echo "no wasm hash in $hash_file" >&2; exit 1; }
main="$SITE_ROOT/pkg/khabar.$wasm_hash.wasm"
[ -f "$main.br" ] || { echo "$main.br is missing (build with --precompress)" >&2; exit 1; }

raw=$(stat -c %s "$main")
br=$(stat -c %s "$main.br")
printf 'main WASM chunk %s: raw %d bytes, brotli %d bytes; budget %d bytes brotli\n' \
  "$(basename "$main")" "$raw" "$br" "$MAIN_WASM_BROTLI_BUDGET"
if [ "$br" -gt "$MAIN_WASM_BROTLI_BUDGET" ]; then
  echo "the main WASM chunk is $((br - MAIN_WASM_BROTLI_BUDGET)) bytes over its budget" >&2
  exit 1
fi
