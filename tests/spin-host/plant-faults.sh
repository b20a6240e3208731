#!/usr/bin/env bash
# Shows that the acceptance suite on the Spin stores tests something: plants
# each of three faults a Spin deployment could have and that no build step
# notices, runs the MCP firewall's acceptance module against the Spin
# application in the test host, and expects it to fail; then undoes the
# fault. Not part of the test command (it rebuilds the components twice).
#
#   tests/spin-host/plant-faults.sh      (needs PRELOOP_TEST_DATABASE_URL)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
: "${PRELOOP_TEST_DATABASE_URL:?run scripts/setup-postgres.sh first}"
OUT=build/spin-faults
rm -rf "$OUT" && mkdir -p "$OUT"
cargo build --locked -q -p preloop-spin-host

suite() {  # suite NAME STORE [MANIFEST]: 0 when the module failed, as it must
  local name=$1 store=$2 manifest=${3:-$ROOT/spin.toml}
  if PRELOOP_SPIN_MANIFEST="$manifest" PRELOOP_ACCEPTANCE_STORES="$store" \
      target/test-venvs/mcp2/bin/python -m pytest tests/acceptance/test_firewall.py -q -p no:cacheprovider \
      --basetemp "$OUT/$name" -x > "$OUT/$name.log" 2>&1; then
    echo "FAULT NOT CAUGHT: $name (the suite passed; see $OUT/$name.log)"
    return 1
  fi
  echo "caught: $name: $(grep -m1 -E '^(FAILED|ERROR)' "$OUT/$name.log" | cut -c1-160)"
}

# A manifest beside the real one (the components' paths made absolute),
# changed by a Python expression over its text.
damaged() {  # damaged NAME PYTHON_EXPR
  python3 - "$OUT/$1.toml" "$2" <<'PY'
import sys, re
out, expr = sys.argv[1], sys.argv[2]
text = open("spin.toml").read().replace('source = "build/', 'source = "' + __import__("os").getcwd() + '/build/')
changed = eval(expr, {"text": text, "re": re})
assert changed != text, "the fault changed nothing"
open(out, "w").write(changed)
PY
  echo "$OUT/$1.toml"
}

status=0

# 1. A variable renamed in spin.toml only: the proxy's secret key is
#    declared to it under another name, so the component reads no key.
m=$(damaged renamed-variable 'text.replace("[component.mcp-proxy.variables]\npreloop_secret_key =", "[component.mcp-proxy.variables]\npreloop_secret =", 1)')
suite renamed-variable spin-sqlite "$m" || status=1

# 2. An outbound host missing from allowed_outbound_hosts: the proxy may no
#    longer reach plain-HTTP upstreams.
m=$(damaged missing-outbound-host 'text.replace("source = \"" + __import__("os").getcwd() + "/build/spin/mcp-proxy.wasm\"\nallowed_outbound_hosts = [\"https://*:*\", \"http://*:*\", \"postgres://*:*\"]", "source = \"" + __import__("os").getcwd() + "/build/spin/mcp-proxy.wasm\"\nallowed_outbound_hosts = [\"https://*:*\", \"postgres://*:*\"]", 1)')
suite missing-outbound-host spin-sqlite "$m" || status=1

# 3. A Postgres parameter whose Rust type disagrees with the column: every
#    integer sent as an int4 where the schema's columns are int8.
cp shared/spin/src/postgres.rs "$OUT/postgres.rs.orig"
restore() { cp "$OUT/postgres.rs.orig" shared/spin/src/postgres.rs; PRELOOP_SPIN_PROFILE=dev scripts/build-spin.sh >/dev/null 2>&1 || true; }
trap restore EXIT
sed -i 's/Value::Int(i) => ParameterValue::Int64(\*i),/Value::Int(i) => ParameterValue::Int32(*i as i32),/' shared/spin/src/postgres.rs
cmp -s shared/spin/src/postgres.rs "$OUT/postgres.rs.orig" && { echo "the Postgres fault changed nothing"; exit 1; }
PRELOOP_SPIN_PROFILE=dev scripts/build-spin.sh > "$OUT/build-fault.log" 2>&1
suite wrong-parameter-type spin-postgres || status=1

exit $status
