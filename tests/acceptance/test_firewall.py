"""The MCP firewall's first real path, through real clients and upstreams."""

import pytest

from conftest import CLIENT_KINDS, marker, message, run_client, start_fixture_upstream, start_preloop, stop


@pytest.mark.parametrize("client", CLIENT_KINDS)
def test_tools_are_listed_through_the_proxy(pl, client):
    out = run_client(client, pl.mcp_url, pl.key, [{"op": "list"}])
    tools = out["results"][0]["tools"]
    for name in ["fx__echo", "fx__deploy", "fxjson__echo", "everything__get-sum", "everything__echo"]:
        assert name in tools
    # Namespaced: the same upstream tool name from two servers never collides.
    assert len(tools) == len(set(tools))


@pytest.mark.parametrize("client,mode,expected", [
    ("py1", "auto", "2025-11-25"),
    ("py2", "auto", "2026-07-28"),
    ("py2", "legacy", "2025-11-25"),
    ("ts", "auto", "2025-11-25"),
])
def test_protocol_generation_per_client(pl, client, mode, expected):
    pl.configure("fx__echo", [{"action": "allow"}])
    m = marker()
    out = run_client(client, pl.mcp_url, pl.key, [{"op": "list"}, {"op": "call", "name": "fx__echo", "arguments": {"text": m}}], mode=mode)
    assert out["protocolVersion"] == expected
    assert out["results"][1]["text"] == f"echo: {m}"


@pytest.mark.parametrize("client", CLIENT_KINDS)
def test_allowed_call_returns_the_upstream_result(pl, call_log, client):
    pl.configure("fx__echo", [{"action": "allow"}])
    pl.configure("fxjson__echo", [{"action": "allow"}])
    pl.configure("everything__get-sum", [{"action": "allow"}])
    m = marker()
    out = run_client(client, pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__echo", "arguments": {"text": m}},
        {"op": "call", "name": "fxjson__echo", "arguments": {"text": m + "-json"}},
        {"op": "call", "name": "everything__get-sum", "arguments": {"a": 20, "b": 22}},
    ])
    sse, js, total = out["results"]
    assert sse == {"isError": False, "text": f"echo: {m}", "structured": {"result": f"echo: {m}"}}
    assert js["text"] == f"echo: {m}-json" and not js["isError"]
    assert "42" in total["text"] and not total["isError"]
    assert call_log.contains(m) and call_log.contains(m + "-json")


@pytest.mark.parametrize("client", CLIENT_KINDS)
def test_denied_call_returns_the_rule_message_and_never_reaches_upstream(pl, call_log, client):
    pl.configure("fx__deploy", [{"action": "deny", "denial_message": "Deploys go through the release train."}])
    m = marker()
    out = run_client(client, pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "production", "service": m}},
    ])
    result = out["results"][0]
    assert result["isError"] is True
    assert result["text"] == "Deploys go through the release train."
    assert not call_log.contains(m), "a denied call reached the upstream"
    events = pl.audit(tool="fx__deploy")
    assert events[0]["decision"] == "deny" and events[0]["outcome"] == "denied"
    assert events[0]["arguments"]["service"] == m


def test_cel_condition_on_an_argument_flips_the_decision(pl, call_log):
    pl.configure("fx__deploy", [
        {"action": "deny", "condition": "args.environment == 'production'", "denial_message": "No production deploys."},
        {"action": "allow"},
    ])
    prod, staging = marker(), marker()
    out = run_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "production", "service": prod}},
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "staging", "service": staging}},
    ])
    denied, allowed = out["results"]
    assert denied["isError"] and denied["text"] == "No production deploys."
    assert allowed == {"isError": False, "text": f"deployed {staging} to staging", "structured": {"result": f"deployed {staging} to staging"}}
    assert call_log.contains(staging) and not call_log.contains(prod)


def test_numeric_cel_condition(pl, call_log):
    pl.configure("fx__pay", [{"action": "deny", "condition": "args.amount > 1000", "denial_message": "too much"}, {"action": "allow"}])
    out = run_client("ts", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__pay", "arguments": {"amount": 5000}},
        {"op": "call", "name": "fx__pay", "arguments": {"amount": 999}},
    ])
    assert out["results"][0]["text"] == "too much"
    assert out["results"][1]["text"] == "paid 999 USD"


