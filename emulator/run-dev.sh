#!/usr/bin/env bash
# Build the emulator with the dev profile (fast to build, starts at once) and run it.
# Usage: emulator/run-dev.sh [--port 9229] [--seed emulator/seed/demo.json] [--state FILE] ...
# Prints "cognito-emulator listening on http://127.0.0.1:PORT" when ready.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# (Cargo.toml optimises the RSA crates in dev builds, so key generation is fast.)
cargo build -q -p cognito-wasm-emulator >&2
exec "$root/target/debug/cognito-emulator" "$@"
