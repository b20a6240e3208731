#!/usr/bin/env bash
# Builds the console (web/console: Vite + Lit + Shoelace, npm packages
# only) into web/console/dist, which is committed: `cargo build` embeds it,
# so running Preloop needs no Node. The build prints every file's size,
# gzip included, and fails past the first page's JavaScript budget.
#
#   scripts/build-console.sh           build
#   scripts/build-console.sh --check   build, then fail if the committed
#                                      dist differs from what the sources
#                                      build to (what the test command runs)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/web/console"

# npm ci only when the lock file changed since the last install.
stamp=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f node_modules/.stamp ] || [ "$(cat node_modules/.stamp)" != "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$stamp" > node_modules/.stamp
fi
npm run --silent build >&2
# The console's own unit tests (the event-stream parser, the API client).
npm test --silent >&2

if [ "${1:-}" = "--check" ] && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  changed=$(git -C "$ROOT" status --porcelain -- web/console/dist)
  if [ -n "$changed" ]; then
    echo "web/console/dist is not what the sources build to; run scripts/build-console.sh and commit it:" >&2
    echo "$changed" >&2
    exit 1
  fi
fi
