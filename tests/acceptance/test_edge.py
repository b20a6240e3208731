"""What the Workers build has to prove: nothing that matters lives in an
isolate (a restarted dev server carries on a session and sees the current
policy), and a store that is down or drops its connection gives a clear 503
without taking the Worker down or leaving a request hanging. Notifications
are sent at once through the Cloudflare Queue. The dropped connection is
checked on the native host too."""

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import free_port, marker, message, start, start_workerd
from test_approval_links import approval_with_webhook

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


def test_queued_notifications_are_sent_at_once_through_the_queue(pl, http_sink):
    # No cron fires under `wrangler dev`: only the wake-up the mcp-proxy
    # Worker puts on the queue can make the scheduler Worker send this.
    alice, rid, note = approval_with_webhook(pl, http_sink, timeout=20)
    assert note["signature_valid"]
    assert note["body"]["event"] == "approval.requested" and note["body"]["request"]["id"] == rid
    assert [a["user_id"] for a in note["body"]["approvers"]] == [alice[0]["id"]]


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



def scalar(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True).stdout.strip()


def wait_until(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# Natively too: the pool must throw the dead connection away.
@pytest.mark.parametrize("store", ["workerd-postgres", "postgres"])
def test_a_connection_closed_mid_request_is_a_clear_503(tmp_path, store):
    p = start(store, tmp_path)
    check = {"tool": "fx__echo", "arguments": {}}
    waiting = ("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
               "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
    locker = None
    try:
        with httpx.Client(base_url=p.url, timeout=30.0) as http:
            assert http.post("/api/v1/policy/check", headers=p.headers(), json=check).status_code == 200
            # Another session locks the table every request reads first (the
            # API keys), so the next request stops inside Postgres ...
            locker = subprocess.Popen(["psql", p.database_url, "-q", "-v", "ON_ERROR_STOP=1"],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
            locker.stdin.write("BEGIN; LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE; SELECT 1;\n")
            locker.stdin.flush()
            wait_until(lambda: scalar(p.database_url, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                                      "WHERE c.relname = 'api_keys' AND l.mode = 'AccessExclusiveLock' AND l.granted") == "1")
            with ThreadPoolExecutor(1) as pool:
                pending = pool.submit(http.post, "/api/v1/policy/check", headers=p.headers(), json=check)
                wait_until(lambda: scalar(p.database_url, waiting) != "")
                # ... and its connection is closed under it.
                started = time.monotonic()
                scalar(p.database_url, f"SELECT pg_terminate_backend(pid) FROM ({waiting}) w")
                r = pending.result(timeout=20)
                assert time.monotonic() - started < 10
            assert r.status_code == 503, r.text
            assert r.json()["error"]["code"] == "unavailable"
            assert p.database_url not in r.text
            locker.stdin.write("ROLLBACK;\n")
            locker.stdin.close()
            locker.wait(timeout=10)
            locker = None
            # The next request gets a fresh connection.
            r = http.post("/api/v1/policy/check", headers=p.headers(), json=check)
            assert r.status_code == 200, r.text
    finally:
        if locker is not None:
            locker.kill()
        p.stop()
