"""The embeddable policy engine (wit/preloop-policy.wit, components/policy):
run as a WebAssembly component in the Spin test host, it answers every
question of the policy-decision corpus exactly as the native engine does
(`preloop policy decide`, the same answer `POST /api/v1/policy/check`
gives), errors included, and hostile questions are refused with an error
while the component goes on answering."""

import json
import subprocess
from pathlib import Path

import pytest

from conftest import PRELOOP_BIN, ROOT, SPIN_HOST

CORPUS = ROOT / "tests" / "fixtures" / "policy-decisions"
COMPONENT = ROOT / "build" / "policy" / "preloop-policy.wasm"
# A fixed instant, so conditions on `now` answer alike on both sides.
NOW_MS = "1764590400000"


def native(policy: Path, questions: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PRELOOP_BIN), "policy", "decide", str(policy), "--now-ms", NOW_MS],
                          input=questions, capture_output=True, text=True, timeout=120)


def component(policy: Path, questions: str) -> subprocess.CompletedProcess:
    if not COMPONENT.exists():
        pytest.fail(f"{COMPONENT} is not built: run scripts/build-policy-component.sh")
    return subprocess.run([str(SPIN_HOST), "decide", str(COMPONENT), str(policy), "--now-ms", NOW_MS,
                           "--cache-dir", str(ROOT / "target" / "spin-host-cache")],
                          input=questions, capture_output=True, text=True, timeout=300)


def lines(done: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.yaml")))
def test_the_component_answers_the_corpus_as_the_native_engine_does(name):
    policy, questions = CORPUS / f"{name}.yaml", (CORPUS / f"{name}.jsonl").read_text()
    a, b = native(policy, questions), component(policy, questions)
    assert a.stdout and a.stdout == b.stdout, (a.stdout, b.stdout, b.stderr)
    assert a.returncode == b.returncode, (a.returncode, b.returncode, b.stderr)
    answers = lines(a)
    if name == "broken":
        assert a.returncode == 1 and "problems" in answers[0] and answers[0]["problems"][0]["line"] == 2
        return
    # One answer per question, and the corpus reaches every kind of answer.
    assert len(answers) == len([q for q in questions.splitlines() if q.strip()])
    decided = [x["answer"] for x in answers if "answer" in x]
    assert {d["decision"] for d in decided} == {"allow", "deny", "require_approval"}
    assert any("could not be evaluated" in d["reason"] for d in decided), "no evaluation error in the corpus"
    assert all(d["trace"] for d in decided)
    if name == "scopes":
        assert any("error" in x for x in answers)


def test_the_corpus_covers_every_file():
    assert {p.stem for p in CORPUS.glob("*.yaml")} == {p.stem for p in CORPUS.glob("*.jsonl")}
    assert len(list(CORPUS.glob("*.yaml"))) >= 3


def test_hostile_questions_are_errors_and_the_component_answers_on():
    policy = CORPUS / "scopes.yaml"
    deep = '{"tool":"fx__deploy","arguments":{"a":' + "[" * 100_000 + "]" * 100_000 + "}}"
    huge = json.dumps({"tool": "fx__deploy", "arguments": {"s": "x" * (2 * 1024 * 1024)}})
    fine = json.dumps({"tool": "fx__deploy", "arguments": {"environment": "prod"}})
    questions = "\n".join([deep, huge, fine]) + "\n"
    a, b = native(policy, questions), component(policy, questions)
    assert a.returncode == b.returncode == 0, b.stderr
    assert a.stdout == b.stdout
    deep_answer, huge_answer, fine_answer = lines(b)
    assert "recursion limit" in deep_answer["error"], deep_answer
    assert "at most 1048576 bytes" in huge_answer["error"], huge_answer
    assert fine_answer["answer"]["decision"] == "require_approval"


def test_the_typed_check_says_what_the_json_answer_says():
    """`check` (typed) and `check-json` are two doors to one answer: the
    action, the rule (by name, or `tool#N`), the reason and the message."""
    for name in ("scopes", "conditions"):
        policy, questions = CORPUS / f"{name}.yaml", (CORPUS / f"{name}.jsonl").read_text()
        plain = lines(component(policy, questions))
        done = subprocess.run([str(SPIN_HOST), "decide", str(COMPONENT), str(policy), "--now-ms", NOW_MS, "--typed",
                               "--cache-dir", str(ROOT / "target" / "spin-host-cache")],
                              input=questions, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        typed = lines(done)
        assert len(typed) == len(plain)
        compared = 0
        for a, t in zip(plain, typed):
            if "answer" not in a or "typed" not in t:
                # A question the typed call cannot even carry (not JSON, no
                # tool) or one the engine refused is an error on both sides.
                assert "error" in t or "error" in a, (a, t)
                continue
            answer, d = a["answer"], t["typed"]
            rule = answer["matched_rule"]
            assert d["action"] == answer["decision"] and d["reason"] == answer["reason"], (a, t)
            assert d["message"] == answer["message"]
            assert d["rule"] == (rule and (rule["name"] or rule["id"]))
            assert d["answer"] == answer
            compared += 1
        assert compared >= len(plain) // 2
