"""The management API and the decision API."""

import json
import os
import re
import shlex
import subprocess

from conftest import NODE_MODULES, marker, psql_value, run_client, start_preloop, stop


def test_mcp_servers_crud_and_the_auth_header_is_never_echoed(pl, upstream_sse):
    name = f"crud{marker()[2:8]}"
    secret = "Bearer super-secret-token-value"
    created = pl.api("POST", "/api/v1/mcp-servers", json={"name": name, "url": upstream_sse.url, "auth_header": secret})
    assert created.status_code == 201
    server = created.json()
    assert server["has_auth_header"] is True and server["name"] == name
    for r in [created, pl.api("GET", f"/api/v1/mcp-servers/{server['id']}"), pl.api("GET", "/api/v1/mcp-servers")]:
        assert "super-secret-token-value" not in r.text
        assert '"auth_header"' not in r.text
    assert pl.api("POST", "/api/v1/mcp-servers", json={"name": name, "url": upstream_sse.url}).status_code == 409
    updated = pl.ok("PUT", f"/api/v1/mcp-servers/{server['id']}", json={"timeout_ms": 1234, "auth_header": None})
    assert updated["timeout_ms"] == 1234 and updated["has_auth_header"] is False
    scan = pl.ok("POST", f"/api/v1/mcp-servers/{server['id']}/scan")
    assert scan["count"] == 5
    tools = pl.ok("GET", f"/api/v1/mcp-servers/{server['id']}/tools")["tools"]
    echo = next(t for t in tools if t["name"] == "echo")
    assert echo["input_schema"]["properties"]["text"]["type"] == "string"
    assert pl.api("DELETE", f"/api/v1/mcp-servers/{server['id']}").status_code == 204
    assert pl.api("GET", f"/api/v1/mcp-servers/{server['id']}").status_code == 404
    listed = run_client("py1", pl.mcp_url, pl.key, [{"op": "list"}])["results"][0]["tools"]
    assert not any(t.startswith(f"{name}__") for t in listed)


def test_the_upstream_receives_the_stored_auth_header(pl, upstream_sse):
    # The fixture server ignores auth; what matters is that the sealed header
    # round-trips: the store never holds it in clear.
    name = f"sealed{marker()[2:8]}"
    pl.add_server(name, upstream_sse.url, auth_header="Bearer sealed-value-123")
    if pl.database_url:
        dump = psql_value(pl.database_url, f"SELECT auth_header_enc FROM mcp_servers WHERE name = '{name}'")
    else:
        import sqlite3
        with sqlite3.connect(pl.sqlite_path) as db:
            dump = db.execute("SELECT auth_header_enc FROM mcp_servers WHERE name = ?", (name,)).fetchone()[0]
    assert dump.strip().startswith("v1.") and "sealed-value-123" not in dump
    pl.scan(name)  # works with the decrypted header