def test_a_disabled_server_is_not_called_even_right_after_a_call(pl, call_log):
    # Which server a tool name reaches is kept with the policy version;
    # disabling the server moves the version, so the very next call sees it.
    pl.configure("fx__echo", [{"action": "allow"}])
    sid = pl.session()
    call = lambda text: message(pl.rpc(  # noqa: E731
        {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "fx__echo", "arguments": {"text": text}}},
        headers={"Mcp-Session-Id": sid}))
    before, after = marker(), marker()
    assert call(before)["result"]["content"][0]["text"] == f"echo: {before}"
    server = pl.servers["fx"]
    pl.ok("PUT", f"/api/v1/mcp-servers/{server}", json={"enabled": False})
    try:
        answer = call(after)
        assert answer["error"]["code"] == -32602, answer
        assert not call_log.contains(after)
    finally:
        pl.ok("PUT", f"/api/v1/mcp-servers/{server}", json={"enabled": True})
    assert call(after)["result"]["content"][0]["text"] == f"echo: {after}"


@pytest.mark.parametrize("client", CLIENT_KINDS)
def test_unknown_tool_is_denied_and_audited(pl, client):
    name = f"ghost__{marker()}"
    out = run_client(client, pl.mcp_url, pl.key, [{"op": "call", "name": name, "arguments": {}}])
    assert out["results"][0]["error"]["code"] == -32602
    events = pl.audit(tool=name)
    assert len(events) == 1
    assert events[0]["decision"] == "deny" and "unknown tool" in events[0]["reason"]


def test_unconfigured_tool_falls_to_default_deny_and_default_is_configurable(pl, call_log):
    m = marker()
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__echo", "arguments": {"text": m}}])
    assert out["results"][0]["isError"] and "default action is deny" in out["results"][0]["text"]
    assert not call_log.contains(m)
    pl.ok("PUT", "/api/v1/settings", json={"default_action": "allow"})
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__echo", "arguments": {"text": m}}])
    assert out["results"][0]["text"] == f"echo: {m}"


def test_require_approval_is_refused_naming_the_rule(pl, call_log):
    cfg = pl.configure("fx__deploy", [{"action": "require_approval"}])
    rule_id = cfg["rules"][0]["id"]
    m = marker()
    out = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "x", "service": m}}])
    result = out["results"][0]
    assert result["isError"] and "requires approval" in result["text"] and rule_id in result["text"]
    assert not call_log.contains(m)
    assert pl.audit(tool="fx__deploy")[0]["outcome"] == "refused"


