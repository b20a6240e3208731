"""The embeddable policy component beside the native engine: its size, and
the time per decision over the policy-decision corpus, each asked many
times in one process (the component in the Spin test host's `decide`
mode, wasmtime; the native engine in `preloop policy decide`). Both answer
`check-json` questions, JSON in and out, as POST /api/v1/policy/check
would: the figure is the engine's, with no HTTP in it."""

import gzip
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "policy-decisions"
COMPONENT = ROOT / "build" / "policy" / "preloop-policy.wasm"
FILES = ["scopes", "conditions"]
NOW_MS = "1764590400000"


def per_decision(cmd: list[str], questions: str) -> float:
    done = subprocess.run(cmd, input=questions, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = re.search(r"([0-9.]+) µs per decision", done.stderr)
    assert found, done.stderr
    return float(found.group(1))


def bench_policy_component(preloop_bin: Path, host_bin: Path, rounds: int, say) -> dict:
    say("\n## The policy engine as a component: size, and time per decision beside the native engine\n")
    if not COMPONENT.exists() or not host_bin.exists():
        say("The policy component or the Spin test host is not built: skipped")
        return {}
    data = COMPONENT.read_bytes()
    results = {"component_bytes": len(data), "component_gzip_bytes": len(gzip.compress(data, 9)), "files": {}}
    say(f"build/policy/preloop-policy.wasm: {len(data):,} bytes, {results['component_gzip_bytes']:,} gzip -9")
    say(f"{'policy file':14} {'questions':>9} {'native µs':>10} {'component µs':>13}")
    for name in FILES:
        policy = CORPUS / f"{name}.yaml"
        questions = (CORPUS / f"{name}.jsonl").read_text()
        native = per_decision([str(preloop_bin), "policy", "decide", str(policy), "--now-ms", NOW_MS,
                               "--bench", str(rounds)], questions)
        component = per_decision([str(host_bin), "decide", str(COMPONENT), str(policy), "--now-ms", NOW_MS,
                                  "--bench", str(rounds), "--cache-dir", str(ROOT / "target" / "spin-host-cache")],
                                 questions)
        count = len([q for q in questions.splitlines() if q.strip()])
        results["files"][name] = {"questions": count, "native_us": native, "component_us": component}
        say(f"{name:14} {count:9d} {native:10.1f} {component:13.1f}")
    return results
