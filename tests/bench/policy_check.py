"""Latency of POST /api/v1/policy/check: the native host beside the
policy-check Worker under `wrangler dev` (real workerd) and the policy-check
Spin component in the Spin test host (wasmtime), on each store.

For each setup it starts the servers, configures one tool with five rules
through the API, then measures (1) the first policy check (cold: the
native process has just started; the Worker's isolate has served nothing
yet, so it reads its settings, prepares the store and compiles the policy)
and (2) N sequential checks on one keep-alive connection after a warm-up:
p50 and p99. It prints a table.

    cargo build --release --bin preloop --bin preloop-spin-host
    scripts/build-workers.sh api policy-check && scripts/build-spin.sh
    PRELOOP_BIN=target/release/preloop PRELOOP_SPIN_HOST=target/release/preloop-spin-host \\
      PRELOOP_TEST_DATABASE_URL=... target/test-venvs/mcp2/bin/python tests/bench/policy_check.py [N]
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "acceptance"))
import conftest  # noqa: E402  (the acceptance suite's harness: servers, Workers, databases)

RULES = [
    {"action": "deny", "condition": "args.environment == 'prod' && args.force == true", "description": "no forced prod"},
    {"action": "require_approval", "condition": "args.environment == 'prod'", "description": "prod needs a person"},
    {"action": "deny", "condition": "args.replicas > 50", "description": "too big"},
    {"action": "deny", "condition": "args.image.startsWith('latest')", "description": "pinned images only"},
    {"action": "allow", "description": "the rest"},
]
BODY = {"tool": "infra__deploy", "arguments": {"environment": "staging", "replicas": 3, "image": "app:1.2.3", "force": False}}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(check_url: str, key: str, n: int) -> dict:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(timeout=30) as client:
        start = time.perf_counter()
        first = client.post(check_url, json=BODY, headers=headers)
        cold = (time.perf_counter() - start) * 1000
        assert first.status_code == 200 and first.json()["decision"] == "allow", first.text
        for _ in range(20):
            client.post(check_url, json=BODY, headers=headers)
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            r = client.post(check_url, json=BODY, headers=headers)
            samples.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, r.text
    return {"cold": cold, "p50": statistics.median(samples), "p99": percentile(samples, 99)}


def native(store: str, tmp: Path, n: int) -> dict:
    p = conftest.start_preloop(store, tmp)
    try:
        p.configure("infra__deploy", RULES)
        # The policy cache is filled on the first check; the store was
        # migrated when the process started.
        return measure(f"{p.url}/api/v1/policy/check", p.key, n)
    finally:
        p.stop()


def workerd(store: str, tmp: Path, n: int) -> dict:
    p = conftest.start_workerd(store, tmp, functions=["api", "policy-check"])
    try:
        p.configure("infra__deploy", RULES)
        port = p.workers["policy-check"].port
        return measure(f"http://127.0.0.1:{port}/api/v1/policy/check", p.key, n)
    finally:
        p.stop()


def spin(store: str, tmp: Path, n: int) -> dict:
    p = conftest.start_spin(store, tmp)
    try:
        p.configure("infra__deploy", RULES)
        return measure(f"{p.url}/api/v1/policy/check", p.key, n)
    finally:
        p.stop()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    setups = [
        ("preloop serve", "sqlite", native),
        ("preloop serve", "postgres", native),
        ("wrangler dev (workerd)", "workerd-d1", workerd),
        ("wrangler dev (workerd)", "workerd-postgres", workerd),
        ("Spin test host (wasmtime)", "spin-sqlite", spin),
        ("Spin test host (wasmtime)", "spin-postgres", spin),
    ]
    rows = []
    for host, store, run in setups:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(store, Path(tmp), n)
        rows.append((host, store.removeprefix("workerd-").removeprefix("spin-"), result))
        print(f"{host:24} {store:18} cold {result['cold']:8.2f} ms  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms",
              file=sys.stderr)
    print(f"\nPOST /api/v1/policy/check, 5 rules, {n} sequential requests on one connection\n")
    print("| Host | Store | Cold first request | p50 | p99 |")
    print("|---|---|---:|---:|---:|")
    for host, store, r in rows:
        print(f"| {host} | {store} | {r['cold']:.1f} ms | {r['p50']:.2f} ms | {r['p99']:.2f} ms |")


if __name__ == "__main__":
    main()
