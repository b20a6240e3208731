"""stdio upstream servers, run by `preloop serve` as child processes: a real
MCP server on the official Python SDK, given its own environment (and none
of Preloop's), governed like any upstream, killed mid-run and restarted, its
stderr in Preloop's log with secrets redacted, stopped when its server is
deleted. At the edge, stdio servers are refused when they are configured."""

import json
import os
import time

import pytest
from conftest import PY1, ROOT, marker, run_client

STDIO_SERVER = str(ROOT / "tests" / "upstream" / "stdio_server.py")
TOKEN = "sk-stdio-" + "7" * 24


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes: it was reaped or soon will be.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def text(pl, tool, arguments=None):
    out = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": tool, "arguments": arguments or {}}])
    return out["results"][0]


@pytest.mark.native_only
def test_a_stdio_server_runs_governed_restarts_and_stops(pl, call_log):
    name = f"clock{marker()[:6]}"
    server = pl.add_server(name, "", transport="stdio", command=str(PY1), args=[STDIO_SERVER],
                           env={"FIXTURE_CALL_LOG": str(call_log.path), "CLOCK_TOKEN": TOKEN})
    assert server["transport"] == "stdio" and server["command"] == str(PY1) and server["args"] == [STDIO_SERVER]
    assert server["env_names"] == ["CLOCK_TOKEN", "FIXTURE_CALL_LOG"]
    assert TOKEN not in json.dumps(server) and TOKEN not in pl.api("GET", "/api/v1/mcp-servers").text
    scanned = pl.scan(name)
    assert sorted(t["name"] for t in scanned["tools"]) == [
        "chatty", "crash", "echo", "environment", "grow", "pid", "relist", "touch"], scanned
    assert pl.ok("GET", f"/api/v1/mcp-servers/{server['id']}")["capabilities"]["resources"] is not None

    # Governed like any upstream: a denied call never reaches the process.
    pl.configure(f"{name}__echo", [
        {"action": "deny", "condition": "args.text.startsWith('no-')", "denial_message": "not that"},
        {"action": "allow"},
    ])
    for tool in ("environment", "pid", "crash", "grow"):
        pl.configure(f"{name}__{tool}", [{"action": "allow"}])
    pl.configure(f"resources:{name}", [{"action": "allow"}])
    m = marker()
    out = run_client("py2", pl.mcp_url, pl.key, [
        {"op": "call", "name": f"{name}__echo", "arguments": {"text": m}},
        {"op": "call", "name": f"{name}__echo", "arguments": {"text": "no-" + m}},
        {"op": "read", "uri": f"preloop://{name}/clock://now"},
    ])
    allowed, denied, read = out["results"]
    assert allowed["text"] == f"echo: {m}" and not allowed["isError"]
    assert denied["isError"] and "not that" in denied["text"]
    assert read["contents"][0]["text"] == "tick", read
    assert call_log.contains(m) and not call_log.contains("no-" + m)

    # Its environment is what was configured, plus PATH and HOME; none of
    # Preloop's own.
    seen = json.loads(text(pl, f"{name}__environment", {"names": [
        "CLOCK_TOKEN", "FIXTURE_CALL_LOG", "PATH", "PRELOOP_SECRET_KEY", "DATABASE_URL", "PRELOOP_ADMIN_KEY"]})["text"])
    assert seen["CLOCK_TOKEN"] == TOKEN and seen["FIXTURE_CALL_LOG"] == str(call_log.path) and seen["PATH"]
    assert seen["PRELOOP_SECRET_KEY"] is None and seen["DATABASE_URL"] is None and seen["PRELOOP_ADMIN_KEY"] is None

    # The server says its tools changed: Preloop scans it again, and an
    # open session hears of it and lists the new tool.
    out = run_client("py1", pl.mcp_url, pl.key, [
        {"op": "sleep", "ms": 500},
        {"op": "call", "name": f"{name}__grow", "arguments": {"name": "wave"}},
        {"op": "await_notification", "method": "notifications/tools/list_changed", "timeout_ms": 15000},
        {"op": "list"},
    ])
    _, grown, notified, listed = out["results"]
    assert grown["text"] == "added wave", grown
    assert notified["notified"] and f"{name}__wave" in listed["tools"], out

    # Killed mid-call: that call fails, is audited, and the next one is
    # served by a new process.
    first = int(text(pl, f"{name}__pid")["text"])
    crashed = text(pl, f"{name}__crash")
    assert crashed["isError"] and "stdio server" in crashed["text"], crashed
    assert pl.audit(tool=f"{name}__crash", limit=1)[0]["outcome"] == "upstream_error"
    second = int(text(pl, f"{name}__pid")["text"])
    assert second != first and not alive(first) and alive(second)
    # Killed from outside, between calls: the same.
    os.kill(second, 9)
    time.sleep(0.3)
    third = int(text(pl, f"{name}__pid")["text"])
    assert third not in (first, second) and alive(third)

    # Its stderr is in Preloop's log, the secret redacted.
    log = pl.log_path.read_text()
    assert "stdio fixture starting" in log and TOKEN not in log

    # Deleting the server stops its process.
    assert pl.api("DELETE", f"/api/v1/mcp-servers/{server['id']}").status_code == 204
    pl.servers.pop(name, None)
    deadline = time.time() + 5
    while alive(third) and time.time() < deadline:
        time.sleep(0.05)
    assert not alive(third)


