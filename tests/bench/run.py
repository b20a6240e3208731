"""Preloop's performance, measured from outside: added latency as real
clients see it, throughput, memory and cold start of `preloop serve`.

    scripts/bench            the full run (documented in the README)
    scripts/bench --quick    a short run; the test command runs it

It prints every figure and fails on no threshold (the machines are noisy);
it fails only if a call goes wrong or the audit does not add up. The
figures are also written to build/bench/results.json.
"""

import argparse
import gzip
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
import httpx  # noqa: E402
import conftest  # noqa: E402  (the acceptance harness: ports, processes, stores)
import console  # noqa: E402
import gateway  # noqa: E402
import latency  # noqa: E402
import policy_component  # noqa: E402
import trackers  # noqa: E402
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
             "PRELOOP_LOG": "warn", "PRELOOP_SERVER_TIMING": "true"}


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


def section(title: str, notes: list[str], header: str) -> None:
    """A part of the report: its title, what it measured, its table's head."""
    say(f"\n## {title}")
    for note in notes:
        say(f"   {note}")
    say()
    say(header)
    say("-" * len(header))


def bench_latency(preloops: dict, upstreams: Upstreams, n: int, warmup: int, clients: list[str]) -> list[dict]:
    section(f"Added latency: tools/call, {n} sequential calls per series after {warmup} warm-up, one session each",
            ["(ms; added = through Preloop minus direct, same client and upstream, interleaved; [95% bootstrap CI])"],
            f"{'upstream':8} {'path':9} {'client':6} {'store':8} {'rules':7} {'direct p50':>10} "
            f"{'added p50 [CI]':>26} {'added p99 [CI]':>26}")
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


def audit_counts(pl: conftest.Preloop, tool: str) -> tuple[int, int, int]:
    """(records, pending, ok) of `tool` in the store, read behind Preloop's back."""
    query = ("SELECT COUNT(*), COALESCE(SUM(CASE WHEN outcome = 'pending' THEN 1 ELSE 0 END), 0), "
             "COALESCE(SUM(CASE WHEN outcome = 'ok' THEN 1 ELSE 0 END), 0) FROM audit_events WHERE tool = '%s'" % tool)
    if pl.database_url:
        out = subprocess.run(["psql", pl.database_url, "-tAc", query], check=True, capture_output=True, text=True).stdout
        return tuple(int(x) for x in out.strip().split("|"))
    import sqlite3

    with sqlite3.connect(pl.sqlite_path) as db:
        return tuple(int(x) for x in db.execute(query).fetchone())


