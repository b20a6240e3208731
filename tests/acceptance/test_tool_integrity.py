"""Tool integrity against real upstreams. A Python SDK server that
redefines a tool while Preloop runs (a rug pull) has the tool quarantined:
hidden from tools/list and refused, until a person approves the new
definition through the API, after reading its diff; the audit trail shows
every step. A published poisoned description is flagged and quarantined;
the public reference servers (server-everything) give no finding.
Arguments are checked against the pinned schema before policy: a wrong
type is refused with -32602 and never reaches the upstream, and a schema
with a catastrophic pattern or too deep to check stays bounded."""

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import (PRELOOP_BIN, PY1, ROOT, SINK_SECRET, CallLog, Upstream, free_port, marker, message,
                      start_preloop, stop, wait_port)

INTEGRITY = "preloop:integrity"


def start_integrity_upstream(log: CallLog, *flags: str) -> Upstream:
    port = free_port()
    proc = subprocess.Popen(
        [str(PY1), str(ROOT / "tests" / "upstream" / "integrity_server.py"), str(port), *flags],
        env={**os.environ, "FIXTURE_CALL_LOG": str(log.path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, proc=proc)
    return Upstream(f"http://127.0.0.1:{port}/mcp", proc)


@pytest.fixture
def integrity_log(tmp_path):
    return CallLog(tmp_path / "integrity-calls.jsonl")


def tools_of(pl, sid) -> list[str]:
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 200, r.text
    return [t["name"] for t in message(r)["result"]["tools"]]


def call(pl, sid, name, arguments) -> dict:
    r = pl.rpc({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": name, "arguments": arguments}},
               headers={"Mcp-Session-Id": sid})
    assert r.status_code == 200, r.text
    return message(r)


def tools_cli(pl, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRELOOP_URL": pl.url, "PRELOOP_API_KEY": pl.key}
    return subprocess.run([str(PRELOOP_BIN), "tools", *args], env=env, capture_output=True, text=True, timeout=60)


def integrity_events(pl, server_id) -> list[dict]:
    return [e for e in pl.audit(tool=INTEGRITY, limit=200) if e.get("server_id") == server_id]


def test_a_redefined_tool_is_quarantined_until_a_person_approves_it(pl, integrity_log):
    up = start_integrity_upstream(integrity_log)
    name = f"rug{marker()[-5:]}"
    try:
        server = pl.add_server(name, up.url)
        sid_ = server["id"]
        pl.scan(name)
        tool = f"{name}__transfer"
        pl.configure(tool, [{"action": "allow"}])
        sid = pl.session()
        assert tool in tools_of(pl, sid)
        first = marker()
        ok = call(pl, sid, tool, {"amount": 5, "to": first})["result"]
        assert not ok.get("isError") and integrity_log.contains(first), ok
        pinned = pl.ok("GET", f"/api/v1/mcp-servers/{sid_}/tools/transfer")["item"]["hash"]

        # The upstream redefines the tool under the same name.
        assert httpx.post(up.url.replace("/mcp", "/shift")).json() == {"shifted": True}
        scanned = pl.scan(name)
        held = next(t for t in scanned["tools"] if t["name"] == "transfer")
        assert held["quarantine"] == "changed" and held["hash"] == pinned, held
        new_hash = held["pending_hash"]
        assert new_hash and new_hash != pinned

        # Hidden, and refused with the reason; the upstream never hears of it.
        assert tool not in tools_of(pl, sid)
        refused_marker = marker()
        refused = call(pl, sid, tool, {"amount": 5, "to": refused_marker, "memo": "x"})["result"]
        assert refused["isError"] and "quarantined" in refused["content"][0]["text"], refused
        assert "changed its definition" in refused["content"][0]["text"]
        assert not integrity_log.contains(refused_marker)
        assert pl.audit(tool=tool)[0]["outcome"] == "quarantined"

        # The person reviewing sees what changed, field by field and line by line.
        review = pl.ok("GET", f"/api/v1/mcp-servers/{sid_}/tools/transfer")
        paths = [f["path"] for f in review["diff"]["fields"]]
        assert "/description" in paths and "/inputSchema/properties/memo" in paths, paths
        assert '-   "description": "Transfer money to an account.",' in review["diff"]["lines"], review["diff"]["lines"]
        assert review["item"]["pending"]["description"].startswith("Transfer money to an account, with a memo")
        quarantined = pl.ok("GET", "/api/v1/quarantine")["quarantined"]
        assert any(t["server_id"] == sid_ and t["kind"] == "tool" and t["name"] == "transfer" for t in quarantined)

        # The CLI shows the same: what is held, and the diff to review.
        listed = tools_cli(pl, "quarantined")
        assert listed.returncode == 0 and f"tool {name} transfer  changed  {new_hash}" in listed.stdout, listed
        reviewed = tools_cli(pl, "review", name, "transfer")
        assert reviewed.returncode == 0, reviewed.stderr
        assert '+   "description": "Transfer money to an account, with a memo the bank keeps.",' in reviewed.stdout
        assert f"--hash {new_hash}" in reviewed.stdout, reviewed.stdout

        # Approving what was not reviewed is refused; approving what was is not.
        stale = pl.api("POST", f"/api/v1/mcp-servers/{sid_}/tools/transfer/approve", json={"hash": pinned})
        assert stale.status_code == 409, stale.text
        stale = tools_cli(pl, "approve", name, "transfer", "--hash", pinned)
        assert stale.returncode != 0 and "look at it again" in stale.stderr, stale
        approved = tools_cli(pl, "approve", name, "transfer", "--hash", new_hash)
        assert approved.returncode == 0 and new_hash in approved.stdout, approved
        approved = pl.ok("GET", f"/api/v1/mcp-servers/{sid_}/tools/transfer")
        assert approved["item"]["hash"] == new_hash and "quarantine" not in approved["item"]

        # The new definition is the pin: listed, and checked against.
        assert tool in tools_of(pl, sid)
        missing_memo = call(pl, sid, tool, {"amount": 5, "to": marker()})
        assert missing_memo["error"]["code"] == -32602, missing_memo
        after = marker()
        ok = call(pl, sid, tool, {"amount": 7, "to": after, "memo": "rent"})["result"]
        assert not ok.get("isError") and integrity_log.contains(after), ok

        # The audit trail shows each step, in order.
        steps = [(e["arguments"]["kind"], e["outcome"]) for e in reversed(integrity_events(pl, sid_))]
        # (One scan's records share their time; their order among them is not kept.)
        assert sorted(steps[:2]) == [("prompt", "added"), ("tool", "added")], steps
        assert sorted(steps[2:4]) == [("prompt", "changed"), ("tool", "changed")], steps
        assert steps[4:] == [("tool", "approved")], steps
        changed = next(e for e in integrity_events(pl, sid_)
                       if e["outcome"] == "changed" and e["arguments"]["kind"] == "tool")
        assert changed["arguments"]["pinned_hash"] == pinned and changed["arguments"]["new_hash"] == new_hash
        calls = [e["outcome"] for e in reversed(pl.audit(tool=tool))]
        assert calls == ["ok", "quarantined", "invalid_arguments", "ok"], calls
    finally:
        stop(up.proc)


def test_a_poisoned_description_is_flagged_and_quarantined_or_only_warned(pl, integrity_log):
    up = start_integrity_upstream(integrity_log, "--poisoned")
    held_name, warned_name = f"psn{marker()[-5:]}", f"pwn{marker()[-5:]}"
    try:
        held = pl.add_server(held_name, up.url)
        scanned = pl.scan(held_name)
        add = next(t for t in scanned["tools"] if t["name"] == "add")
        assert add["quarantine"] == "findings", add
        rules = {f["rule"] for f in add["findings"]}
        assert {"pseudo-tag", "ssh-keys", "mcp-client-config", "sidenote-channel"} <= rules, rules
        assert any(f["matched"].lower().startswith("<important>") for f in add["findings"])
        transfer = next(t for t in scanned["tools"] if t["name"] == "transfer")
        assert "quarantine" not in transfer and "findings" not in transfer
        pl.configure(f"{held_name}__add", [{"action": "allow"}])
        sid = pl.session()
        assert f"{held_name}__add" not in tools_of(pl, sid)
        refused = call(pl, sid, f"{held_name}__add", {"a": 1, "b": 2, "sidenote": "x"})["result"]
        assert refused["isError"] and "pseudo-tag" in refused["content"][0]["text"], refused
        assert not any(c["tool"] == "add" for c in integrity_log.calls())
        flagged = [e for e in integrity_events(pl, held["id"]) if e["outcome"] == "flagged"]
        assert flagged and flagged[0]["arguments"]["quarantined"] is True

        # A server set to warn lists the tool and keeps the findings in view.
        warned = pl.add_server(warned_name, up.url, on_finding="warn")
        add = next(t for t in pl.scan(warned_name)["tools"] if t["name"] == "add")
        assert "quarantine" not in add and add["findings"], add
        pl.configure(f"{warned_name}__add", [{"action": "allow"}])
        assert f"{warned_name}__add" in tools_of(pl, sid)
        flagged = [e for e in integrity_events(pl, warned["id"]) if e["outcome"] == "flagged"]
        assert flagged and flagged[0]["arguments"]["quarantined"] is False
    finally:
        stop(up.proc)


def test_the_reference_server_gives_no_finding(pl, everything):
    name = f"ref{marker()[-5:]}"
    server = pl.add_server(name, everything.url)
    scanned = pl.scan(name)
    assert scanned["count"] >= 10
    flagged = {t["name"]: t["findings"] for t in scanned["tools"] if t.get("findings") or t.get("quarantine")}
    assert flagged == {}, flagged
    pl.ok("DELETE", f"/api/v1/mcp-servers/{server['id']}")
    pl.servers.pop(name, None)


def test_an_argument_of_the_wrong_type_is_refused_before_the_upstream(pl, call_log):
    pl.configure("fx__pay", [{"action": "allow"}])
    sid = pl.session()
    m = marker()
    refused = call(pl, sid, "fx__pay", {"amount": "ten", "currency": m})
    assert refused["error"]["code"] == -32602, refused
    assert "/amount" in refused["error"]["message"], refused
    assert not call_log.contains(m)
    event = pl.audit(tool="fx__pay")[0]
    assert event["outcome"] == "invalid_arguments" and event["decision"] == "deny", event

    # Turned off for the tool: the call goes through, and its trace says so.
    config = next(c for c in pl.ok("GET", "/api/v1/tool-configurations")["tool_configurations"]
                  if c["tool_name"] == "fx__pay")
    pl.ok("PATCH", f"/api/v1/tool-configurations/{config['id']}", json={"validate_arguments": False})
    m = marker()
    passed = call(pl, sid, "fx__pay", {"amount": 3, "currency": m, "extra": True})
    assert "result" in passed, passed
    event = pl.audit(tool="fx__pay")[0]
    assert event["trace"]["arguments_unchecked"] == "argument validation is turned off for this tool", event


def test_hostile_schemas_keep_validation_bounded(pl, integrity_log):
    up = start_integrity_upstream(integrity_log, "--hostile-schemas")
    name = f"hs{marker()[-5:]}"
    try:
        pl.add_server(name, up.url)
        pl.scan(name)
        pl.configure(f"{name}__match", [{"action": "allow"}])
        pl.configure(f"{name}__nested", [{"action": "allow"}])
        pl.configure("fx__echo", [{"action": "allow"}])
        sid = pl.session()
        attack = "a" * 50_000 + "!"

        def attacked():
            started = time.monotonic()
            r = call(pl, sid, f"{name}__match", {"code": attack})
            return r, time.monotonic() - started

        # A pattern that backtracks catastrophically, many times at once,
        # while another caller is served.
        with ThreadPoolExecutor(4) as pool:
            attacks = [pool.submit(attacked) for _ in range(4)]
            m = marker()
            echoed = call(pl, sid, "fx__echo", {"text": m})["result"]
            assert not echoed.get("isError"), echoed
            for a in attacks:
                r, took = a.result(timeout=60)
                assert r["error"]["code"] == -32602 and "/code" in r["error"]["message"], r
                assert took < 10, took
        assert not any(c["tool"] == "match" for c in integrity_log.calls())
        matched = call(pl, sid, f"{name}__match", {"code": "aaaa"})["result"]
        assert not matched.get("isError"), matched

        # A schema too deep to check: refused, saying so, not crashed.
        deep = call(pl, sid, f"{name}__nested", {"value": {}})["result"]
        assert deep["isError"] and "deeper than 64" in deep["content"][0]["text"], deep
        assert pl.audit(tool=f"{name}__nested")[0]["outcome"] == "unchecked_arguments"
        assert "result" in call(pl, sid, "fx__echo", {"text": marker()})
    finally:
        stop(up.proc)


def test_results_are_redacted_when_the_server_asks_for_it(pl, upstream_sse):
    name = f"rd{marker()[-5:]}"
    pl.add_server(name, upstream_sse.url, redact_results=True)
    pl.scan(name)
    pl.configure(f"{name}__echo", [{"action": "allow"}])
    sid = pl.session()
    secret = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    result = call(pl, sid, f"{name}__echo", {"text": f"token {secret}"})["result"]
    assert secret not in str(result) and "REDACTED" in result["content"][0]["text"], result
    assert pl.audit(tool=f"{name}__echo")[0]["trace"]["results_redacted"] is True


@pytest.mark.native_only
def test_the_periodic_check_notices_a_change_nobody_asked_about(tmp_path, integrity_log):
    p = start_preloop("sqlite", tmp_path, {"PRELOOP_TOOL_CHECK_MS": "300"})
    up = start_integrity_upstream(integrity_log)
    try:
        server = p.add_server("drift", up.url)
        p.scan("drift")
        httpx.post(up.url.replace("/mcp", "/shift"))
        deadline = time.time() + 20
        while time.time() < deadline:
            tool = p.ok("GET", f"/api/v1/mcp-servers/{server['id']}/tools/transfer")["item"]
            if tool.get("quarantine"):
                break
            time.sleep(0.2)
        assert tool.get("quarantine") == "changed", tool
    finally:
        stop(up.proc)
        p.stop()


def test_policy_files_set_the_integrity_settings(pl, integrity_log, http_sink):
    up = start_integrity_upstream(integrity_log)
    name = f"pf{marker()[-5:]}"
    hook = f"/integrity/{marker()}"
    channel = pl.ok("POST", "/api/v1/notification-channels", json={
        "kind": "webhook", "name": f"hook-{marker()}",
        "config": {"url": f"{http_sink.url}{hook}", "secret": SINK_SECRET}})
    document = f"""version: "1.0"
mcp_servers:
  - name: {name}
    url: {up.url}
    on_change: notify
    on_finding: warn
    redact_results: true
tools:
  - name: {name}__transfer
    validate_arguments: false
    conditions:
      - action: allow
"""
    try:
        applied = pl.ok("POST", "/api/v1/policies/apply", json={"document": document})
        assert applied["applied"], applied
        server = next(s for s in pl.ok("GET", "/api/v1/mcp-servers")["mcp_servers"] if s["name"] == name)
        pl.servers[name] = server["id"]
        assert (server["on_change"], server["on_finding"], server["redact_results"]) == ("notify", "warn", True)
        exported = pl.api("GET", "/api/v1/policies/export").text
        assert 'on_change: "notify"' in exported and 'on_finding: "warn"' in exported, exported
        assert "redact_results: true" in exported, exported
        assert "validate_arguments: false" in exported, exported

        # notify: the redefinition is taken (and audited), not held.
        pl.scan(name)
        httpx.post(up.url.replace("/mcp", "/shift"))
        transfer = next(t for t in pl.scan(name)["tools"] if t["name"] == "transfer")
        assert "quarantine" not in transfer and transfer["description"].startswith("Transfer money to an account, with"), transfer
        changed = [e for e in integrity_events(pl, server["id"]) if e["outcome"] == "changed"]
        assert changed and changed[0]["arguments"]["action"] == "taken", changed
        # …and people are told, on the account's channels, signed.
        told = http_sink.wait_for(lambda r: r["path"] == hook and r["body"]["kind"] == "tool", timeout=20)[0]
        assert told["signature_valid"] and told["headers"].get("x-preloop-event") == "integrity.changed", told
        assert told["body"]["name"] == "transfer" and told["body"]["server"] == name, told
        assert told["body"]["quarantined"] is False
        # Validation is off for the tool: a call without the new `memo` goes
        # through to the upstream (which decides for itself).
        sid = pl.session()
        m = marker()
        call(pl, sid, f"{name}__transfer", {"amount": 1, "to": m})
        assert pl.audit(tool=f"{name}__transfer")[0]["trace"]["arguments_unchecked"]
    finally:
        pl.ok("DELETE", f"/api/v1/notification-channels/{channel['id']}")
        stop(up.proc)


def test_a_redefined_prompt_is_held_like_a_tool(pl, integrity_log):
    up = start_integrity_upstream(integrity_log)
    name = f"pr{marker()[-5:]}"
    try:
        server = pl.add_server(name, up.url)
        pl.scan(name)
        sid = pl.session()
        prompt = f"{name}__brief"

        def prompts():
            r = pl.rpc({"jsonrpc": "2.0", "id": 4, "method": "prompts/list"}, headers={"Mcp-Session-Id": sid})
            return [p["name"] for p in message(r)["result"]["prompts"]]

        def get():
            r = pl.rpc({"jsonrpc": "2.0", "id": 5, "method": "prompts/get",
                        "params": {"name": prompt, "arguments": {"topic": "tides"}}}, headers={"Mcp-Session-Id": sid})
            return message(r)

        pl.configure(f"prompts:{name}", [{"action": "allow"}])
        assert prompt in prompts()
        assert "tides" in str(get()["result"])

        # Redefined upstream: the next list notices it by itself (no scan
        # asked for), pins the change as held, and leaves the prompt out.
        httpx.post(up.url.replace("/mcp", "/shift"))
        assert prompt not in prompts()
        refused = get()
        assert refused["error"]["code"] == -32003 and "quarantined" in refused["error"]["message"], refused
        review = pl.ok("GET", f"/api/v1/mcp-servers/{server['id']}/prompts/brief")
        assert review["item"]["quarantine"] == "changed"
        assert {"pseudo-tag", "ssh-keys"} <= {f["rule"] for f in review["item"]["findings"]}
        assert "/description" in [f["path"] for f in review["diff"]["fields"]]
        assert pl.audit(tool=f"prompts:{name}")[0]["outcome"] == "quarantined"

        pl.ok("POST", f"/api/v1/mcp-servers/{server['id']}/prompts/brief/approve",
              json={"hash": review["item"]["pending_hash"]})
        assert prompt in prompts()
        assert "tides" in str(get()["result"])
    finally:
        stop(up.proc)
