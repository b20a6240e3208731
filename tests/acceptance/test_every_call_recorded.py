"""Every call's record reaches a final outcome: across clients that hang up,
a SIGTERM (drained, then the rest recorded `interrupted`), and a kill -9
(closed `interrupted` by the next instance). Each test runs its own
`preloop serve` process against the shared fixture upstream."""

import concurrent.futures
import os
import signal
import subprocess
import time

import httpx
import pytest

from conftest import ADMIN_KEY, message, start_preloop

pytestmark = pytest.mark.native_only

STORES = ["sqlite", "postgres"]


def serve(store, tmp, upstream, **env):
    p = start_preloop(store, tmp, {"PRELOOP_LOG": "info", **env})
    p.add_server("fx", upstream.url)
    p.scan("fx")
    p.configure("fx__slow", [{"action": "allow"}])
    return p


def call_slow(url: str, seconds: float, timeout: float = 60.0) -> httpx.Response:
    """One stateless-protocol tools/call of fx__slow, as its own client."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "fx__slow", "arguments": {"seconds": seconds},
                       "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                                 "io.modelcontextprotocol/clientCapabilities": {}}}}
    headers = {"Authorization": f"Bearer {ADMIN_KEY}", "Content-Type": "application/json",
               "Accept": "application/json", "MCP-Protocol-Version": "2026-07-28",
               "Mcp-Method": "tools/call", "Mcp-Name": "fx__slow"}
    return httpx.post(f"{url}/mcp/v1", json=body, headers=headers, timeout=timeout)


def records_by_seconds(p, values) -> dict:
    """Audit records of fx__slow keyed by their `seconds` argument."""
    out = {v: [] for v in values}
    cursor = None
    while True:
        params = {"tool": "fx__slow", "limit": 500, **({"cursor": cursor} if cursor else {})}
        page = p.ok("GET", "/api/v1/audit", params=params)
        for r in page["events"]:
            s = r["arguments"].get("seconds")
            if s in out:
                out[s].append(r)
        cursor = page.get("next_cursor")
        if not cursor:
            return out


def wait_until_final(p, values, timeout=30.0) -> dict:
    deadline = time.time() + timeout
    while True:
        found = records_by_seconds(p, values)
        pending = [v for v, rs in found.items() if any(r["outcome"] == "pending" for r in rs)]
        if not pending or time.time() > deadline:
            return found
        time.sleep(0.25)


def assert_one_final_record_each(found: dict, allowed: set) -> None:
    for v, rs in found.items():
        assert len(rs) == 1, f"seconds={v}: {len(rs)} records"
        assert rs[0]["outcome"] in allowed, f"seconds={v}: {rs[0]['outcome']}"


@pytest.mark.parametrize("store", STORES)
def test_a_client_that_hangs_up_still_gets_its_outcome_recorded(store, tmp_path, upstream_sse):
    p = serve(store, tmp_path, upstream_sse)
    try:
        values = [1.001, 1.002, 1.003]
        for v in values:
            with pytest.raises(httpx.TimeoutException):
                call_slow(p.url, v, timeout=0.3)
        # The upstream finishes after the clients left; the records follow.
        found = wait_until_final(p, values, timeout=15)
        assert_one_final_record_each(found, {"ok"})
        assert all(rs[0]["duration_ms"] >= 900 for rs in found.values())
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_sigterm_drains_calls_in_flight(store, tmp_path, upstream_sse):
    p = serve(store, tmp_path, upstream_sse)
    values = [2.0 + i / 1000 for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(len(values)) as pool:
        futures = [pool.submit(call_slow, p.url, v) for v in values]
        time.sleep(1.0)
        p.proc.send_signal(signal.SIGTERM)
        answers = [f.result() for f in futures]
    assert p.proc.wait(timeout=30) == 0
    # Every client got its real answer: nobody was cut off.
    for r in answers:
        assert r.status_code == 200, r.text
        assert message(r)["result"]["content"][0]["text"].startswith("slept 2.0")
    # New connections were refused while draining, and the process is gone.
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{p.url}/healthz", timeout=2)
    again = start_preloop(store, tmp_path, {"DATABASE_URL": p.database_url} if p.database_url else None)
    try:
        assert_one_final_record_each(records_by_seconds(again, values), {"ok"})
    finally:
        again.stop()


@pytest.mark.parametrize("store", STORES)
def test_sigterm_past_the_drain_deadline_records_the_rest_as_interrupted(store, tmp_path, upstream_sse):
    p = serve(store, tmp_path, upstream_sse, PRELOOP_DRAIN_MS="300")
    values = [5.0 + i / 1000 for i in range(8)]
    with concurrent.futures.ThreadPoolExecutor(len(values)) as pool:
        futures = [pool.submit(call_slow, p.url, v, 30.0) for v in values]
        time.sleep(1.0)
        p.proc.send_signal(signal.SIGTERM)
        assert p.proc.wait(timeout=15) == 0
        for f in futures:
            with pytest.raises(httpx.TransportError):
                f.result()
    again = start_preloop(store, tmp_path, {"DATABASE_URL": p.database_url} if p.database_url else None)
    try:
        found = records_by_seconds(again, values)
        assert_one_final_record_each(found, {"interrupted"})
        assert all("drain deadline" in rs[0]["error"] for rs in found.values())
    finally:
        again.stop()


@pytest.mark.parametrize("store", STORES)
def test_kill_9_mid_load_leaves_nothing_pending_after_restart(store, tmp_path, upstream_sse):
    p = serve(store, tmp_path, upstream_sse)
    values = [4.0 + i / 1000 for i in range(40)]
    with concurrent.futures.ThreadPoolExecutor(len(values)) as pool:
        futures = [pool.submit(call_slow, p.url, v, 30.0) for v in values]
        # Killed once every call is under way (its pending record written),
        # however long a loaded machine takes to start forty: a fixed pause
        # killed it before the last had begun, which left it no record.
        deadline = time.time() + 3.5
        while time.time() < deadline and not all(records_by_seconds(p, values).values()):
            time.sleep(0.1)
        os.kill(p.proc.pid, signal.SIGKILL)
        p.proc.wait(timeout=10)
        for f in futures:
            with pytest.raises(httpx.TransportError):
                f.result()
    again = start_preloop(store, tmp_path, {"DATABASE_URL": p.database_url} if p.database_url else None)
    try:
        found = wait_until_final(again, values, timeout=60)
        assert_one_final_record_each(found, {"interrupted"})
        assert all("found at" in rs[0]["error"] for rs in found.values())
    finally:
        again.stop()
