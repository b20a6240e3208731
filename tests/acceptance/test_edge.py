"""What only the Workers build has to prove: nothing that matters lives in an
isolate (a restarted dev server carries on a session and sees the current
policy), and a store that is down or drops its connection gives a clear 503
without taking the Worker down or leaving a request hanging."""

import httpx
import pytest
from conftest import free_port, marker, message, start_workerd

pytestmark = pytest.mark.edge_only


def call(pl, sid, name, arguments):
    r = pl.rpc({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": name, "arguments": arguments}},
               headers={"Mcp-Session-Id": sid, "Accept": "application/json"})
    assert r.status_code == 200, r.text
    return message(r)["result"]


def test_a_session_and_the_policy_survive_a_restart(pl, call_log):
    pl.configure("fx__echo", [{"action": "allow"}])
    sid = pl.session()
    m1 = marker()
    assert not call(pl, sid, "fx__echo", {"text": m1}).get("isError")
    assert call_log.contains(m1)

    # Every isolate is gone: the session (a row) and the policy (rebuilt
    # from the store) must be exactly as before.
    pl.restart_worker("mcp-proxy")
    m2 = marker()
    assert not call(pl, sid, "fx__echo", {"text": m2}).get("isError")
    assert call_log.contains(m2)
    r = pl.rpc({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 200 and any(t["name"] == "fx__echo" for t in r.json()["result"]["tools"])

    # A policy change made through another Worker (api) is seen by the new
    # isolate's cache as soon as it is written.
    pl.reset_policy()
    pl.configure("fx__echo", [{"action": "deny", "description": "closed for the test"}])
    m3 = marker()
    denied = call(pl, sid, "fx__echo", {"text": m3})
    assert denied.get("isError") and not call_log.contains(m3)


def test_postgres_down_is_a_clear_503(tmp_path):
    closed = f"postgres://preloop@127.0.0.1:{free_port()}/nowhere"
    p = start_workerd("workerd-postgres", tmp_path, {"DATABASE_URL": closed}, functions=["api", "policy-check"],
                      wait=False)
    try:
        with httpx.Client(base_url=p.url, timeout=30.0) as http:
            for _ in range(2):  # and again: the Worker is still there
                r = http.get("/healthz")
                assert r.status_code == 503, r.text
                assert "store" in r.json()["error"]["message"]
                r = http.post("/api/v1/policy/check", headers=p.headers(), json={"tool": "fx__echo"})
                assert r.status_code == 503, r.text
                assert r.json()["error"]["code"] == "unavailable"
                assert closed not in r.text
    finally:
        p.stop()