@pytest.mark.native_only
def test_a_stdio_servers_progress_logs_and_questions_reach_the_caller(pl):
    """What a stdio server says about a call while it runs reaches the
    client that made it: progress (the Python SDK's callback sees it), log
    messages, and a sampling request, which the TypeScript SDK client
    answers as its model."""
    name = f"chat{marker()[:6]}"
    server = pl.add_server(name, "", transport="stdio", command=str(PY1), args=[STDIO_SERVER])
    try:
        pl.scan(name)
        pl.configure(f"{name}__chatty", [{"action": "allow"}])
        out = run_client("py1", pl.mcp_url, pl.key, [
            {"op": "call", "name": f"{name}__chatty", "arguments": {"ask": False}, "progress": True}])
        told = out["results"][0]
        assert told["text"] == "done" and [p["progress"] for p in told["progress"]] == [1, 2], told
        out = run_client("ts", pl.mcp_url, pl.key, [
            {"op": "call", "name": f"{name}__chatty", "arguments": {"ask": True}}], sampling="hello there")
        assert out["results"][0]["text"] == "the model said: hello there", out
        assert out["asked"] == [{"method": "sampling/createMessage", "text": "Say something"}], out
        # A client that offers no sampling is answered for: the tool fails.
        out = run_client("ts", pl.mcp_url, pl.key, [
            {"op": "call", "name": f"{name}__chatty", "arguments": {"ask": True}}])
        assert out["results"][0]["isError"] and "does not offer sampling" in out["results"][0]["text"], out
    finally:
        pl.api("DELETE", f"/api/v1/mcp-servers/{server['id']}")
        pl.servers.pop(name, None)


@pytest.mark.native_only
def test_a_stdio_servers_updates_and_list_changes_reach_the_session(pl):
    """What a stdio server says outside any request reaches the session's
    stream (the TypeScript SDK's): updates of the resources the client
    subscribed to (the server's one process subscribed through Preloop) and
    its resource list changes."""
    name = f"subs{marker()[:6]}"
    server = pl.add_server(name, "", transport="stdio", command=str(PY1), args=[STDIO_SERVER])
    try:
        pl.scan(name)
        for tool in ("touch", "relist"):
            pl.configure(f"{name}__{tool}", [{"action": "allow"}])
        pl.configure(f"resources:{name}", [{"action": "allow"}])
        uri = f"preloop://{name}/clock://now"
        out = run_client("ts", pl.mcp_url, pl.key, [
            {"op": "subscribe", "uri": uri},
            # The stream subscribes on the process when it next looks.
            {"op": "sleep", "ms": 2500},
            {"op": "call", "name": f"{name}__touch", "arguments": {"uri": "clock://now"}},
            {"op": "await_notification", "method": "notifications/resources/updated", "timeout_ms": 10000},
            {"op": "call", "name": f"{name}__relist", "arguments": {}},
            {"op": "await_notification", "method": "notifications/resources/list_changed", "timeout_ms": 10000},
        ])
        _, _, touched, updated, _, relisted = out["results"]
        assert touched["text"] == "subscribed: ['clock://now']", out
        assert updated["notified"] and out["updated"] == [uri], out
        assert relisted["notified"], out
    finally:
        pl.api("DELETE", f"/api/v1/mcp-servers/{server['id']}")
        pl.servers.pop(name, None)


@pytest.mark.native_only
def test_stdio_settings_are_checked(pl):
    bad = [
        ({"name": "s1", "url": "", "transport": "stdio"}, "needs a command"),
        ({"name": "s2", "url": "http://127.0.0.1:1/mcp", "transport": "stdio", "command": "x"}, "not a url"),
        ({"name": "s3", "url": "http://127.0.0.1:1/mcp", "command": "x"}, "transport to stdio"),
        ({"name": "s4", "url": "", "transport": "stdio", "command": "x", "env": {"1BAD": "v"}}, "env name"),
        ({"name": "s5", "url": "", "transport": "stdio", "command": "x", "args": ["a\u0000b"]}, "NUL"),
    ]
    for body, why in bad:
        r = pl.api("POST", "/api/v1/mcp-servers", json=body)
        assert r.status_code == 400 and why in r.json()["error"]["message"], (body, r.text)
    # A command that does not exist is a scan error that says so, and the
    # process serves the others meanwhile.
    missing = pl.add_server(f"gone{marker()[:6]}", "", transport="stdio", command="/nonexistent/mcp-server")
    r = pl.api("POST", f"/api/v1/mcp-servers/{missing['id']}/scan")
    assert r.status_code >= 400 and "could not start '/nonexistent/mcp-server'" in r.text, r.text
    assert pl.api("GET", "/api/v1/mcp-servers").status_code == 200
    pl.api("DELETE", f"/api/v1/mcp-servers/{missing['id']}")


@pytest.mark.edge_only
def test_stdio_servers_are_refused_at_the_edge(pl):
    r = pl.api("POST", "/api/v1/mcp-servers", json={"name": "local", "url": "", "transport": "stdio", "command": "mcp-server-time"})
    assert r.status_code == 400
    assert "child processes of `preloop serve`" in r.json()["error"]["message"]
