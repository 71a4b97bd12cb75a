#!/usr/bin/env bash
# Every emulator test: Rust (unit + integration), the reference SDK in Node, and boto3.
# Needs node_modules/amazon-cognito-identity-js (npm ci) and python3 with boto3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -p cognito-wasm-emulator
cargo test -p cognito-wasm-emulator
export COGNITO_EMULATOR_BIN="${COGNITO_EMULATOR_BIN:-$root/target/debug/cognito-emulator}"
node --test tests/emulator/
python3 tests/emulator/test_boto3.py