def test_bad_server_input_is_400(pl):
    for body in [{"name": "a__b", "url": "http://x"}, {"name": "ok", "url": "ftp://x"}, {"url": "http://x"},
                 {"name": "ok", "url": "http://x", "timeout_ms": 5}, {"name": "ok", "url": "http://x", "bogus": 1}]:
        r = pl.api("POST", "/api/v1/mcp-servers", json=body)
        assert r.status_code == 400, body
        assert r.json()["error"]["code"] == "bad_request"
    r = pl.api("POST", "/api/v1/mcp-servers", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400


def test_scan_of_an_unreachable_server_is_502_and_recorded(pl):
    name = f"dead{marker()[2:8]}"
    server = pl.add_server(name, "http://127.0.0.1:9/mcp")
    r = pl.api("POST", f"/api/v1/mcp-servers/{server['id']}/scan")
    assert r.status_code == 502 and "unreachable" in r.json()["error"]["message"]
    assert "unreachable" in pl.ok("GET", f"/api/v1/mcp-servers/{server['id']}")["last_scan_error"]


def test_invalid_cel_is_refused_at_write_time_with_its_position(pl):
    r = pl.api("POST", "/api/v1/tool-configurations", json={
        "tool_name": "fx__deploy", "rules": [{"action": "allow"}, {"action": "deny", "condition": "args.environment == "}]})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["message"].startswith("rules[1]: invalid CEL condition at line 1, column")
    assert err["detail"]["line"] == 1 and err["detail"]["column"] >= 1
    r = pl.api("POST", "/api/v1/tool-configurations", json={
        "tool_name": "fx__deploy", "rules": [{"action": "deny", "condition": "args.a == 1 &&\n  request.b"}]})
    assert r.status_code == 400 and r.json()["error"]["detail"] == {
        "line": 2, "column": 3, "message": "unknown variable 'request'", "expression": "args.a == 1 &&\n  request.b"}
    assert pl.ok("GET", "/api/v1/tool-configurations")["tool_configurations"] == [], "nothing is written on error"
    cfg = pl.configure("fx__deploy", [{"action": "allow"}])
    r = pl.api("POST", f"/api/v1/tool-configurations/{cfg['id']}/rules", json={"action": "nope"})
    assert r.status_code == 400


def test_rules_crud_and_reorder_change_the_decision(pl):
    cfg = pl.configure("fx__deploy", [{"action": "allow", "description": "everyone"}])
    allow_id = cfg["rules"][0]["id"]
    deny = pl.ok("POST", f"/api/v1/tool-configurations/{cfg['id']}/rules", json={"action": "deny", "denial_message": "frozen"})
    assert deny["priority"] == 20

    def check():
        return pl.ok("POST", "/api/v1/policy/check", json={"tool": "fx__deploy", "arguments": {"environment": "x"}})

    assert check()["decision"] == "allow"
    pl.ok("POST", f"/api/v1/tool-configurations/{cfg['id']}/rules/reorder", json={"rule_ids": [deny["id"], allow_id]})
    assert check()["decision"] == "deny" and check()["message"] == "frozen"
    pl.ok("PUT", f"/api/v1/tool-configurations/{cfg['id']}/rules/{deny['id']}", json={"enabled": False})
    assert check()["decision"] == "allow"
    assert pl.api("DELETE", f"/api/v1/tool-configurations/{cfg['id']}/rules/{deny['id']}").status_code == 204
    assert len(pl.ok("GET", f"/api/v1/tool-configurations/{cfg['id']}/rules")["rules"]) == 1
    r = pl.api("POST", f"/api/v1/tool-configurations/{cfg['id']}/rules/reorder", json={"rule_ids": ["x"]})
    assert r.status_code == 400
    assert pl.api("POST", "/api/v1/tool-configurations", json={"tool_name": "fx__deploy"}).status_code == 409


def test_disabled_tool_is_hidden_and_denied(pl):
    cfg = pl.configure("fx__echo", [{"action": "allow"}])
    pl.ok("PUT", f"/api/v1/tool-configurations/{cfg['id']}", json={"is_enabled": False})
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "list"}, {"op": "call", "name": "fx__echo", "arguments": {"text": "x"}}])
    assert "fx__echo" not in out["results"][0]["tools"]
    assert out["results"][1]["isError"] and "disabled" in out["results"][1]["text"]


def test_the_account_may_hide_what_its_deny_default_decides(pl):
    pl.configure("fx__echo", [{"action": "allow"}])
    # Rules only for an agent: everyone else is left to the default.
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"hider-{marker()}"})
    pl.configure("fx__pay", [{"action": "allow", "scope_kind": "agent", "scope_id": agent["id"]}])

    def listed():
        return run_client("py2", pl.mcp_url, pl.key, [{"op": "list"}])["results"][0]["tools"]

    assert {"fx__echo", "fx__deploy", "fx__pay"} <= set(listed())
    assert pl.ok("PUT", "/api/v1/settings", json={"hide_default_denied": True})["hide_default_denied"] is True
    tools = listed()
    assert "fx__echo" in tools and "fx__deploy" not in tools and "fx__pay" not in tools, tools
    # Preloop's own tools are not the default's to hide.
    assert "get_approval_status" in tools
    # With an allowing default nothing is denied by it, so nothing is hidden.
    pl.ok("PUT", "/api/v1/settings", json={"default_action": "allow"})
    assert {"fx__echo", "fx__deploy", "fx__pay"} <= set(listed())
    pl.ok("PUT", "/api/v1/settings", json={"default_action": "deny", "hide_default_denied": False})
    assert "fx__deploy" in listed()


def test_policy_check_explains_and_has_no_side_effects(pl):
    cfg = pl.configure("fx__pay", [
        {"action": "require_approval", "condition": "args.amount > 1000", "description": "big payments"},
        {"action": "deny", "condition": "args.currency == 'BTC'"},
        {"action": "allow"},
    ])
    before = len(pl.audit(limit=500))
    r = pl.ok("POST", "/api/v1/policy/check", json={"tool": "fx__pay", "arguments": {"amount": 5000, "currency": "BTC"}})
    assert r["decision"] == "require_approval"
    assert r["matched_rule"]["id"] == cfg["rules"][0]["id"] and r["matched_rule"]["description"] == "big payments"
    assert "big payments" in r["reason"]
    assert [m["id"] for m in r["also_matched"]] == [cfg["rules"][1]["id"], cfg["rules"][2]["id"]]
    assert r["server"] == "fx"
    small = pl.ok("POST", "/api/v1/policy/check", json={"tool": "fx__pay", "arguments": {"amount": 1}})
    # `args.currency` is missing: the deny rule cannot be evaluated, so it denies.
    assert small["decision"] == "deny" and small["matched_rule"]["id"] == cfg["rules"][1]["id"]
    assert "could not be evaluated" in small["reason"]
    assert pl.ok("POST", "/api/v1/policy/check", json={"tool": "nobody__knows"})["decision"] == "deny"
    assert len(pl.audit(limit=500)) == before, "policy check must not write audit records"
    assert pl.api("POST", "/api/v1/policy/check", json={"tool": "x", "arguments": [1]}).status_code == 400
    assert pl.api("POST", "/api/v1/policy/check", json={}).status_code == 400
    assert pl.http.post("/api/v1/policy/check", json={"tool": "x"}).status_code == 401


