"""The kill switch stops every tool call of an account, an agent or a key
at once (held approvals cancelled, refusals audited) and turning it off
restores everything; rate limits refuse calls past N per minute with when
to retry."""

import json
import os
import subprocess

from conftest import PRELOOP_BIN, marker, run_client
from test_approvals import approver, request_id, workflow


def echo(pl, key, text=None):
    text = text or marker()
    out = run_client("py1", pl.mcp_url, key, [{"op": "call", "name": "fx__echo", "arguments": {"text": text}}])
    return out["results"][0]


def cli(pl, *args):
    env = {**os.environ, "PRELOOP_URL": pl.url, "PRELOOP_API_KEY": pl.key}
    return subprocess.run([str(PRELOOP_BIN), "kill-switch", *args], env=env, capture_output=True, text=True, timeout=60)


def test_the_account_switch_stops_everything_and_off_restores_it(pl):
    pl.configure("fx__echo", [{"action": "allow"}])
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    pending = run_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": marker()}}])
    rid = request_id(pending["results"][0]["text"])

    on = pl.ok("POST", "/api/v1/kill-switch", json={"on": True, "reason": "incident 42"})
    try:
        assert on["cancelled_requests"] >= 1
        assert [a["scope"] for a in on["active"]] == ["account"]
        assert pl.ok("GET", f"/api/v1/approval-requests/{rid}")["status"] == "cancelled"
        refused = echo(pl, pl.key)
        assert refused["isError"] and "kill switch (account): incident 42" in refused["text"]
        # The decision API says so too, for the caller and for another key.
        check = pl.ok("POST", "/api/v1/policy/check", json={"tool": "fx__echo"})
        assert check["decision"] == "deny" and "kill switch" in check["reason"]
        other = pl.ok("POST", "/api/v1/api-keys", json={"name": f"k-{marker()}"})
        check = pl.ok("POST", "/api/v1/policy/check", json={"tool": "fx__echo", "api_key_id": other["id"]})
        assert check["decision"] == "deny"
        assert any(r["outcome"] == "killed" for r in pl.audit(tool="fx__echo", limit=5))
        # The switch itself is in the audit trail, with who turned it on.
        switched = pl.audit(tool="preloop:kill_switch", limit=5)
        assert switched[0]["outcome"] == "kill_switch_on" and "incident 42" in switched[0]["reason"]
        # Management still works: that is how it is turned off.
        assert pl.api("GET", "/api/v1/tool-configurations").status_code == 200
    finally:
        off = pl.ok("POST", "/api/v1/kill-switch", json={"on": False})
    assert off["active"] == []
    assert echo(pl, pl.key, "back")["text"] == "echo: back"


def test_agent_and_key_switches_stop_only_what_they_cover(pl):
    pl.configure("fx__echo", [{"action": "allow"}])
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"bot-{marker()}"})
    bot = pl.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "k"})
    other = pl.ok("POST", "/api/v1/api-keys", json={"name": f"k-{marker()}"})
    pl.ok("POST", "/api/v1/kill-switch", json={"scope": "agent", "id": agent["id"], "on": True})
    try:
        assert "kill switch (agent)" in echo(pl, bot["key"])["text"]
        assert echo(pl, other["key"], "fine")["text"] == "echo: fine"
    finally:
        pl.ok("POST", "/api/v1/kill-switch", json={"scope": "agent", "id": agent["id"], "on": False})
    assert echo(pl, bot["key"], "again")["text"] == "echo: again"

    # One key, from the command line.
    done = cli(pl, "on", "--key", other["id"], "--reason", "leaked")
    assert done.returncode == 0, done.stderr
    assert "ON  api_key" in done.stdout
    try:
        assert "kill switch (api_key): leaked" in echo(pl, other["key"])["text"]
        assert echo(pl, bot["key"], "unaffected")["text"] == "echo: unaffected"
        status = cli(pl, "status", "--json")
        assert json.loads(status.stdout)["active"][0]["id"] == other["id"]
    finally:
        assert cli(pl, "off", "--key", other["id"]).returncode == 0
    assert echo(pl, other["key"], "restored")["text"] == "echo: restored"
    assert pl.api("POST", "/api/v1/kill-switch", json={"scope": "agent", "on": True}).status_code == 400
    assert pl.api("POST", "/api/v1/kill-switch", json={"scope": "api_key", "id": "nope", "on": True}).status_code == 404


def test_rate_limits_per_key_from_key_agent_or_account(pl):
    pl.configure("fx__echo", [{"action": "allow"}])
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": f"k-{marker()}"})
    pl.ok("PUT", "/api/v1/rate-limits", json={"scope": "api_key", "id": key["id"], "per_minute": 3})
    assert pl.ok("GET", "/api/v1/rate-limits", params={"scope": "api_key", "id": key["id"]})["per_minute"] == 3
    out = run_client("py1", pl.mcp_url, key["key"],
                     [{"op": "call", "name": "fx__echo", "arguments": {"text": str(i)}} for i in range(5)])
    texts = [r["text"] for r in out["results"]]
    # Three go through in the window; the rest are told when to retry.
    # (A window may turn over mid-run: then more go through, never fewer.)
    assert texts[:3] == ["echo: 0", "echo: 1", "echo: 2"], texts
    limited = [t for t in texts[3:] if t.startswith("Rate limit")]
    assert limited and "3 tool calls per minute" in limited[0] and "Retry after" in limited[0]
    assert any(r["outcome"] == "rate_limited" for r in pl.audit(principal=key["id"], limit=10))

    # An agent's limit covers its keys; the key's own limit wins.
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"bot-{marker()}"})
    bot = pl.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "k"})
    pl.ok("PUT", "/api/v1/rate-limits", json={"scope": "agent", "id": agent["id"], "per_minute": 1})
    out = run_client("py1", pl.mcp_url, bot["key"],
                     [{"op": "call", "name": "fx__echo", "arguments": {"text": str(i)}} for i in range(2)])
    assert out["results"][1]["text"].startswith("Rate limit") or out["results"][0]["text"] == "echo: 0"
    pl.ok("PUT", "/api/v1/rate-limits", json={"scope": "api_key", "id": bot["id"], "per_minute": 100})
    assert echo(pl, bot["key"], "own limit")["text"] == "echo: own limit"

    for bad in [0, -1, 10**9]:
        r = pl.api("PUT", "/api/v1/rate-limits", json={"scope": "account", "per_minute": bad})
        assert r.status_code == 400
    pl.ok("PUT", "/api/v1/rate-limits", json={"scope": "account", "per_minute": None})
