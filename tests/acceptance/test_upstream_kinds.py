"""Every kind of upstream the policy format names, through the firewall.
Here: a server that speaks only the HTTP+SSE transport of 2024-11-05 (the
Python SDK's own, 1.x `FastMCP.sse_app`)."""

import pytest
from conftest import marker, run_client, start_fixture_upstream, stop


@pytest.fixture(scope="module")
def legacy_upstream(call_log):
    up = start_fixture_upstream(call_log, "--legacy-sse")
    yield up
    stop(up.proc)


@pytest.fixture
def legacy(pl, legacy_upstream):
    if "legacy" not in pl.servers:
        url = legacy_upstream.url.rsplit("/", 1)[0] + "/sse"
        server = pl.add_server("legacy", url, transport="sse")
        assert server["transport"] == "sse"
    scanned = pl.scan("legacy")
    assert "echo" in [t["name"] for t in scanned["tools"]], scanned
    return pl


def test_a_legacy_sse_upstream_is_called_and_governed(legacy, call_log):
    legacy.configure("legacy__echo", [
        {"action": "deny", "condition": "args.text.startsWith('no-')", "denial_message": "not that"},
        {"action": "allow"},
    ])
    m = marker()
    out = run_client("py2", legacy.mcp_url, legacy.key, [
        {"op": "list"},
        {"op": "call", "name": "legacy__echo", "arguments": {"text": m}},
        {"op": "call", "name": "legacy__echo", "arguments": {"text": "no-" + m}},
    ])
    listed, allowed, denied = out["results"]
    assert "legacy__echo" in listed["tools"]
    assert allowed == {"isError": False, "text": f"echo: {m}", "structured": allowed["structured"]}, allowed
    assert denied["isError"] and "not that" in denied["text"]
    assert call_log.contains(m) and not call_log.contains("no-" + m)
    assert [e["outcome"] for e in legacy.audit(tool="legacy__echo", limit=2)] == ["denied", "ok"]


def test_the_transport_is_validated_and_exported(legacy):
    r = legacy.api("POST", "/api/v1/mcp-servers", json={"name": "bad", "url": "http://127.0.0.1:1/x", "transport": "ws"})
    assert r.status_code == 400 and "transport" in r.json()["error"]["message"]
    exported = legacy.api("GET", "/api/v1/policies/export").text
    assert 'transport: "sse"' in exported or "transport: sse" in exported, exported


@pytest.fixture(scope="module")
def hostile_upstream():
    import subprocess

    from conftest import PY2, ROOT, Upstream, free_port, wait_port

    port = free_port()
    proc = subprocess.Popen([str(PY2), str(ROOT / "tests" / "upstream" / "hostile_server.py"), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc=proc)
    yield Upstream(f"http://127.0.0.1:{port}", proc)
    stop(proc)


def test_an_event_stream_that_never_ends_its_first_event_is_cut_off(pl, hostile_upstream):
    import time

    if "endless" not in pl.servers:
        pl.add_server("endless", hostile_upstream.url + "/endless", transport="sse", timeout_ms=3000)
    started = time.time()
    r = pl.api("POST", f"/api/v1/mcp-servers/{pl.servers['endless']}/scan")
    assert r.status_code == 502, r.text
    # Bounded in bytes (and time): an event that never ends is not buffered
    # without limit, nor rescanned on every chunk.
    message = r.json()["error"]["message"]
    assert "size limit" in message or "in time" in message, r.text
    assert time.time() - started < 10
    assert pl.http.get("/healthz").status_code == 200


def test_an_upstream_that_lists_without_end_is_left_out(pl, docs_upstream, hostile_upstream):
    if "docs" not in pl.servers:
        pl.add_server("docs", docs_upstream.url)
        pl.scan("docs")
    if "pager" not in pl.servers:
        pl.add_server("pager", hostile_upstream.url + "/pager")
        pl.scan("pager")
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 3, "method": "resources/list"}, headers={"Mcp-Session-Id": sid})
    uris = [x["uri"] for x in r.json()["result"]["resources"]]
    assert "preloop://docs/file:///docs/readme.md" in uris
    assert not any(u.startswith("preloop://pager/") for u in uris), len(uris)
