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

## build: dist/ with the ES module, the Node entries and the script-tag file: the crate built
##        three times (the session, flows and extras modules, js/FACE.md), each through wasm-bindgen
##        and wasm-opt, then the JS face bundled by js/build.mjs; and dist/verifier/
##        (cognito-wasm/verifier, js/build-verifier.mjs)
WASM_OPT_FLAGS := -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
WASM_STAGE := $(TARGET_DIR)/face-wasm

# Each module's wasm-bindgen and wasm-opt (single-threaded, ~15-30 CPU-seconds each) run in
# the background while cargo builds the next module (the last one's beside the verifier's
# build), whose last step (LTO, one codegen unit) leaves the second core idle; all are
# waited for before js/build.mjs, and any failure fails the build.
build: setup
	rm -rf dist $(WASM_STAGE) && mkdir -p dist/web $(WASM_STAGE)
	set -e; pids=""; \
	for m in session flows extras; do \
		cargo build --release --target $(WASM_TARGET) -p cognito-wasm --features $$m-module; \
		cp $(WASM_RELEASE) $(WASM_STAGE)/cognito_$$m.wasm; \
		{ wasm-bindgen --target web --out-dir dist/web --out-name cognito_$$m $(WASM_STAGE)/cognito_$$m.wasm && \
			$(WASM_OPT) $(WASM_OPT_FLAGS) dist/web/cognito_$${m}_bg.wasm -o dist/web/cognito_$${m}_bg.wasm; } & \
		pids="$$pids $$!"; \
	done; \
	node js/build-verifier.mjs; \
	for pid in $$pids; do wait $$pid; done
	node js/build.mjs

## test: every test: native Rust, wasm in Node and in headless Chromium, the JS tests,
##       clippy and cargo-deny; prints how long each step and the whole run (build included) took
test: export MAKE_TEST_STARTED := $(shell date +%s)
test: build
	scripts/test.sh

test-native:
	cargo test --workspace

demo: build
	scripts/demo.sh

## bench: SRP speed, load time and size against amazon-cognito-identity-js in headless Chromium,
##        and page-level figures under Lighthouse's mobile preset (bench/bench.mjs, bench/page-level.mjs;
##        last line JSON; rewrites README's bench section)
.PHONY: bench bench-emulator
bench: build
	-cargo build -q -p cognito-wasm-emulator || echo "emulator not built: signin_ms and the page-level figures will be null"
	COGNITO_EMULATOR_BIN=$${COGNITO_EMULATOR_BIN:-$(abspath $(TARGET_DIR))/debug/cognito-emulator} node bench/bench.mjs

## bench-emulator: the emulator's state store in process: SRP sign-in p50/p99 with 1,000 and
##                 100,000 users, 500 concurrent sign-ins, SignUp cost (emulator/benches/state.rs;
##                 the first run seeds 100,000 real verifiers, several minutes)
bench-emulator:
	cargo bench -p cognito-wasm-emulator --bench state

clean:
	rm -rf dist target/wasm32-unknown-unknown
