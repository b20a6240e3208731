#!/usr/bin/env bash
# Installs the real clients and upstream servers the acceptance tests drive:
# two Python venvs (the 1.x and 2.x lines of the official MCP SDK cannot share
# one) and the npm packages (TypeScript SDK, server-everything).
# Re-running is cheap: each step is skipped when its inputs have not changed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENVS="$ROOT/target/test-venvs"
mkdir -p "$VENVS"
log() { echo "[setup-clients] $*" >&2; }

make_venv() {
  local name=$1 req=$2
  local dir="$VENVS/$name" stamp
  stamp=$(sha256sum "$req" | cut -c1-16)
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then return; fi
  log "creating venv $name"
  rm -rf "$dir"
  python3 -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
  echo "$stamp" > "$dir/.stamp"
}
make_venv mcp2 "$ROOT/tests/requirements-mcp2.txt"
make_venv mcp1 "$ROOT/tests/requirements-mcp1.txt"

stamp=$(sha256sum "$ROOT/tests/package.json" | cut -c1-16)
if [ ! -f "$ROOT/tests/node_modules/.stamp" ] || [ "$(cat "$ROOT/tests/node_modules/.stamp")" != "$stamp" ]; then
  log "installing npm packages"
  (cd "$ROOT/tests" && npm install --no-audit --no-fund --loglevel=error >&2)
  echo "$stamp" > "$ROOT/tests/node_modules/.stamp"
fi
