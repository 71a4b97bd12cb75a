# cognito-wasm. `make test` and `make demo` set a fresh machine up first (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

WASM_TARGET := wasm32-unknown-unknown
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM_RELEASE := $(TARGET_DIR)/$(WASM_TARGET)/release/cognito_wasm.wasm
WASM_OPT := node_modules/.bin/wasm-opt

.PHONY: setup build test test-native test-wasm test-js demo clean

setup:
	@scripts/setup.sh

## build: dist/ with the ES module, the Node entries and the script-tag file, and
##        dist/verifier/ (cognito-wasm/verifier, js/build-verifier.mjs)
build: setup
	cargo build --release --target $(WASM_TARGET) -p cognito-wasm
	rm -rf dist && mkdir -p dist/web
	wasm-bindgen --target web --out-dir dist/web --out-name cognito_wasm $(WASM_RELEASE)
	$(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
		dist/web/cognito_wasm_bg.wasm -o dist/web/cognito_wasm_bg.wasm
	node js/build.mjs
	node js/build-verifier.mjs

## test: every test: native Rust, wasm in Node and in headless Chromium, the JS tests,
##       clippy and cargo-deny; prints how long each step and the whole run (build included) took
test: export MAKE_TEST_STARTED := $(shell date +%s)
test: build
	scripts/test.sh

test-native:
	cargo test --workspace

demo: build
	scripts/demo.sh

## bench: SRP speed, load time and size against amazon-cognito-identity-js in headless Chromium
##        (bench/bench.mjs; last line JSON; rewrites README's bench section)
.PHONY: bench bench-emulator
bench: build
	-cargo build -q -p cognito-wasm-emulator || echo "emulator not built: signin_ms will be null"
	node bench/bench.mjs

## bench-emulator: the emulator's state store in process: SRP sign-in p50/p99 with 1,000 and
##                 100,000 users, 500 concurrent sign-ins, SignUp cost (emulator/benches/state.rs;
##                 the first run seeds 100,000 real verifiers, several minutes)
bench-emulator:
	cargo bench -p cognito-wasm-emulator --bench state

clean:
	rm -rf dist target/wasm32-unknown-unknown