def load(pl: conftest.Preloop, tool: str, *args: str) -> dict:
    out = subprocess.run([str(RELEASE / "bench-load"), "--url", pl.mcp_url, "--key", KEY, "--tool", tool, *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def settle(pl: conftest.Preloop, tool: str) -> tuple[int, int, int]:
    """Waits (briefly) for the completions that run after the answers."""
    deadline = time.monotonic() + 10
    while True:
        counts = audit_counts(pl, tool)
        if counts[1] == 0 or time.monotonic() > deadline:
            return counts
        time.sleep(0.05)


def bench_throughput(preloops: dict, seconds: float) -> list[dict]:
    section(f"Throughput: tools/call on the stateless path, five rules, audit on; Rust upstream; {seconds:g} s per run",
            ["(bench-load: closed loop, one keep-alive connection per client; every answer checked)"],
            f"{'store':8} {'clients':>7} {'calls/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}  audit check")
    rows = []
    tool = "rs__checked_echo"
    for store, pl in preloops.items():
        for clients in [16, 64]:
            before = audit_counts(pl, tool)
            r = load(pl, tool, "--protocol", "stateless", "--concurrency", str(clients), "--seconds", str(seconds),
                     "--warmup", "1")
            after = settle(pl, tool)
            records, _, ok = (a - b for a, b in zip(after, before))
            pending = after[1]
            good = r["errors"] == 0 and records == r["sent"] and ok == r["sent"] and pending == 0
            check = f"{records} records for {r['sent']} calls, {pending} pending" + ("" if good else "  <-- MISMATCH")
            say(f"{store:8} {clients:7d} {r['calls_per_second']:9.0f} {r['p50_us'] / 1000:8.2f} {r['p99_us'] / 1000:8.2f} "
                f"{r['errors']:6d}  {check}")
            rows.append({"store": store, "clients": clients, **r, "audit_records": records, "audit_pending": pending,
                         "audit_ok": ok, "audit_matches": good})
            if not good:
                raise SystemExit(f"{store}: the audit does not add up: {check}; errors {r['errors']}")
    return rows


def raise_fd_limit() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def bench_memory(pl: conftest.Preloop, idle_kb: int, calls: int, sessions: int) -> dict:
    say(f"\n## Memory: resident set of preloop serve ({pl.store})\n")
    pid = pl.proc.pid
    say(f"{'idle (started, configured)':36} {idle_kb / 1024:7.1f} MB")
    warmed = rss_kb(pid)
    say(f"{'after the latency runs':36} {warmed / 1024:7.1f} MB")
    r = load(pl, "rs__checked_echo", "--protocol", "stateless", "--concurrency", "16", "--seconds", "600",
             "--warmup", "0", "--calls", str(calls))
    after_calls = rss_kb(pid)
    say(f"{'after ' + format(r['sent'], ',') + ' more calls':36} {after_calls / 1024:7.1f} MB")
    holder = subprocess.Popen([str(RELEASE / "bench-load"), "--url", pl.mcp_url, "--key", KEY, "--hold", str(sessions)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=raise_fd_limit)
    line = holder.stdout.readline()
    held = json.loads(line)["held"] if line.strip() else 0
    with_sessions = rss_kb(pid)
    say(f"{'with ' + format(held, ',') + ' open sessions':36} {with_sessions / 1024:7.1f} MB   (one connection each)")
    holder.stdin.close()
    holder.wait(timeout=30)
    time.sleep(0.5)
    after_sessions = rss_kb(pid)
    say(f"{'after they closed':36} {after_sessions / 1024:7.1f} MB")
    if held != sessions:
        raise SystemExit(f"only {held} of {sessions} sessions opened")
    return {"idle_mb": idle_kb / 1024, "after_latency_mb": warmed / 1024, "calls": r["sent"],
            "after_calls_mb": after_calls / 1024, "sessions": held, "with_sessions_mb": with_sessions / 1024,
            "after_sessions_mb": after_sessions / 1024}


def first_call(url: str, deadline: float) -> None:
    """Sends a stateless tools/call until one is answered."""
    client = latency.RawClient(url, KEY, "stateless")
    try:
        while True:
            try:
                client.call("rs__echo")
                return
            except (httpx.TransportError, RuntimeError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"no answer from {url}")
            time.sleep(0.002)
    finally:
        client.close()


def bench_cold_start(pl: conftest.Preloop, runs: int) -> list[float]:
    """Stops the instance and starts it again on the same store: the time
    from starting the process to the first answered tools/call."""
    env = {**os.environ, **BENCH_ENV, "PRELOOP_LISTEN": pl.url.removeprefix("http://"),
           "PRELOOP_DATA_DIR": str(pl.data_dir), "PRELOOP_ADMIN_KEY": KEY}
    env.pop("DATABASE_URL", None)
    if pl.database_url:
        env["DATABASE_URL"] = pl.database_url
    times = []
    for _ in range(runs):
        pl.stop()
        start = time.monotonic()
        pl.proc = subprocess.Popen([str(conftest.PRELOOP_BIN), "serve"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        first_call(pl.mcp_url, start + 30)
        times.append((time.monotonic() - start) * 1000)
    return times


def server_timing(header: str) -> dict:
    """`store;desc="3 round trips";dur=1.2, upstream;desc="1 requests";dur=0.3`
    -> {"store": (3, 1.2), "upstream": (1, 0.3)}"""
    out = {}
    for metric in header.split(","):
        parts = [p.strip() for p in metric.split(";")]
        fields = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        count = int(fields.get("desc", '"-1 "').strip('"').split()[0])
        out[parts[0]] = (count, float(fields.get("dur", "nan")))
    return out


def round_trips(url: str, tool: str, protocol: str) -> dict:
    """What one tools/call waited for, from its `Server-Timing` header
    (PRELOOP_SERVER_TIMING is on in these runs): store round trips and their
    time, upstream time."""
    client = latency.RawClient(url, KEY, protocol)
    try:
        # The first call may compile the policy; the second is the steady one.
        client.call(tool)
        client.call(tool)
        return server_timing(client.last.headers.get("server-timing", ""))
    finally:
        client.close()


def print_round_trips(preloops: dict) -> dict:
    say("\n## Store round trips per allowed tools/call, before the answer (Server-Timing; see ARCHITECTURE.md)\n")
    out = {}
    for store, pl in preloops.items():
        for protocol in ["session", "stateless"]:
            t = round_trips(pl.mcp_url, "rs__checked_echo", protocol)
            out[f"{store}/{protocol}"] = t
            say(f"{store:18} {protocol:9} {t['store'][0]} round trips, {t['store'][1]:.3f} ms in the store; "
                f"upstream {t['upstream'][1]:.3f} ms to headers")
    return out


def bundle_sizes() -> dict:
    import gzip

    sizes = {}
    for function in sorted(p.name for p in (ROOT / "build" / "workers").iterdir() if p.is_dir()):
        d = ROOT / "build" / "workers" / function
        if (d / "index_bg.wasm").exists():
            sizes[function] = len(gzip.compress((d / "index_bg.wasm").read_bytes() + (d / "index.js").read_bytes(), 9))
    return sizes


def front_rows(store: str, pl: conftest.Preloop, url: str, upstream: str, n: int, warmup: int) -> list[dict]:
    """tools/call through one edge front (`url`), beside the upstream called
    directly in the same run: the first call, then each protocol path."""
    pl.ok("PUT", "/api/v1/settings", json={"default_action": "allow"})
    pl.add_server("rs", upstream)
    pl.scan("rs")
    pl.configure("rs__checked_echo", RULES)
    rows = []
    start = time.monotonic()
    first_call(url, start + 60)
    first_ms = (time.monotonic() - start) * 1000
    for protocol in ["stateless", "session"]:
        samples = latency.measure_raw({"direct": (upstream, None, "checked_echo"),
                                       "edge": (url, KEY, "rs__checked_echo")}, protocol, n, warmup)
        p50 = added(samples["edge"], samples["direct"], 50)
        p99 = added(samples["edge"], samples["direct"], 99)
        t = round_trips(url, "rs__checked_echo", protocol)
        trips, store_ms, upstream_ms = t["store"][0], t["store"][1], t["upstream"][1]
        row = {"store": store, "path": protocol, "first_call_ms": first_ms,
               "direct_p50_us": percentile(samples["direct"], 50), "added_p50_us": p50, "added_p99_us": p99,
               "round_trips": trips, "store_ms": store_ms, "upstream_ms": upstream_ms}
        rows.append(row)
        say(f"{store:18} {protocol:9} {first_ms:8.1f}ms {percentile(samples['direct'], 50) / 1000:10.3f} "
            f"{p50[0] / 1000:+10.3f} {p99[0] / 1000:+10.3f} {trips:11d} {store_ms:8.2f} {upstream_ms:11.2f}")
        first_ms = float("nan")
    return rows


FRONT_HEADER = (f"{'store':18} {'path':9} {'first call':>10} {'direct p50':>10} {'added p50':>10} {'added p99':>10} "
                f"{'round trips':>11} {'store ms':>8} {'upstream ms':>11}")


def start_front(store: str, tmp: Path) -> tuple[conftest.Preloop, str]:
    """One host on one store with Server-Timing on, and the URL of its MCP
    endpoint: a Worker's straight, not through the test's routing proxy."""
    if store.startswith("workerd"):
        pl = conftest.start_workerd(store, tmp, extra_vars={"PRELOOP_SERVER_TIMING": "true"},
                                    functions=["api", "mcp-proxy"])
        return pl, f"http://127.0.0.1:{pl.workers['mcp-proxy'].port}/mcp/v1"
    if store.startswith("spin"):
        pl = conftest.start_spin(store, tmp, {"PRELOOP_SERVER_TIMING": "true"}, cron=False)
        return pl, f"{pl.url}/mcp/v1"
    pl = conftest.start_preloop(store, tmp, extra_env=BENCH_ENV)
    return pl, pl.mcp_url


def bench_edge(tmp: Path, upstreams: Upstreams, n: int, warmup: int) -> dict:
    section("The edge: tools/call through the mcp-proxy Worker in wrangler dev (local workerd), Rust upstream",
            ["(first request: the Worker isolate's first tools/call, settings read and store prepared; then sequential",
             f" calls, {n} per series after {warmup} warm-up, interleaved with the same client calling the upstream directly)"],
            FRONT_HEADER)
    results = {"rows": [], "bundle_gzip_bytes": bundle_sizes()}
    for store in ["workerd-d1", "workerd-postgres"]:
        pl, url = start_front(store, tmp / store)
        try:
            results["rows"] += front_rows(store, pl, url, upstreams.urls["rust"], n, warmup)
        finally:
            pl.stop()
    say("\nWorker bundles, wasm + JS, gzip -9 (limit 1 MiB = 1048576 bytes):")
    for function, size in results["bundle_gzip_bytes"].items():
        say(f"  {function:14} {size:9,d} bytes")
    return results


def bench_spin(tmp: Path, upstreams: Upstreams, n: int, warmup: int) -> dict:
    section("Spin: tools/call through the mcp-proxy component in the Spin test host (wasmtime), Rust upstream",
            [f"(components built for release in build/spin; host {conftest.SPIN_HOST.relative_to(ROOT)}; instances reused as Spin",
             " reuses them; first request: the first tools/call after start, with the instance created)"],
            FRONT_HEADER)
    results = {"rows": [], "component_bytes": {}}
    for store in ["spin-sqlite", "spin-postgres"]:
        if store == "spin-postgres" and not os.environ.get("PRELOOP_TEST_DATABASE_URL"):
            continue
        pl, url = start_front(store, tmp / store)
        try:
            results["rows"] += front_rows(store, pl, url, upstreams.urls["rust"], n, warmup)
        finally:
            pl.stop()
    say("\nSpin components (wasm32-wasip2), bytes and gzip -9:")
    for wasm in sorted(Path(conftest.SPIN_COMPONENTS or ROOT / "build" / "spin").glob("*.wasm")):
        data = wasm.read_bytes()
        results["component_bytes"][wasm.stem] = len(data)
        say(f"  {wasm.stem:14} {len(data):11,d} bytes {len(gzip.compress(data, 9)):11,d} gzip")
    return results


def bench_embedding() -> dict:
    say("\n## The built-in embedding model (potion-base-2M): time per issue\n")
    out = json.loads(subprocess.run([str(RELEASE / "bench-embed")], capture_output=True, text=True,
                                    check=True).stdout)
    say(f"{out['per_issue_us']:.1f} µs per issue ({out['issues']} real issues, {out['mean_chars']} characters on "
        f"average), {out['load_ms']:.1f} ms to load the model")
    return out


def bench_tool_schemas() -> list[str]:
    say("\n## The built-in issue tools' schemas, in tokens (what each request carrying them pays)\n")
    tools = subprocess.run([str(RELEASE / "bench-tool-schemas")], capture_output=True, text=True, check=True).stdout
    counted = subprocess.run(["node", str(HERE / "count_tokens.mjs")], input=tools, capture_output=True, text=True,
                             check=True, cwd=HERE.parent).stdout
    say(counted.rstrip())
    return counted.splitlines()


def summary_markdown(results: dict) -> str:
    """The README's tables, from one run's figures."""
    ms = lambda us: f"{us / 1000:+.2f}"  # noqa: E731
    out = ["| Upstream | Path | Client | Store | Direct p50 | Added p50 [95% CI] | Added p99 [95% CI] |",
           "|---|---|---|---|---:|---:|---:|"]
    for r in results.get("latency", []):
        if r["rules"] != "five":
            continue
        p50, p99 = r["added_p50_us"], r["added_p99_us"]
        out.append(f"| {r['upstream']} | {r['path']} | {r['client']} | {r['store']} | {r['direct_p50_us'] / 1000:.2f} | "
                   f"{ms(p50[0])} [{ms(p50[1])}, {ms(p50[2])}] | {ms(p99[0])} [{ms(p99[1])}, {ms(p99[2])}] |")
    out += ["", "| Store | Clients | Calls/s | p50 ms | p99 ms | Audit records / calls |", "|---|---:|---:|---:|---:|---|"]
    for r in results.get("throughput", []):
        out.append(f"| {r['store']} | {r['clients']} | {r['calls_per_second']:.0f} | {r['p50_us'] / 1000:.2f} | "
                   f"{r['p99_us'] / 1000:.2f} | {r['audit_records']} / {r['sent']}, {r['audit_pending']} pending |")
    edge = results.get("edge", {}).get("rows", []) + results.get("spin", {}).get("rows", [])
    if edge:
        out += ["", "| Store | Path | First call ms | Added p50 | Added p99 | Store round trips | Store ms | Upstream ms |",
                "|---|---|---:|---:|---:|---:|---:|---:|"]
        for r in edge:
            first = "" if r["first_call_ms"] != r["first_call_ms"] else f"{r['first_call_ms']:.0f}"
            out.append(f"| {r['store']} | {r['path']} | {first} | {ms(r['added_p50_us'][0])} | "
                       f"{ms(r['added_p99_us'][0])} | {r['round_trips']} | {r['store_ms']:.2f} | {r['upstream_ms']:.2f} |")
    console_loads = results.get("console", {})
    if console_loads:
        out += ["", "| Store | Page | p50 ms | p95 ms |", "|---|---|---:|---:|"]
        for store, pages in console_loads.items():
            for page, t in pages.items():
                out.append(f"| {store} | {page} | {t['p50']:.0f} | {t['p95']:.0f} |")
    tracked = results.get("trackers", {})
    if tracked:
        out += ["", "| Store | Issues | Similarity p50 / p99 ms | Text p50 / p99 ms | Hybrid p50 / p99 ms | "
                "Deliveries/s acknowledged | Deliveries/s worked |", "|---|---:|---:|---:|---:|---:|---:|"]
        for store, t in tracked.items():
            cells = " | ".join(f"{t[m]['p50']:.1f} / {t[m]['p99']:.1f}" for m in ("similarity", "text", "hybrid"))
            out.append(f"| {store} | {t['issues']:,} | {cells} | {t['ingest']['acknowledged_per_s']:.0f} | "
                       f"{t['ingest']['worked_per_s']:.0f} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    n, warmup = (150, 30) if quick else (1000, 100)
    conftest.PRELOOP_BIN = RELEASE / "preloop"
    conftest.SPIN_HOST = RELEASE / "preloop-spin-host"
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
            idle = {}
            for store in stores:
                d = Path(tmp) / store
                d.mkdir()
                preloops[store] = start_preloop(store, d, upstreams)
                time.sleep(1)
                idle[store] = rss_kb(preloops[store].proc.pid)
            results["latency"] = bench_latency(preloops, upstreams, n, warmup, list(latency.CLIENTS))
            results["gateway"] = gateway.bench_gateway(preloops, Path(tmp), n, warmup, say)
            results["console"] = console.bench_console(preloops, 5 if quick else 20, say)
            results["trackers"] = trackers.bench_trackers(preloops, quick, Path(tmp), say)
            results["embedding"] = bench_embedding()
            results["tool_schemas"] = bench_tool_schemas()
            # The test host is built for release by the full run only (wasmtime
            # is minutes of compiling): the quick run skips this.
            results["policy_component"] = policy_component.bench_policy_component(
                RELEASE / "preloop", RELEASE / "preloop-spin-host", 500, say)
            results["round_trips"] = print_round_trips(preloops)
            results["throughput"] = bench_throughput(preloops, 3 if quick else 15)
            results["memory"] = bench_memory(preloops["sqlite"], idle["sqlite"], 20_000 if quick else 100_000, 1000)
            say("\n## Cold start: process start to the first answered tools/call (store already prepared)\n")
            results["cold_start_ms"] = {}
            for store, pl in preloops.items():
                times = bench_cold_start(pl, 1 if quick else 5)
                results["cold_start_ms"][store] = times
                say(f"{store:8} median {statistics.median(times):7.1f} ms over {len(times)} start(s)")
            if (ROOT / "build" / "workers" / "mcp-proxy" / "index_bg.wasm").exists():
                results["edge"] = bench_edge(Path(tmp), upstreams, 60 if quick else 500, 10 if quick else 50)
            else:
                say("\nThe Workers are not built (scripts/build-workers.sh): the edge is skipped")
            if quick:
                say("\nSpin is measured in the full run, whose components are built for release (the test "
                    "command's are debug builds)")
            elif (ROOT / "build" / "spin" / "mcp-proxy.wasm").exists() and conftest.SPIN_HOST.exists():
                results["spin"] = bench_spin(Path(tmp), upstreams, 500, 50)
            else:
                say("\nThe Spin components or the test host are not built: Spin is skipped")
    finally:
        for pl in preloops.values():
            pl.stop()
        upstreams.stop()
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    (out / "summary.md").write_text(summary_markdown(results))
    say(f"\nfigures written to {out / 'results.json'}")


if __name__ == "__main__":
    main()
