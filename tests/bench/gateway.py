"""The model gateway's added latency: the same chat completion sent to the
provider process directly and through Preloop (with a budget on the key, so
the reservation is included), interleaved, one keep-alive client per path.
JSON answers are timed to their last byte; streams to their first event
(time to first token), from a provider that pauses 5 ms between events as
a model does (so every process on the path is idle when the next request
comes) and from one that sends them back to back."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "acceptance"))
import conftest  # noqa: E402
from stats import added, percentile  # noqa: E402

PROVIDER_KEY = "sk-bench-provider-key-0123456789"
BODY = {"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 16}


def start_provider(tmp: Path, pause_ms: int = 5):
    port = conftest.free_port()
    proc = subprocess.Popen([str(conftest.PY2), str(conftest.ROOT / "tests" / "upstream" / "model_provider.py"),
                             str(port), str(tmp / f"provider-requests-{port}.jsonl"), PROVIDER_KEY],
                            env={**os.environ, "MODEL_PROVIDER_PAUSE_MS": str(pause_ms)})
    conftest.wait_port(port, proc=proc)
    return f"http://127.0.0.1:{port}/v1", proc


def configure(pl, provider_url: str, name: str) -> tuple[str, str]:
    """A provider, a priced model and an agent key with a budget: what a
    request through the gateway needs. The model and its key."""
    prov = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": name, "kind": "openai-compatible", "base_url": provider_url, "api_key": PROVIDER_KEY})
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"{name}-model", "provider_id": prov["id"], "upstream_model": "gpt-4o-mini"})
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"{name}-agent", "role": "agent"})
    pl.ok("POST", "/api/v1/budgets", json={"scope": "api_key", "scope_id": key["id"], "amount_usd": 1000, "period": "daily"})
    return model["name"], key["key"]


def timed(client: httpx.Client, url: str, headers: dict, body: dict, stream: bool) -> float:
    """Microseconds to the last byte (JSON) or the first event (stream)."""
    start = time.perf_counter_ns()
    if not stream:
        r = client.post(url, headers=headers, json=body)
        r.read()
        assert r.status_code == 200, r.text
        return (time.perf_counter_ns() - start) / 1000
    with client.stream("POST", url, headers=headers, json=body) as r:
        assert r.status_code == 200
        chunks = r.iter_raw()
        next(chunks)
        first = (time.perf_counter_ns() - start) / 1000
        for _ in chunks:
            pass
    return first


def bench_gateway(preloops: dict, tmp: Path, n: int, warmup: int, say) -> list[dict]:
    paced_url, paced = start_provider(tmp)
    quick_url, quick = start_provider(tmp, pause_ms=0)
    # (answer, stream?, provider): the series, each against its own provider.
    series = [("json", False, paced_url), ("stream", True, paced_url), ("stream-b2b", True, quick_url)]
    rows = []
    try:
        header = (f"{'store':8} {'answer':10} {'direct p50':>10} {'added p50 [CI]':>26} {'added p99 [CI]':>26}")
        say(f"\n## Model gateway: added latency, {n} sequential requests per series after {warmup} warm-up")
        say("   (ms; the same chat completion to the provider process directly and through /openai/v1,")
        say("   a budget reserved and settled on each; JSON to the last byte, streams to the first event;")
        say("   stream: events 5 ms apart, as a model sends them; stream-b2b: back to back)\n")
        say(header)
        say("-" * len(header))
        for store, pl in preloops.items():
            models = {url: configure(pl, url, name) for url, name in ((paced_url, "paced"), (quick_url, "quick"))}
            through_url = f"{pl.url}/openai/v1/chat/completions"
            for answer, stream, provider_url in series:
                model, key = models[provider_url]
                direct_url = f"{provider_url}/chat/completions"
                body = {**BODY, "stream": stream}
                samples = {"direct": [], "through": []}
                with httpx.Client(timeout=30) as d, httpx.Client(timeout=30) as t:
                    for i in range(warmup + n):
                        a = timed(d, direct_url, {"Authorization": f"Bearer {PROVIDER_KEY}"},
                                  {**body, "model": "gpt-4o-mini"}, stream)
                        b = timed(t, through_url, {"Authorization": f"Bearer {key}"}, {**body, "model": model}, stream)
                        if i >= warmup:
                            samples["direct"].append(a)
                            samples["through"].append(b)
                p50 = added(samples["through"], samples["direct"], 50)
                p99 = added(samples["through"], samples["direct"], 99)
                rows.append({"store": store, "answer": answer, "direct_p50_us": percentile(samples["direct"], 50),
                             "added_p50_us": p50, "added_p99_us": p99})
                ci = lambda v: f"{v[0] / 1000:+.3f} [{v[1] / 1000:+.3f}, {v[2] / 1000:+.3f}]"  # noqa: E731
                say(f"{store:8} {answer:10} {percentile(samples['direct'], 50) / 1000:10.3f} {ci(p50):>26} {ci(p99):>26}")
            # The last JSON answer's row is settled just after it was sent.
            for _ in range(100):
                events = pl.ok("GET", "/api/v1/usage/events", params={"limit": 1000})["events"]
                if all(e["outcome"] != "pending" for e in events):
                    break
                time.sleep(0.05)
            bad = [e for e in events if e["outcome"] != "ok"]
            assert not bad, f"gateway requests that did not go through: {bad[:3]}"
    finally:
        conftest.stop(paced)
        conftest.stop(quick)
    return rows
