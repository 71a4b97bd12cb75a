#!/usr/bin/env bash
# Runs every test suite (after `make build`): native Rust, wasm in Node and in headless
# Chromium (against a local emulator it starts and stops), the JS tests in Node and the
# browser tests through Playwright. Runs all suites, then reports which failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
target_dir=$(realpath -m "${CARGO_TARGET_DIR:-target}")

passed=0
failed=0
failures=()
timings=()
# `make test` passes the time it started (before its build) so the total includes the build.
started=${MAKE_TEST_STARTED:-$(date +%s)}
# step NAME COMMAND...: runs one suite, counts it as passed or failed, and notes how long it took.
step() {
  local name=$1
  shift
  printf '\n=== %s\n' "$name"
  local t0=$SECONDS outcome=ok
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
    outcome=FAILED
  fi
  timings+=("$(printf '%5ds  %-6s %s' $((SECONDS - t0)) "$outcome" "$name")")
}

# The emulator serves the end-to-end tests; built once, started on a free port.
emulator_pid=""
stop_emulator() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null; emulator_pid=""; }
trap stop_emulator EXIT
start_emulator() {
  # The binary `cargo test --workspace` builds for the emulator's own tests (a no-op after
  # the native build step): `cargo build -p cognito-wasm-emulator` would build it, the crate
  # and 17 of their dependencies once more, as their features differ without the
  # dev-dependencies.
  cargo test -q --workspace --no-run || return 1
  local log
  log=$(mktemp)
  "$target_dir/debug/cognito-emulator" --port 0 >"$log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 100); do
    COGNITO_EMULATOR_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n1)
    [ -n "$COGNITO_EMULATOR_URL" ] && break
    sleep 0.1
  done
  [ -n "$COGNITO_EMULATOR_URL" ] || { cat "$log"; return 1; }
  export COGNITO_EMULATOR_URL COGNITO_EMULATOR_BIN="$target_dir/debug/cognito-emulator"
  echo "emulator at $COGNITO_EMULATOR_URL"
}

step "constant-time SRP in the shipped wasm: node scripts/check-wasm-ct.mjs" node scripts/check-wasm-ct.mjs
# The native tests and the emulator binary are built first (one build: the end-to-end tests
# start that binary, the JS suites below the emulator started here).
step "native: build the tests and the emulator (cargo test --workspace --no-run)" cargo test --workspace --no-run
step "start the emulator" start_emulator
step "native: cargo test --workspace" cargo test --workspace
# The wasm the modules ship is checked through the JS suites below (every SRP sign-in against
# the emulator, which verifies the client's proof; the reference's AuthenticationHelper tests
# compare its values); `cargo test --target wasm32-unknown-unknown` still runs the core's own
# tests in wasm by hand (about 100 s, left out to keep make test under 20 minutes on 2 cores).
js_tests=$(ls tests/js/*.test.mjs tests/emulator/*.test.mjs tests/package/*.test.mjs 2>/dev/null)
step "JS in Node: node --test" node --test $js_tests
step "the reference's unit suite (jest): the reference, then ours" node tests/reference-suite/run.mjs
step "browser: Playwright + Chromium" node --test tests/browser/*.test.mjs
if [ -f tests/emulator/test_boto3.py ]; then
  step "AWS SDK (boto3) against the emulator" python3 tests/emulator/test_boto3.py
  step "AWS SDK (boto3, cognito-identity) against the emulator's identity pools" python3 tests/emulator/test_boto3_identity.py
  step "boto3: groups, scopes and JWKS key rotation" python3 tests/emulator/test_boto3_groups.py
  step "boto3: hosted UI domain, OIDC identity provider and a federated sign-in" python3 tests/emulator/test_boto3_hosted_ui.py
fi
step "docs: cargo doc without warnings (native and wasm32)" \
  env RUSTDOCFLAGS="-D warnings" bash -c 'cargo doc -q --no-deps -p cognito-wasm && cargo doc -q --no-deps -p cognito-wasm --target wasm32-unknown-unknown'
stop_emulator
step "lint: cargo clippy (native, every target) without warnings" \
  cargo clippy -q --workspace --all-targets -- -D warnings
step "lint: cargo clippy (wasm32: every target, and each wasm module's feature) without warnings" \
  bash -c 'cargo clippy -q -p cognito-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings &&
    for module in session-module flows-module extras-module verifier-module; do
      cargo clippy -q -p cognito-wasm --target wasm32-unknown-unknown --lib --features "$module" -- -D warnings || exit 1
    done'
# Advisories are not checked here: their database is only on GitHub (see deny.toml).
step "dependencies: cargo deny (licences, bans, sources)" \
  cargo deny --workspace check --hide-inclusion-graph licenses bans sources

printf '\n=== summary\n'
printf '%s\n' "${timings[@]}"
for f in "${failures[@]}"; do echo "FAILED: $f"; done
total=$(($(date +%s) - started))
printf 'total time%s: %dm%02ds\n' "${MAKE_TEST_STARTED:+ (build included)}" $((total / 60)) $((total % 60))
echo "test suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
