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