def test_upstream_tool_errors_come_back_unchanged(pl):
    pl.configure("fx__fail", [{"action": "allow"}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__fail", "arguments": {"reason": "kaboom"}}])
    result = out["results"][0]
    assert result["isError"] is True and "failed on purpose: kaboom" in result["text"]
    assert pl.audit(tool="fx__fail")[0]["outcome"] == "tool_error"


def test_upstream_down_gives_a_clear_tool_error_recorded_in_audit(pl, call_log, tmp_path):
    flaky = start_fixture_upstream(call_log)
    name = f"flaky{marker()[2:8]}"
    pl.add_server(name, flaky.url)
    pl.scan(name)
    pl.configure(f"{name}__echo", [{"action": "allow"}])
    stop(flaky.proc)
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": f"{name}__echo", "arguments": {"text": "x"}}])
    result = out["results"][0]
    assert result["isError"] and "unreachable" in result["text"]
    event = pl.audit(tool=f"{name}__echo")[0]
    assert event["outcome"] == "upstream_error" and "unreachable" in event["error"]
    assert event["completed_at"] is not None


def test_upstream_restart_is_handled_with_a_new_upstream_session(call_log, tmp_path):
    # One worker, so the second call meets the upstream session the first
    # call opened, which the restarted upstream no longer knows (HTTP 404).
    p = start_preloop("sqlite", tmp_path, {"PRELOOP_WORKERS": "1"})
    first = start_fixture_upstream(call_log)
    port = int(first.url.rsplit(":", 1)[1].split("/")[0])
    try:
        p.add_server("restart", first.url)
        p.scan("restart")
        p.configure("restart__echo", [{"action": "allow"}])
        before, after = marker(), marker()
        out = run_client("py1", p.mcp_url, p.key, [{"op": "call", "name": "restart__echo", "arguments": {"text": before}}])
        assert out["results"][0]["text"] == f"echo: {before}"
        stop(first.proc)
        first = start_fixture_upstream(call_log, port=port)
        out = run_client("py1", p.mcp_url, p.key, [{"op": "call", "name": "restart__echo", "arguments": {"text": after}}])
        assert out["results"][0] == {"isError": False, "text": f"echo: {after}", "structured": {"result": f"echo: {after}"}}
        assert call_log.contains(after)
    finally:
        stop(first.proc)
        stop(p.proc)


def test_broken_upstream_gives_a_clear_tool_error(pl, upstream_sse):
    name = f"broken{marker()[2:8]}"
    server = pl.add_server(name, upstream_sse.url)
    pl.scan(name)
    pl.configure(f"{name}__echo", [{"action": "allow"}])
    # The server still runs, but the URL now answers 404 instead of MCP.
    pl.ok("PUT", f"/api/v1/mcp-servers/{server['id']}", json={"url": upstream_sse.url.replace("/mcp", "/not-mcp")})
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": f"{name}__echo", "arguments": {"text": "x"}}])
    assert out["results"][0]["isError"] and "answered HTTP 404" in out["results"][0]["text"]
    event = pl.audit(tool=f"{name}__echo")[0]
    assert event["outcome"] == "upstream_error" and "404" in event["error"]


def test_slow_upstream_times_out_with_a_clear_tool_error(pl, upstream_sse):
    name = f"slow{marker()[2:8]}"
    pl.add_server(name, upstream_sse.url, timeout_ms=500)
    pl.scan(name)
    pl.configure(f"{name}__slow", [{"action": "allow"}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": f"{name}__slow", "arguments": {"seconds": 3}}])
    assert out["results"][0]["isError"] and "did not answer in time" in out["results"][0]["text"]
    assert pl.audit(tool=f"{name}__slow")[0]["outcome"] == "upstream_error"


def test_audit_records_every_call_with_filters_and_pagination(pl):
    pl.configure("fx__echo", [{"action": "allow"}])
    pl.configure("fx__deploy", [{"action": "deny"}])
    m = marker()
    run_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__echo", "arguments": {"text": m}},
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m, "api_token": "s3cr3t-value"}},
        {"op": "call", "name": "fx__echo", "arguments": {"text": m + "2"}},
    ])
    allowed = pl.audit(tool="fx__echo", limit=500)
    mine = [e for e in allowed if e["arguments"].get("text", "").startswith(m)]
    assert len(mine) == 2
    for e in mine:
        assert e["decision"] == "allow" and e["outcome"] == "ok"
        assert e["duration_ms"] is not None and e["server_name"] == "fx"
        assert e["principal"].startswith("key:") and e["request_id"] and e["account_id"]
    denied = pl.audit(decision="deny", tool="fx__deploy")
    assert denied[0]["arguments"]["api_token"] == "[REDACTED]"
    assert "s3cr3t-value" not in pl.api("GET", "/api/v1/audit", params={"limit": 500}).text
    # Cursor pagination walks everything exactly once.
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = pl.ok("GET", "/api/v1/audit", params=params)
        seen += [e["id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    everything = [e["id"] for e in pl.audit(limit=500)]
    assert seen == everything
    # Principal and time filters.
    key_id = mine[0]["api_key_id"]
    assert all(e["api_key_id"] == key_id for e in pl.audit(principal=key_id))
    assert pl.audit(since="2999-01-01T00:00:00Z") == []


def test_a_call_is_refused_when_the_audit_log_cannot_be_written(pl, call_log):
    pl.configure("fx__echo", [{"action": "allow"}])
    m = marker()
    pl.sql("ALTER TABLE audit_events RENAME TO audit_events_offline")
    try:
        out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__echo", "arguments": {"text": m}}])
    finally:
        pl.sql("ALTER TABLE audit_events_offline RENAME TO audit_events")
    result = out["results"][0]
    assert result.get("error", {}).get("code") == -32603, result
    assert "audit" in result["error"]["message"]
    assert not call_log.contains(m), "the call went out without an audit record"
