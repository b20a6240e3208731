"""Notifications both ways. What Preloop tells an open session without
being asked: on the GET stream of the handshake-era protocol versions
(natively; not at the edge), `notifications/tools/list_changed` when a scan
(or a policy change) alters the tools that caller may see, and only then.
Driven by the official Python (1.x) and TypeScript SDK clients, which open
that stream themselves. And what a client tells the upstream through
Preloop: its `notifications/cancelled` for a forwarded call."""

import json
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import PY1, ROOT, Upstream, free_port, marker, message, run_client, stop, wait_port


@pytest.mark.native_only
@pytest.mark.parametrize("client", ["py1", "ts"])
def test_a_scan_that_changes_a_callers_tools_notifies_its_session(pl, upstream_sse, client):
    name = f"lc{marker()[-4:]}"
    server = pl.add_server(name, upstream_sse.url)
    pl.configure(f"{name}__echo", [{"action": "allow"}])
    scan = f"{pl.url}/api/v1/mcp-servers/{server['id']}/scan"
    # The client opens its GET stream on its own after the handshake; the
    # pause lets it be open before the scan.
    out = run_client(client, pl.mcp_url, pl.key, [
        {"op": "list"},
        {"op": "sleep", "ms": 500},
        {"op": "post", "url": scan, "key": pl.key},
        {"op": "await_notification", "method": "notifications/tools/list_changed", "timeout_ms": 15000},
        {"op": "list"},
    ])
    before, _, scanned, notified, after = out["results"]
    assert scanned == {"status": 200}
    assert f"{name}__echo" not in before["tools"] and f"{name}__echo" in after["tools"]
    assert notified["notified"], out

    # A scan that finds the same tools changes nothing the caller sees: no
    # notification.
    out = run_client(client, pl.mcp_url, pl.key, [
        {"op": "sleep", "ms": 500},
        {"op": "post", "url": scan, "key": pl.key},
        {"op": "await_notification", "method": "notifications/tools/list_changed", "timeout_ms": 5000},
    ])
    assert out["results"][1] == {"status": 200} and out["results"][2]["notified"] is False, out
    pl.api("DELETE", f"/api/v1/mcp-servers/{server['id']}")
    pl.servers.pop(name, None)


@pytest.mark.native_only
def test_a_2026_subscription_hears_a_scan_that_changes_the_callers_tools(pl, upstream_sse):
    name = f"ls{marker()[-4:]}"
    server = pl.add_server(name, upstream_sse.url)
    pl.configure(f"{name}__echo", [{"action": "allow"}])
    scan = {"url": f"{pl.url}/api/v1/mcp-servers/{server['id']}/scan", "key": pl.key}
    delete = {"url": f"{pl.url}/api/v1/mcp-servers/{server['id']}", "key": pl.key, "method": "DELETE"}
    out = run_client("py2", pl.mcp_url, pl.key, [
        # Asked for nothing: acknowledged with nothing, and told nothing of
        # the scan that adds the server's tools.
        {"op": "listen", "tools": False, "post": scan, "timeout_ms": 5000},
        {"op": "list"},
        {"op": "listen", "post": delete, "timeout_ms": 15000},
        {"op": "list"},
    ], mode="2026-07-28")
    deaf, added, heard, removed = out["results"]
    assert deaf["honored"] == {} and deaf["posted"] == 200 and deaf["event"] is None, deaf
    assert f"{name}__echo" in added["tools"]
    assert heard["honored"] == {"toolsListChanged": True} and heard["posted"] == 204, heard
    assert heard["event"] == "ToolsListChanged", heard
    assert f"{name}__echo" not in removed["tools"]


