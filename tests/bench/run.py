"""Preloop's performance, measured from outside: added latency as real
clients see it, throughput, memory and cold start of `preloop serve`.

    scripts/bench            the full run (documented in the README)
    scripts/bench --quick    a short run; the test command runs it

It prints every figure and fails on no threshold (the machines are noisy);
it fails only if a call goes wrong or the audit does not add up. The
figures are also written to build/bench/results.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "acceptance"))
import conftest  # noqa: E402  (the acceptance harness: ports, processes, stores)
import latency  # noqa: E402
from stats import added, percentile  # noqa: E402

ROOT = HERE.parents[1]
RELEASE = ROOT / "target" / "release"
PY2 = conftest.VENVS / "mcp2" / "bin" / "python"
KEY = conftest.ADMIN_KEY

# Five rules on `checked_echo`, evaluated in order; the last one allows.
RULES = [
    {"action": "deny", "condition": "args.text.contains('rm -rf')", "description": "no deletions"},
    {"action": "require_approval", "condition": "args.text.startsWith('prod:')", "description": "prod needs a person"},
    {"action": "deny", "condition": "size(args.text) > 4096", "description": "too long"},
    {"action": "deny", "condition": "args.text.matches('^DROP\\\\s')", "description": "no drops"},
    {"action": "allow", "condition": "args.text != ''", "description": "the rest"},
]
# Preloop's benchmark settings: the defaults, not the acceptance suite's
# fast timers.
BENCH_ENV = {"PRELOOP_SCHEDULER_INTERVAL_MS": "1000", "PRELOOP_AUDIT_CHECKPOINT_MS": "600000",
             "PRELOOP_LOG": "warn"}


def say(text: str = "") -> None:
    print(text, flush=True)


class Upstreams:
    """The three upstreams: the Rust bench upstream, and the Python SDK's
    server answering tools/call as SSE and as JSON."""

    def __init__(self):
        self.procs = []
        self.urls = {}
        rs = subprocess.Popen([str(RELEASE / "bench-upstream")], stdout=subprocess.PIPE, text=True)
        port = int(rs.stdout.readline().split()[-1])
        self.procs.append(rs)
        self.urls["rust"] = f"http://127.0.0.1:{port}/mcp"
        for name, extra in [("py-sse", []), ("py-json", ["--json-response"])]:
            port = conftest.free_port()
            proc = subprocess.Popen([str(PY2), str(HERE / "upstream_py.py"), str(port), *extra],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            conftest.wait_port(port, proc=proc)
            self.procs.append(proc)
            self.urls[name] = f"http://127.0.0.1:{port}/mcp"

    def stop(self):
        for p in self.procs:
            conftest.stop(p)


SERVER_NAMES = {"rust": "rs", "py-sse": "pysse", "py-json": "pyjson"}


def start_preloop(store: str, tmp: Path, upstreams: Upstreams) -> conftest.Preloop:
    pl = conftest.start_preloop(store, tmp, extra_env=BENCH_ENV)
    pl.ok("PUT", "/api/v1/settings", json={"default_action": "allow"})
    for upstream, url in upstreams.urls.items():
        name = SERVER_NAMES[upstream]
        pl.add_server(name, url)
        pl.scan(name)
        pl.configure(f"{name}__checked_echo", RULES)
    return pl


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fmt_ci(point: float, low: float, high: float) -> str:
    return f"{point / 1000:+.3f} [{low / 1000:+.3f}, {high / 1000:+.3f}]"


def bench_latency(preloops: dict, upstreams: Upstreams, n: int, warmup: int, clients: list[str]) -> list[dict]:
    say(f"\n## Added latency: tools/call, {n} sequential calls per series after {warmup} warm-up, one session each")
    say("   (ms; added = through Preloop minus direct, same client and upstream, interleaved; [95% bootstrap CI])\n")
    header = f"{'upstream':8} {'path':9} {'client':6} {'store':8} {'rules':7} {'direct p50':>10} {'added p50 [CI]':>26} {'added p99 [CI]':>26}"
    say(header)
    say("-" * len(header))
    rows = []
    for upstream, url in upstreams.urls.items():
        server = SERVER_NAMES[upstream]
        for protocol in ["session", "stateless"]:
            for client in clients:
                targets = {"direct": (url, None, "checked_echo")}
                for store, pl in preloops.items():
                    targets[f"{store}/none"] = (pl.mcp_url, KEY, f"{server}__echo")
                    targets[f"{store}/five"] = (pl.mcp_url, KEY, f"{server}__checked_echo")
                samples = latency.CLIENTS[client](targets, protocol, n, warmup)
                direct = samples["direct"]
                for label, values in samples.items():
                    if label == "direct":
                        continue
                    store, rules = label.split("/")
                    p50 = added(values, direct, 50)
                    p99 = added(values, direct, 99)
                    row = {"upstream": upstream, "path": protocol, "client": client, "store": store,
                           "rules": rules, "direct_p50_us": percentile(direct, 50),
                           "direct_p99_us": percentile(direct, 99),
                           "through_p50_us": percentile(values, 50), "through_p99_us": percentile(values, 99),
                           "added_p50_us": p50, "added_p99_us": p99}
                    rows.append(row)
                    say(f"{upstream:8} {protocol:9} {client:6} {store:8} {rules:7} {percentile(direct, 50) / 1000:10.3f} "
                        f"{fmt_ci(*p50):>26} {fmt_ci(*p99):>26}")
    say()
    for store in preloops:
        mine = [r["added_p50_us"][0] for r in rows if r["store"] == store]
        p99s = [r["added_p99_us"][0] for r in rows if r["store"] == store]
        say(f"{store}: added p50 median over series {statistics.median(mine) / 1000:.3f} ms "
            f"(range {min(mine) / 1000:.3f} to {max(mine) / 1000:.3f}); added p99 median {statistics.median(p99s) / 1000:.3f} ms")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    n, warmup = (150, 30) if quick else (2000, 200)
    conftest.PRELOOP_BIN = RELEASE / "preloop"
    stores = ["sqlite"]
    if os.environ.get("PRELOOP_TEST_DATABASE_URL"):
        stores.append("postgres")
    else:
        say("PRELOOP_TEST_DATABASE_URL is not set: Postgres is skipped (scripts/setup-postgres.sh prints one)")
    results = {"mode": "quick" if quick else "full", "machine": {"cores": os.cpu_count()}}
    upstreams = Upstreams()
    preloops = {}
    try:
        with tempfile.TemporaryDirectory(prefix="preloop-bench-") as tmp:
            for store in stores:
                d = Path(tmp) / store
                d.mkdir()
                preloops[store] = start_preloop(store, d, upstreams)
            results["latency"] = bench_latency(preloops, upstreams, n, warmup, list(latency.CLIENTS))
    finally:
        for pl in preloops.values():
            pl.stop()
        upstreams.stop()
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    say(f"\nfigures written to {out / 'results.json'}")


if __name__ == "__main__":
    main()
