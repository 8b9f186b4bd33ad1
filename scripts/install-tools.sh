#!/usr/bin/env bash
# Installs what building and testing Khabar needs on a fresh Debian machine
# that has rustup, cargo, node and npm. Every step is skipped when its tool is
# already there, so running this again costs a few seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' "$ROOT/Cargo.lock")"
TOOLS_DIR="${KHABAR_TOOLS_DIR:-$HOME/.cache/khabar-tools}"
mkdir -p "$TOOLS_DIR"

log() { printf '==> %s\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
}

install_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

install_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  log "cargo install cargo-leptos $CARGO_LEPTOS_VERSION"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
}

# `cargo install wasm-bindgen-cli --locked` fails against today's registry
# (its lock file names a webpki-roots release the registry no longer has), so
# unpack the published crate, move that one dependency to an available
# release and install from the unpacked source.
install_wasm_bindgen() {
  if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then return; fi
  log "install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  if cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked; then return; fi
  local crate
  crate="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "wasm-bindgen-cli-$WASM_BINDGEN_VERSION.crate" | head -n1)"
  [ -n "$crate" ] || { echo "wasm-bindgen-cli $WASM_BINDGEN_VERSION crate not downloaded" >&2; exit 1; }
  local src="$TOOLS_DIR/wasm-bindgen-cli-$WASM_BINDGEN_VERSION"
  rm -rf "$src" && tar -xzf "$crate" -C "$TOOLS_DIR"
  (cd "$src" && cargo update -p webpki-roots --precise 1.0.10 && cargo install --path . --locked)
}

# wasm-opt comes from npm's binaryen package (cargo-leptos would otherwise
# try to download it), installed into the tools folder outside the checkout
# so every clone shares it, at the version tools/package.json names.
install_wasm_opt() {
  local version
  version="$(sed -nE 's/.*"binaryen": *"([^"]+)".*/\1/p' "$ROOT/tools/package.json")"
  # `wasm-opt --version` names only the major version ("wasm-opt version 132 (…)").
  if wasm-opt --version 2>/dev/null | grep -q "version ${version%%.*} "; then return; fi
  log "npm install binaryen@$version (wasm-opt)"
  npm install --prefix "$TOOLS_DIR/binaryen" --no-audit --no-fund --loglevel=error "binaryen@$version"
  ln -sf "$TOOLS_DIR/binaryen/node_modules/.bin/wasm-opt" "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-opt"
}

install_end2end_packages() {
  if [ -d "$ROOT/end2end/node_modules/@playwright/test" ] &&
     [ "$ROOT/end2end/node_modules/.package-lock.json" -nt "$ROOT/end2end/package-lock.json" ]; then
    return
  fi
  log "npm ci in end2end/"
  (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
}

# Lighthouse for `make bench`, at the version tools/bench/package-lock.json
# pins; kept apart from the tests' packages, which do not need it.
install_bench_packages() {
  if [ -d "$ROOT/tools/bench/node_modules/lighthouse" ] &&
     [ "$ROOT/tools/bench/node_modules/.package-lock.json" -nt "$ROOT/tools/bench/package-lock.json" ]; then
    return
  fi
  log "npm ci in tools/bench/"
  (cd "$ROOT/tools/bench" && npm ci --no-audit --no-fund --loglevel=error)
}

case "${1:-all}" in
  build)
    install_wasm_target; install_cargo_leptos; install_wasm_bindgen; install_wasm_opt ;;
  test)
    install_wasm_target; install_cargo_leptos; install_wasm_bindgen; install_wasm_opt
    # python3 runs the layering check in `make lint`.
    apt_install chromium python3
    install_end2end_packages ;;
  bench)
    apt_install wrk bc curl chromium nginx-core libnginx-mod-http-brotli-static
    install_end2end_packages; install_bench_packages ;;
  *)
    echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
