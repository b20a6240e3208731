#!/usr/bin/env bash
# Installs what the edge builds need, reusing whatever is already there:
# wasm-bindgen-cli at exactly the version Cargo.lock pins (cargo install,
# ~5 min once, then kept in ~/.cargo/bin), and wrangler (with workerd) and
# binaryen's wasm-opt from npm (scripts/edge/package.json).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "[edge-tools] $*" >&2; }

want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' "$ROOT/Cargo.lock")
have=$("${WASM_BINDGEN_BIN:-$HOME/.cargo/bin/wasm-bindgen}" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (was: ${have:-none})"
  cargo install -q wasm-bindgen-cli --version "$want" >&2
fi

stamp=$(sha256sum "$ROOT/scripts/edge/package.json" | cut -c1-16)
mods="$ROOT/scripts/edge/node_modules"
if [ ! -f "$mods/.stamp" ] || [ "$(cat "$mods/.stamp")" != "$stamp" ]; then
  log "installing wrangler and binaryen"
  (cd "$ROOT/scripts/edge" && npm install --no-audit --no-fund --loglevel=error >&2)
  echo "$stamp" > "$mods/.stamp"
fi