def test_principal_in_conditions_and_agent_keys(pl, call_log):
    agent = pl.ok("POST", "/api/v1/api-keys", json={"name": "ci-bot", "role": "agent"})
    assert agent["key"].startswith("pl_") and agent["role"] == "agent"
    listed = pl.ok("GET", "/api/v1/api-keys")["api_keys"]
    assert agent["key"] not in json.dumps(listed)
    pl.configure("fx__echo", [{"action": "deny", "condition": "principal.key_name == 'ci-bot'", "denial_message": "not for bots"},
                              {"action": "allow"}])
    m = marker()
    as_agent = run_client("py1", pl.mcp_url, agent["key"], [{"op": "call", "name": "fx__echo", "arguments": {"text": m}}])
    assert as_agent["results"][0]["text"] == "not for bots"
    as_admin = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__echo", "arguments": {"text": m}}])
    assert as_admin["results"][0]["text"] == f"echo: {m}"
    # Agents use the MCP endpoint but cannot manage the account.
    assert pl.api("GET", "/api/v1/mcp-servers", key=agent["key"]).status_code == 403
    check = pl.api("POST", "/api/v1/policy/check", key=agent["key"], json={"tool": "fx__echo"})
    assert check.status_code == 200 and check.json()["decision"] == "deny"
    as_key = pl.ok("POST", "/api/v1/policy/check", json={"tool": "fx__echo", "api_key_id": agent["id"]})
    assert as_key["decision"] == "deny"
    assert pl.api("DELETE", f"/api/v1/api-keys/{agent['id']}").status_code == 204
    assert pl.api("GET", "/api/v1/settings", key=agent["key"]).status_code == 401


def test_unknown_routes_and_methods(pl):
    assert pl.api("GET", "/api/v1/nothing-here").status_code == 404
    assert pl.api("PATCH", "/api/v1/mcp-servers").status_code == 405
    assert pl.api("GET", "/api/v1/audit", params={"limit": 0}).status_code == 400
    assert pl.api("GET", "/api/v1/audit", params={"cursor": "%%%"}).status_code == 400
    assert pl.api("GET", "/api/v1/audit", params={"since": "yesterday"}).status_code == 400
    assert pl.http.get("/nowhere").status_code == 404


def test_first_start_prints_the_admin_key_once(tmp_path):
    p = start_preloop("sqlite", tmp_path, {"PRELOOP_ADMIN_KEY": ""})
    try:
        out = p.log_path.read_text()
        keys = re.findall(r"pl_[0-9a-f]{64}", out)
        assert keys, out
        key = keys[0]
        line = f'claude mcp add --transport http preloop {p.url}/mcp/v1 --header "Authorization: Bearer {key}"'
        assert line in out
        assert p.api("GET", "/api/v1/mcp-servers", key=key).status_code == 200
        # The printed line, run as printed by Claude Code's own CLI, connects.
        home = tmp_path / "claude-home"
        home.mkdir()
        claude_env = {**os.environ, "HOME": str(home)}
        claude = str(NODE_MODULES / ".bin" / "claude")
        added = subprocess.run([claude, *shlex.split(line)[1:]], env=claude_env, cwd=home,
                               capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stdout + added.stderr
        listed = subprocess.run([claude, "mcp", "list"], env=claude_env, cwd=home,
                                capture_output=True, text=True, timeout=120)
        assert re.search(r"^preloop: .*/mcp/v1 \(HTTP\) - .*Connected", listed.stdout, re.M), listed.stdout + listed.stderr
        assert key not in listed.stdout
    finally:
        stop(p.proc)
    assert key not in (tmp_path / "data" / "preloop.db").read_bytes().decode("latin-1")
    again = start_preloop("sqlite", tmp_path, {"PRELOOP_ADMIN_KEY": ""})
    try:
        assert not re.findall(r"pl_[0-9a-f]{64}", again.log_path.read_text())
        assert again.api("GET", "/api/v1/mcp-servers", key=key).status_code == 200
    finally:
        stop(again.proc)
