# Khabar — the two commands (see README.md):
#   make run    install what is missing, build the release, serve the demo site
#   make test   install what is missing, run every check and test
# LEPTOS_SITE_ADDR and DATABASE_URL override the address and the database.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

TARGET_DIR   := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
SERVER_BIN   := $(TARGET_DIR)/release/khabar-server
SITE_ROOT    := $(CURDIR)/target/site
SITE_ADDR    ?= $(or $(LEPTOS_SITE_ADDR),127.0.0.1:3000)
DB_URL       ?= $(or $(DATABASE_URL),sqlite://$(CURDIR)/khabar.db)
FONT         := public/fonts/vazirmatn-arabic-wght-normal.woff2

.PHONY: run test build size tools-build tools-test tools-bench lint unit e2e bench soak fmt clean

run: build
	LEPTOS_SITE_ROOT="$(SITE_ROOT)" LEPTOS_SITE_ADDR="$(SITE_ADDR)" DATABASE_URL="$(DB_URL)" \
	  "$(SERVER_BIN)"

test: tools-test lint unit build size e2e

build: tools-build $(FONT)
	cargo leptos build --release --precompress --split

tools-build:
	@scripts/install-tools.sh build

tools-test:
	@scripts/install-tools.sh test

tools-bench:
	@scripts/install-tools.sh bench

# The Arabic-script font comes from npm (@fontsource-variable/vazirmatn),
# never from a CDN.
$(FONT): tools/package-lock.json
	@test -d tools/node_modules/@fontsource-variable/vazirmatn || (cd tools && npm ci --no-audit --no-fund --loglevel=error)
	mkdir -p public/fonts
	cp tools/node_modules/@fontsource-variable/vazirmatn/files/vazirmatn-arabic-wght-normal.woff2 $@
	cp tools/node_modules/@fontsource-variable/vazirmatn/LICENSE public/fonts/VAZIRMATN-LICENSE.txt

lint:
	cargo fmt --all --check
	python3 scripts/check-layers.py
	cargo clippy --all-targets -p app -p khabar-server --features app/ssr -- -D warnings
	cargo clippy --all-targets -p app -p khabar-frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test --workspace --exclude khabar-frontend --features app/ssr

# The main WASM chunk's size budget (scripts/check-size.sh holds the number).
size: build
	scripts/check-size.sh "$(SERVER_BIN)" "$(SITE_ROOT)"

e2e: build
	cd end2end && KHABAR_SERVER_BIN="$(SERVER_BIN)" KHABAR_SITE_ROOT="$(SITE_ROOT)" npx playwright test

bench: tools-bench build
	scripts/bench.sh "$(SERVER_BIN)" "$(SITE_ROOT)"
	scripts/bench-cache.sh "$(SERVER_BIN)" "$(SITE_ROOT)"

# Ten minutes of mixed traffic at 256 connections (SOAK_MINUTES,
# SOAK_CONNECTIONS): latency and memory over time, shutdown under load.
soak: tools-bench build
	scripts/soak/run.sh "$(SERVER_BIN)" "$(SITE_ROOT)"

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf target/site public/fonts