@pytest.mark.edge_only
def test_the_edge_acknowledges_a_subscription_and_closes_it(pl):
    r = pl.rpc({"jsonrpc": "2.0", "id": "sub-1", "method": "subscriptions/listen",
                "params": {"notifications": {"toolsListChanged": True},
                           "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                                     "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "1"},
                                     "io.modelcontextprotocol/clientCapabilities": {}}}},
               headers={"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "subscriptions/listen"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [json.loads(line[5:]) for line in r.text.splitlines() if line.startswith("data:")]
    ack, closing = events
    assert ack["method"] == "notifications/subscriptions/acknowledged"
    assert ack["params"] == {"_meta": {"io.modelcontextprotocol/subscriptionId": "sub-1"}, "notifications": {}}
    assert closing == {"jsonrpc": "2.0", "id": "sub-1",
                       "result": {"resultType": "complete", "_meta": {"io.modelcontextprotocol/subscriptionId": "sub-1"}}}


@pytest.mark.native_only
def test_the_stream_is_the_sessions_own(pl):
    """GET needs the caller's own session and an SSE Accept; without a
    session (2026-07-28) it is 405."""
    import httpx

    sid = pl.session()
    sse = {"Accept": "text/event-stream", **pl.headers()}
    assert httpx.get(pl.mcp_url, headers=sse, timeout=10).status_code == 405
    assert httpx.get(pl.mcp_url, headers={**sse, "Mcp-Session-Id": "nope"}, timeout=10).status_code == 404
    r = httpx.get(pl.mcp_url, headers={**pl.headers(), "Accept": "application/json", "Mcp-Session-Id": sid}, timeout=10)
    assert r.status_code == 406
    other = pl.ok("POST", "/api/v1/api-keys", json={"name": f"k-{marker()}"})["key"]
    r = httpx.get(pl.mcp_url, headers={**pl.headers(other), "Accept": "text/event-stream", "Mcp-Session-Id": sid}, timeout=10)
    assert r.status_code == 404, "another key's session is not found"
    with httpx.stream("GET", pl.mcp_url, headers={**sse, "Mcp-Session-Id": sid}, timeout=10) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    init = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    assert init.json()["result"]["capabilities"]["tools"]["listChanged"] is True


@pytest.mark.edge_only
def test_the_edge_offers_no_stream(pl):
    """At the edge a stream would hold an invocation and poll the store for
    every session: GET is 405 there, and initialize says so."""
    import httpx

    sid = pl.session()
    r = httpx.get(pl.mcp_url, headers={**pl.headers(), "Accept": "text/event-stream", "Mcp-Session-Id": sid}, timeout=10)
    assert r.status_code == 405 and "GET" not in r.headers["allow"]
    init = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    assert init.json()["result"]["capabilities"]["tools"]["listChanged"] is False


def test_an_open_stream_does_not_hold_up_a_shutdown(tmp_path):
    """A notification stream is not work in flight: with one open, a stop
    drains the calls (none) and exits at once, not at the drain deadline."""
    import subprocess
    import threading
    import time

    import httpx
    from conftest import start_preloop

    p = start_preloop("sqlite", tmp_path, {"PRELOOP_DRAIN_MS": "20000"})
    sid = p.session()
    opened = threading.Event()

    def listen():
        try:
            with httpx.stream("GET", p.mcp_url, headers={**p.headers(), "Accept": "text/event-stream",
                                                        "Mcp-Session-Id": sid}, timeout=30) as r:
                opened.set()
                for _ in r.iter_raw():
                    pass
        except httpx.HTTPError:
            pass

    threading.Thread(target=listen, daemon=True).start()
    assert opened.wait(10)
    started = time.monotonic()
    p.proc.terminate()
    try:
        p.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.proc.kill()
        raise AssertionError("the open stream held the shutdown up")
    assert time.monotonic() - started < 5


# A Worker may not wake one request's work from another's (workerd aborts
# it), so at the edge a forwarded call runs to its end.
@pytest.mark.native_only
def test_a_client_cancelling_a_forwarded_call_cancels_it_upstream(pl, call_log):
    pl.configure("fx__slow", [{"action": "allow"}])
    sid = pl.session()
    seconds = 20 + int(marker()[-4:], 16) / 100_000
    call = {"jsonrpc": "2.0", "id": 91, "method": "tools/call",
            "params": {"name": "fx__slow", "arguments": {"seconds": seconds}}}
    headers = {"Mcp-Session-Id": sid, "Accept": "application/json"}
    slow = {"tool": "slow", "arguments": {"seconds": seconds}}
    with ThreadPoolExecutor(1) as pool:
        forwarded = pool.submit(pl.rpc, call, headers)
        deadline = time.time() + 10
        while slow not in call_log.calls():
            assert time.time() < deadline, "the call did not reach the upstream"
            time.sleep(0.05)
        started = time.time()
        r = pl.rpc({"jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": {"requestId": 91, "reason": "user pressed stop"}}, headers={"Mcp-Session-Id": sid})
        assert r.status_code == 202
        answer = message(forwarded.result(timeout=15))
        assert time.time() - started < 5, "the call ended when it was cancelled"
    assert answer["result"]["isError"] and "cancelled by the client: user pressed stop" in \
        answer["result"]["content"][0]["text"], answer
    # The upstream heard it: its handler was cancelled.
    deadline = time.time() + 5
    while {"tool": "slow_cancelled", "arguments": {"seconds": seconds}} not in call_log.calls():
        assert time.time() < deadline, "the upstream was not told"
        time.sleep(0.05)
    [record] = [e for e in pl.audit(tool="fx__slow") if e["arguments"].get("seconds") == seconds]
    assert record["outcome"] == "cancelled" and "user pressed stop" in record["error"], record


@pytest.fixture
def talkative():
    """An upstream that speaks outside requests (the conformance fixture:
    list changes, resource subscriptions and updates), a fresh one: the tool
    it adds is then seen by no other test."""
    port = free_port()
    proc = subprocess.Popen([str(PY1), str(ROOT / "tests" / "upstream" / "conformance_server.py"), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc=proc)
    yield Upstream(f"http://127.0.0.1:{port}/mcp/", proc)
    stop(proc)


@pytest.mark.native_only
def test_an_upstreams_list_changes_and_resource_updates_reach_the_session(pl, talkative):
    """What an upstream says outside requests reaches the session's stream
    (the TypeScript SDK's, which it opens itself): the updates of the
    resources the client subscribed to, under Preloop's URIs, and only until
    it unsubscribes; resource and prompt list changes; and a tool list change,
    upon which Preloop scans the server again and tells the client its own
    list changed. Subscribing is governed like a read."""
    name = f"tk{marker()[-4:]}"
    server = pl.add_server(name, talkative.url)
    try:
        hear_what_upstream_says(pl, name)
    finally:
        pl.api("DELETE", f"/api/v1/mcp-servers/{server['id']}")
        pl.servers.pop(name, None)


def hear_what_upstream_says(pl, name):
    pl.scan(name)
    caps = pl.rpc({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                   "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                              "clientInfo": {"name": "raw", "version": "1"}}}).json()["result"]["capabilities"]
    assert caps["resources"] == {"subscribe": True, "listChanged": True}, caps
    assert caps["prompts"] == {"listChanged": True}, caps
    for tool in ("test_change_lists", "test_update_watched", "test_added_tool"):
        pl.configure(f"{name}__{tool}", [{"action": "allow"}])
    pl.configure(f"resources:{name}", [
        {"name": "no-static", "condition": "args.uri.startsWith('test://static')", "action": "deny",
         "denial_message": "not that one"},
        {"action": "allow"},
    ])
    watched = f"preloop://{name}/test://watched-resource"
    out = run_client("ts", pl.mcp_url, pl.key, [
        {"op": "list"},
        {"op": "subscribe", "uri": watched},
        {"op": "subscribe", "uri": f"preloop://{name}/test://static-text"},
        # The stream subscribes upstream when it next looks.
        {"op": "sleep", "ms": 2500},
        {"op": "call", "name": f"{name}__test_update_watched"},
        {"op": "await_notification", "method": "notifications/resources/updated", "timeout_ms": 10000},
        {"op": "call", "name": f"{name}__test_change_lists"},
        {"op": "await_notification", "method": "notifications/resources/list_changed", "timeout_ms": 10000},
        {"op": "await_notification", "method": "notifications/prompts/list_changed", "timeout_ms": 10000},
        {"op": "await_notification", "method": "notifications/tools/list_changed", "timeout_ms": 15000},
        {"op": "list"},
        {"op": "unsubscribe", "uri": watched},
        {"op": "sleep", "ms": 2500},
        {"op": "call", "name": f"{name}__test_update_watched"},
        {"op": "sleep", "ms": 1000},
    ])
    (before, subscribed, refused, _, update, heard, changed, resources, prompts, tools, after,
     unsubscribed, _, quiet, _) = out["results"]
    assert subscribed == {} and unsubscribed == {}, out
    assert "not that one" in refused["error"]["message"], refused
    # One subscriber upstream (the session's stream), none once unsubscribed.
    assert update["text"] == "updated for 1 subscribers", update
    assert heard["notified"] and out["updated"] == [watched], out
    assert changed["text"] == "lists changed"
    assert resources["notified"] and prompts["notified"] and tools["notified"], out
    assert f"{name}__test_added_tool" not in before["tools"] and f"{name}__test_added_tool" in after["tools"]
    assert quiet["text"] == "updated for 0 subscribers", quiet
    # The refused subscription is in the audit trail.
    trail = pl.audit(tool=f"resources:{name}", limit=10)
    assert any(e["arguments"]["uri"] == "test://static-text" and e["outcome"] == "denied" for e in trail), trail
