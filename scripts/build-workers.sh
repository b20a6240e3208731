#!/usr/bin/env bash
# Builds each function as its own Cloudflare Worker:
#   cargo (wasm32-unknown-unknown, profile `edge`, feature `cloudflare`)
#   -> wasm-bindgen (the version pinned in Cargo.lock) -> wasm-opt -> an entry
#   module that instantiates the wasm and exports the Worker's handlers.
# Output: build/workers/<function>/{shim.mjs,index.js,index_bg.wasm}; prints
# each bundle's size against Cloudflare's 1 MiB gzip limit and fails on a
# bundle over it.
#
#   scripts/build-workers.sh [function ...]   (default: every function)
#   PRELOOP_WASM_OPT=0 skips wasm-opt (faster, larger).
#   PRELOOP_EDGE_TIMEZONES: the IANA time zones conditions may name at the
#   edge, as a regex (default below); the whole database would take 140 KB
#   of every Worker that evaluates conditions.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
FUNCTIONS=("$@")
[ ${#FUNCTIONS[@]} -eq 0 ] && FUNCTIONS=(mcp-proxy argument-check policy-check auth audit policies api approval-page scheduler gateway console trackers webhook-ingest scheduled-sync)
LIMIT=$((1024 * 1024))
# UTC and the zones of the world's main business centres; a condition naming
# another is an error there, and the call is denied (fail closed).
DEFAULT_TIMEZONES='^(UTC|GMT|Etc/UTC|Etc/GMT|America/(New_York|Chicago|Denver|Phoenix|Los_Angeles|Anchorage|Toronto|Vancouver|Mexico_City|Sao_Paulo|Argentina/Buenos_Aires|Bogota|Lima|Santiago)|Pacific/(Honolulu|Auckland)|Europe/(London|Dublin|Lisbon|Paris|Berlin|Madrid|Rome|Amsterdam|Brussels|Zurich|Vienna|Stockholm|Oslo|Copenhagen|Helsinki|Warsaw|Prague|Athens|Istanbul|Kyiv|Moscow)|Africa/(Cairo|Johannesburg|Lagos|Nairobi)|Asia/(Dubai|Kolkata|Karachi|Dhaka|Bangkok|Jakarta|Singapore|Hong_Kong|Shanghai|Manila|Seoul|Tokyo|Jerusalem)|Australia/(Sydney|Melbourne|Brisbane|Perth))$'
export CHRONO_TZ_TIMEZONE_FILTER="${PRELOOP_EDGE_TIMEZONES:-$DEFAULT_TIMEZONES}"
log() { echo "[build-workers] $*" >&2; }

scripts/edge-tools.sh >&2
BINDGEN="${WASM_BINDGEN_BIN:-${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen}"
WASM_OPT="${WASM_OPT_BIN:-$ROOT/scripts/edge/node_modules/.bin/wasm-opt}"

# Everything after cargo (wasm-opt above all, ~30 s for the larger Workers)
# runs in the background while cargo builds the next function.
finish() {
  local f="$1" out="build/workers/$1"
  if [ "${PRELOOP_WASM_OPT:-1}" != 0 ]; then
    log "$f: wasm-opt"
    # Only the features rustc's wasm32 target emits, which workerd runs:
    # --all-features lets binaryen use proposals workerd refuses to load.
    "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --strip-debug --strip-producers -o "$out/index_bg.opt.wasm" "$out/index_bg.wasm"
    mv "$out/index_bg.opt.wasm" "$out/index_bg.wasm"
  fi
  cat > "$out/shim.mjs" <<'JS'
// The Worker's entry: instantiate the module once per isolate and export
// whichever handlers this function defines (fetch, scheduled, queue).
import * as glue from "./index.js";
import module from "./index_bg.wasm";

glue.initSync({ module });

const handlers = {};
for (const name of ["fetch", "scheduled", "queue"]) {
  if (typeof glue[name] === "function") handlers[name] = glue[name];
}
export default handlers;
JS
  local raw gz
  raw=$(stat -c %s "$out/index_bg.wasm")
  gz=$(cat "$out/index_bg.wasm" "$out/index.js" | gzip -9 | wc -c)
  printf '%-14s wasm %8d bytes, wasm+js gzip %8d bytes (limit %d)\n' "$f" "$raw" "$gz" "$LIMIT"
  if [ "$gz" -gt "$LIMIT" ]; then
    log "$f is over 1 MiB gzipped"
    return 1
  fi
}

pids=()
for f in "${FUNCTIONS[@]}"; do
  lib="preloop_${f//-/_}"
  out="build/workers/$f"
  log "$f: cargo"
  cargo rustc --locked -q -p "preloop-$f" --profile edge --target wasm32-unknown-unknown \
    --features cloudflare --crate-type cdylib
  rm -rf "$out" && mkdir -p "$out"
  "$BINDGEN" --target web --no-typescript --out-dir "$out" --out-name index \
    "target/wasm32-unknown-unknown/edge/$lib.wasm"
  finish "$f" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
