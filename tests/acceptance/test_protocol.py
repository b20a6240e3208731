"""The MCP endpoint's transport rules, checked on the wire: every bad input
gets its HTTP status and JSON-RPC code."""

import json

import pytest

from conftest import MAX_BODY, message

MODERN = "2026-07-28"


def modern_body(method, params=None, version=MODERN, req_id=1):
    p = dict(params or {})
    p["_meta"] = {
        "io.modelcontextprotocol/protocolVersion": version,
        "io.modelcontextprotocol/clientCapabilities": {},
    }
    return {"jsonrpc": "2.0", "id": req_id, "method": method, "params": p}


def modern_headers(method, version=MODERN, name=None):
    h = {"MCP-Protocol-Version": version, "Mcp-Method": method}
    if name:
        h["Mcp-Name"] = name
    return h


def test_missing_or_wrong_key_is_401_with_challenge(pl):
    for key in ["", "pl_not_a_real_key"]:
        r = pl.http.post("/mcp/v1", json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                         headers={"Authorization": f"Bearer {key}"} if key else {})
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["error"]["message"]


def test_unparseable_json_is_parse_error(pl):
    r = pl.rpc(None, raw=b'{"jsonrpc": "2.0", "id": 1, "method": ')
    assert r.status_code == 400
    assert r.json()["error"]["code"] == -32700


def test_invalid_requests_are_32600(pl):
    sid = pl.session()
    for body in [[], 42, {"jsonrpc": "1.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": {"x": 1}, "method": "ping"},
                 {"jsonrpc": "2.0", "id": 1}, {"jsonrpc": "2.0", "id": 1, "method": "ping", "params": [1]}]:
        r = pl.rpc(body, headers={"Mcp-Session-Id": sid})
        assert r.status_code == 400, body
        assert r.json()["error"]["code"] == -32600, body


def test_unknown_method_is_32601(pl):
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 7, "method": "no/such"}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 200
    assert r.json() == {"jsonrpc": "2.0", "id": 7, "error": {"code": -32601, "message": "Method not found: no/such"}}
    r = pl.rpc(modern_body("no/such"), headers=modern_headers("no/such"))
    assert r.status_code == 404 and r.json()["error"]["code"] == -32601


def test_bad_tools_call_params_are_32602(pl):
    sid = pl.session()
    for params in [{}, {"name": 3}, {"name": "fx__echo", "arguments": [1]}]:
        r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params}, headers={"Mcp-Session-Id": sid})
        assert message(r)["error"]["code"] == -32602, params


def test_body_over_the_limit_is_413(pl):
    r = pl.rpc(None, raw=b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + b"x" * (MAX_BODY + 10) + b'"}}')
    assert r.status_code == 413
    assert r.json()["error"]["code"] == -32600
    # Just under the limit is fine.
    sid = pl.session()
    pad = "x" * (MAX_BODY - 200)
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": pad}}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 200 and r.json()["result"] == {}


def test_origin_is_validated(pl):
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Origin": "http://localhost:3000", "Mcp-Session-Id": sid})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_media_types(pl):
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Content-Type": "text/plain", "Mcp-Session-Id": sid})
    assert r.status_code == 415
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Accept": "text/html", "Mcp-Session-Id": sid})
    assert r.status_code == 406


def test_get_without_a_session_is_405(pl):
    """GET opens a session's notification stream (test_notifications.py);
    without a session there is none."""
    r = pl.http.get("/mcp/v1", headers=pl.headers())
    assert r.status_code == 405 and "POST" in r.headers["allow"]
    # Natively GET is served with a session; at the edge not at all.
    assert ("GET" in r.headers["allow"]) == (not pl.edge)


def test_sessions_lifecycle(pl):
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert r.status_code == 400, "a request without a session or a 2026 envelope needs initialize first"
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": "deadbeef"})
    assert r.status_code == 404
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 200 and r.json()["result"]["tools"]
    assert pl.http.delete("/mcp/v1", headers={**pl.headers(), "Mcp-Session-Id": sid}).status_code == 204
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 404
    assert pl.http.delete("/mcp/v1", headers={**pl.headers(), "Mcp-Session-Id": sid}).status_code == 404


def test_idle_sessions_expire(pl):
    sid = pl.session()
    day_and_more = 25 * 60 * 60 * 1000
    pl.sql(f"UPDATE mcp_sessions SET last_seen_at = last_seen_at - {day_and_more} WHERE id = '{sid}'")
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 404


def test_every_handshake_version_is_negotiated(pl):
    for version in ["2025-03-26", "2025-06-18", "2025-11-25"]:
        r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}})
        assert r.json()["result"]["protocolVersion"] == version
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"protocolVersion": "2020-01-01", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}})
    assert r.json()["result"]["protocolVersion"] == "2025-11-25"


def test_unsupported_protocol_version_header_is_400(pl):
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Mcp-Session-Id": sid, "MCP-Protocol-Version": "1999-01-01"})
    assert r.status_code == 400


def test_a_session_belongs_to_its_key(pl):
    agent = pl.ok("POST", "/api/v1/api-keys", json={"name": "other-agent", "role": "agent"})["key"]
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid}, key=agent)
    assert r.status_code == 404


