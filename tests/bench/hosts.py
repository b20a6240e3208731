"""tools/call through each of Preloop's three hosts in one run, beside the
same Rust upstream called directly by the same client: `preloop serve`
(SQLite, Postgres), the mcp-proxy Worker under `wrangler dev` (real workerd;
D1, Postgres) and the mcp-proxy Spin component in the Spin test host
(wasmtime; SQLite, Postgres). Five rules on the tool, audit on, every row
measured the same way (`run.front_rows`: the first call, then N sequential
calls per protocol path after a warm-up, interleaved with direct calls).
Then the embeddable policy component's time per decision beside the native
engine's. It prints a table; it fails on no timing.

    cargo build --release -p preloop-cli -p preloop-bench -p preloop-spin-host --bins
    scripts/build-workers.sh api mcp-proxy
    PRELOOP_SPIN_OUT=build/spin-release scripts/build-spin.sh && scripts/build-policy-component.sh
    PRELOOP_BIN=target/release/preloop PRELOOP_SPIN_HOST=target/release/preloop-spin-host \\
      PRELOOP_SPIN_COMPONENTS=build/spin-release PRELOOP_TEST_DATABASE_URL=... \\
      target/test-venvs/mcp2/bin/python tests/bench/hosts.py [N]
"""
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (the benchmark's upstreams, hosts and edge-front measurement)
import policy_component  # noqa: E402
from run import conftest  # noqa: E402

HOSTS = {"sqlite": "preloop serve", "postgres": "preloop serve", "workerd-d1": "wrangler dev (workerd)",
         "workerd-postgres": "wrangler dev (workerd)", "spin-sqlite": "Spin test host (wasmtime)",
         "spin-postgres": "Spin test host (wasmtime)"}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    warmup = 50
    upstreams = run.Upstreams()
    rows = []
    try:
        print(run.FRONT_HEADER, flush=True)
        for store in HOSTS:
            with tempfile.TemporaryDirectory() as tmp:
                pl, url = run.start_front(store, Path(tmp))
                try:
                    rows += run.front_rows(store, pl, url, upstreams.urls["rust"], n, warmup)
                finally:
                    pl.stop()
    finally:
        upstreams.stop()
    print(f"\ntools/call, 5 rules, Rust upstream, {n} sequential calls per path on one connection\n")
    print("| Host | Store | Path | First call | Direct p50 | Added p50 | Added p99 | Store round trips |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        first = "" if r["first_call_ms"] != r["first_call_ms"] else f"{r['first_call_ms']:.0f} ms"
        print(f"| {HOSTS[r['store']]} | {r['store'].removeprefix('workerd-').removeprefix('spin-')} | {r['path']} | "
              f"{first} | {r['direct_p50_us'] / 1000:.2f} ms | {r['added_p50_us'][0] / 1000:+.2f} ms | "
              f"{r['added_p99_us'][0] / 1000:+.2f} ms | {r['round_trips']} |")
    policy_component.bench_policy_component(conftest.PRELOOP_BIN, conftest.SPIN_HOST, n, print)


if __name__ == "__main__":
    main()
