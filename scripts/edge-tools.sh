#!/usr/bin/env bash
# Installs what the edge builds need, reusing whatever is already there:
# wasm-bindgen-cli at exactly the version Cargo.lock pins (cargo install,
# ~5 min once, then kept in ~/.cargo/bin), wasm-tools for checking the Spin
# components (~3 min once), and wrangler (with workerd) and binaryen's
# wasm-opt from npm (scripts/edge/package.json).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "[edge-tools] $*" >&2; }
# The tools run for seconds per build; compiling them at opt-level 1 without
# LTO takes a fraction of a full release build's time.
install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=64 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install -q "$@" >&2
}

want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' "$ROOT/Cargo.lock")
have=$("${WASM_BINDGEN_BIN:-${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen}" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (was: ${have:-none})"
  install wasm-bindgen-cli --version "$want"
fi

WASM_TOOLS_VERSION=1.263.0
have=$("${WASM_TOOLS_BIN:-${CARGO_HOME:-$HOME/.cargo}/bin/wasm-tools}" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$WASM_TOOLS_VERSION" ]; then
  log "installing wasm-tools $WASM_TOOLS_VERSION (was: ${have:-none})"
  install --locked wasm-tools --version "$WASM_TOOLS_VERSION" --no-default-features --features component
fi

stamp=$(sha256sum "$ROOT/scripts/edge/package.json" | cut -c1-16)
mods="$ROOT/scripts/edge/node_modules"
if [ ! -f "$mods/.stamp" ] || [ "$(cat "$mods/.stamp")" != "$stamp" ]; then
  log "installing wrangler and binaryen"
  (cd "$ROOT/scripts/edge" && npm install --no-audit --no-fund --loglevel=error >&2)
  echo "$stamp" > "$mods/.stamp"
fi