def test_an_answer_ready_at_once_is_json(pl):
    # A client that takes either gets JSON for an answer that is complete
    # when it is sent (one event on a stream would only cost both sides
    # framing); calls held open for approval stream (test_approval_links).
    pl.configure("fx__echo", [{"action": "allow"}])
    sid = pl.session()
    body = {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "fx__echo", "arguments": {"text": "sse"}}}
    for accept in ["application/json, text/event-stream", "application/json"]:
        r = pl.rpc(body, headers={"Mcp-Session-Id": sid, "Accept": accept})
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["result"]["content"][0]["text"] == "echo: sse"
        # ...and says its length: sent chunked, the end of the answer waits
        # for the client's delayed ACK (40 ms on Linux) on a host that leaves
        # Nagle on, as Spin's server does. (workerd compresses and frames
        # answers itself, as Cloudflare's edge does.)
        if not pl.store.startswith("workerd"):
            assert r.headers.get("content-length") == str(len(r.content)), r.headers
            assert "transfer-encoding" not in r.headers, r.headers


def test_modern_discover_and_stateless_calls(pl):
    pl.configure("fx__echo", [{"action": "allow"}])
    r = pl.rpc(modern_body("server/discover"), headers=modern_headers("server/discover"))
    assert r.status_code == 200
    result = r.json()["result"]
    assert result["supportedVersions"] == [MODERN] and result["resultType"] == "complete"
    assert "mcp-session-id" not in r.headers
    r = pl.rpc(modern_body("tools/list"), headers=modern_headers("tools/list"))
    assert "fx__echo" in [t["name"] for t in r.json()["result"]["tools"]]
    call = modern_body("tools/call", {"name": "fx__echo", "arguments": {"text": "stateless"}})
    r = pl.rpc(call, headers={**modern_headers("tools/call", name="fx__echo"), "Accept": "application/json"})
    assert r.json()["result"]["content"][0]["text"] == "echo: stateless"
    assert r.json()["result"]["resultType"] == "complete"


def test_modern_headers_are_checked(pl):
    call = modern_body("tools/call", {"name": "fx__echo", "arguments": {"text": "x"}})
    cases = [
        modern_headers("tools/call", name="fx__other"),          # Mcp-Name disagrees
        modern_headers("tools/list", name="fx__echo"),           # Mcp-Method disagrees
        {**modern_headers("tools/call", name="fx__echo"), "MCP-Protocol-Version": "2025-11-25"},
    ]
    for headers in cases:
        r = pl.rpc(call, headers=headers)
        assert r.status_code == 400, headers
        assert r.json()["error"]["code"] == -32020, headers
    # Missing routing header entirely.
    r = pl.rpc(call, headers={"MCP-Protocol-Version": MODERN})
    assert r.status_code == 400 and r.json()["error"]["code"] == -32020


def test_modern_unsupported_version_and_missing_envelope(pl):
    r = pl.rpc(modern_body("tools/list", version="2099-01-01"), headers=modern_headers("tools/list", version="2099-01-01"))
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == -32022 and err["data"] == {"supported": [MODERN], "requested": "2099-01-01"}
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": MODERN}}}
    r = pl.rpc(body, headers=modern_headers("tools/list"))
    assert r.status_code == 400 and r.json()["error"]["code"] == -32602


def test_notifications_are_accepted_with_202(pl):
    sid = pl.session()
    r = pl.rpc({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 1}}, headers={"Mcp-Session-Id": sid})
    assert r.status_code == 202 and r.content == b""


def test_the_endpoint_answers_at_mcp_too(pl):
    # Clients such as the MCP Inspector's CLI look for the endpoint at /mcp.
    headers = {**pl.headers(), "Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}}
    for path in ["/mcp", "/mcp/", "/mcp/v1/"]:
        r = pl.http.post(path, json=init, headers=headers)
        assert r.status_code == 200 and r.json()["result"]["serverInfo"]["name"] == "preloop", (path, r.text)
        sid = r.headers["mcp-session-id"]
        r = pl.http.post(path, json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                         headers={**headers, "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-06-18"})
        assert r.status_code == 200 and "tools" in r.json()["result"], (path, r.text)
    for path in ["/mcpx", "/mcp/v2", "/mcp/v1/x"]:
        r = pl.http.post(path, json=init, headers=headers)
        assert r.status_code == 404, (path, r.text)


# The native host's guard: a Worker is reached through its routes' names.
@pytest.mark.native_only
def test_a_loopback_bind_refuses_foreign_hosts(pl):
    # DNS rebinding: a page whose name points at 127.0.0.1 reaches Preloop as
    # same-origin (no Origin to refuse), but its Host header gives it away.
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}}
    mcp = {**pl.headers(), "Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    port = pl.url.rsplit(":", 1)[1]
    for host in ["evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}"]:
        r = pl.http.post("/mcp/v1", json=init, headers={**mcp, "Host": host})
        assert r.status_code == 403 and r.json()["error"]["code"] == -32003, (host, r.text)
        r = pl.http.get("/api/v1/mcp-servers", headers={**pl.headers(), "Host": host})
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", (host, r.text)
    for host in [f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"]:
        r = pl.http.post("/mcp/v1", json=init, headers={**mcp, "Host": host})
        assert r.status_code == 200, (host, r.text)
