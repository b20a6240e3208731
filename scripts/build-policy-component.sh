#!/usr/bin/env bash
# Builds the embeddable policy engine (components/policy, world
# preloop:policy/policy in wit/preloop-policy.wit) as a WebAssembly
# component: build/policy/preloop-policy.wasm, and prints its size.
#
#   scripts/build-policy-component.sh
#   PRELOOP_POLICY_PROFILE=dev   a debug build (faster to compile)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PROFILE="${PRELOOP_POLICY_PROFILE:-edge}"
OUT_PROFILE="$PROFILE"
[ "$PROFILE" = dev ] && OUT_PROFILE=debug
rustup target list --installed | grep -qx wasm32-wasip2 || rustup target add wasm32-wasip2
cargo rustc --locked -q -p preloop-policy-component --profile "$PROFILE" --target wasm32-wasip2 --crate-type cdylib
mkdir -p build/policy
cp "target/wasm32-wasip2/$OUT_PROFILE/preloop_policy_component.wasm" build/policy/preloop-policy.wasm
printf 'policy component: %d bytes, %d bytes gzip\n' \
  "$(stat -c %s build/policy/preloop-policy.wasm)" "$(gzip -9c build/policy/preloop-policy.wasm | wc -c)"
