#!/usr/bin/env bash
# Builds each function as a Spin component (wasm32-wasip2, feature `spin`,
# spin-sdk's #[http_service] entry): build/spin/<function>.wasm, the files
# spin.toml points at. `spin build` runs this per component.
#
#   scripts/build-spin.sh [function ...]   (default: every function)
#   PRELOOP_SPIN_PROFILE=dev               a debug build (the test command's,
#                                          faster; imports are the same or more)
#   PRELOOP_SPIN_OUT=DIR                   where the components go (build/spin)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
FUNCTIONS=("$@")
[ ${#FUNCTIONS[@]} -eq 0 ] && FUNCTIONS=(mcp-proxy policy-check auth audit policies api approval-page scheduler gateway console trackers webhook-ingest scheduled-sync)
PROFILE="${PRELOOP_SPIN_PROFILE:-edge}"
OUT_PROFILE="$PROFILE"
[ "$PROFILE" = dev ] && OUT_PROFILE=debug

rustup target list --installed | grep -qx wasm32-wasip2 || rustup target add wasm32-wasip2
OUT="${PRELOOP_SPIN_OUT:-build/spin}"
mkdir -p "$OUT"
for f in "${FUNCTIONS[@]}"; do
  lib="preloop_${f//-/_}"
  echo "[build-spin] $f" >&2
  cargo rustc --locked -q -p "preloop-$f" --profile "$PROFILE" --target wasm32-wasip2 \
    --features spin --crate-type cdylib
  cp "target/wasm32-wasip2/$OUT_PROFILE/$lib.wasm" "$OUT/$f.wasm"
  printf '%-14s component %8d bytes\n' "$f" "$(stat -c %s "$OUT/$f.wasm")"
done
