#!/usr/bin/env bash
# `make demo`: starts the local emulator with the demo seed and serves the examples.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
EMULATOR_PORT=${EMULATOR_PORT:-9229}
DEMO_PORT=${DEMO_PORT:-8080}
API_PORT=${API_PORT:-8081}

cargo build -q -p cognito-wasm-emulator
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"${CARGO_TARGET_DIR:-target}/debug/cognito-emulator" --port "$EMULATOR_PORT" --seed emulator/seed/demo.json &
pids+=($!)
node scripts/static-server.mjs . "$DEMO_PORT" &
pids+=($!)
# The example API (examples/api): accepts access tokens of the demo clients with its scope.
COGNITO_ISSUER="http://127.0.0.1:$EMULATOR_PORT/us-east-1_Demo0001" API_PORT="$API_PORT" node examples/api/server.mjs &
pids+=($!)
sleep 1
cat <<MSG

cognito-wasm demo
  emulator (Cognito JSON API):  http://127.0.0.1:$EMULATOR_PORT   (codes it "sends" are printed here and in each page's outbox button)
  script-tag example:           http://127.0.0.1:$DEMO_PORT/examples/vanilla/
  ES module example:            http://127.0.0.1:$DEMO_PORT/examples/esm/
  hosted UI (auth-js style):    http://127.0.0.1:$DEMO_PORT/examples/hosted-ui/   (callback URLs registered for port 8080)
  SSO through the mock IdP:     http://127.0.0.1:$DEMO_PORT/examples/sso/
  Node example:                 node examples/node/index.mjs
  example API (bearer tokens):   http://127.0.0.1:$API_PORT/orders   (scope demo-api/orders.read; see notes in README)
  demo user:                    demo / Demo-Passw0rd!
Press Ctrl-C to stop.
MSG
wait
