"""Every route with every role, against the table the server publishes; and
two accounts that cannot read or change anything of each other's, through
any route, ids guessed included."""

import re

import httpx

from conftest import marker, run_client
from test_approvals import request_id
from test_openapi import concrete, not_served
from test_sign_in import bearer, register

ROLES = ["owner", "admin", "approver", "auditor", "viewer", "agent"]
DECIDES = re.compile(r"^/api/v1/approval-requests/\{id\}/(approve|decline|decide)$")


def refused_for_permission(r: httpx.Response) -> bool:
    if r.status_code != 403:
        return False
    error = r.json().get("error", {})
    # REST errors carry `detail`, JSON-RPC errors (the MCP endpoint) `data`.
    detail = error.get("detail") or error.get("data") or {}
    return "required_permission" in detail or "cannot decide approval requests" in error.get("message", "")


class Account:
    """A registered account, set up through its owner's sign-in."""

    def __init__(self, pl, upstream_sse):
        self.pl = pl
        self.email, reg = register(pl)
        self.token = reg["access_token"]
        self.id = reg["account_id"]
        self.owner = reg["user"]
        self.h = bearer(self.token)
        self.server = self.ok("POST", "/api/v1/mcp-servers", json={"name": "fx", "url": upstream_sse.url, "auth_header": "Bearer upstream-secret-value"})
        self.ok("POST", f"/api/v1/mcp-servers/{self.server['id']}/scan")

    def ok(self, method, path, **kw):
        r = self.pl.http.request(method, path, headers=self.h, **kw)
        assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else {}

    def person_with_key(self, role):
        m = marker()
        person = self.ok("POST", "/api/v1/users", json={"name": m, "email": f"{m}@example.com", "role": "viewer" if role == "agent" else role})
        key = self.ok("POST", f"/api/v1/users/{person['id']}/api-keys", json={"name": role, "role": role})["key"]
        return person, key


def test_every_route_with_every_role(pl, upstream_sse):
    account = Account(pl, upstream_sse)
    table = {r["role"]: set(r["permissions"]) for r in pl.http.get("/api/v1/roles", headers=account.h).json()["roles"]}
    assert sorted(table) == sorted(ROLES)
    people = {role: account.person_with_key(role) for role in ROLES}
    # A pending approval request the approver is asked to decide.
    wf = account.ok("POST", "/api/v1/approval-policies", json={"name": f"wf-{marker()}", "approver_user_ids": [people["approver"][0]["id"]], "async_approval": True})
    account.ok("POST", "/api/v1/tool-configurations", json={"tool_name": "fx__deploy", "rules": [{"action": "require_approval", "approval_policy_id": wf["id"]}]})
    out = run_client("py1", pl.mcp_url, people["agent"][1], [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": marker()}}])
    rid = request_id(out["results"][0]["text"])
    doc = pl.http.get("/openapi.json").json()
    wrong = []
    checked = 0
    for path, item in doc["paths"].items():
        for method, op in item.items():
            needs = set(op.get("x-permissions", []))
            if not needs or (path, method) in not_served(pl):
                continue
            url = concrete(path).replace("nothing-here", rid) if path.startswith("/api/v1/approval-requests/") else concrete(path)
            for role in ROLES:
                held = table[role]
                if DECIDES.match(path):
                    allowed = "approvals.decide" in held and "tools.call" not in held
                else:
                    allowed = bool(needs & held)
                r = pl.api(method.upper(), url, headers=bearer(people[role][1]), timeout=15)
                checked += 1
                if refused_for_permission(r) == allowed:
                    wrong.append(f"{role} {method.upper()} {path}: {r.status_code} {r.text[:160]}")
    assert wrong == [], "\n".join(wrong)
    assert checked > 100 * len(ROLES) / 2


def body_for(path: str, method: str, ids: dict, rule: str) -> dict | None:
    """A body the route would accept in A's account, so that B's request
    reaches the lookup of A's object."""
    if method in ("get", "delete"):
        return None
    if path.endswith("/members"):
        return {"user_id": ids["users"]}
    if path.endswith("/rules/reorder"):
        return {"rule_ids": [rule]}
    if path.endswith("/rules"):
        return {"action": "allow"}
    if "/rules/" in path:
        return {"action": "deny"}
    if path.endswith("/approve"):
        return {"hash": "0" * 64}
    if path.endswith(("/scan", "/oauth")):
        return {}
    if path.startswith("/api/v1/tool-configurations/"):
        return {"is_enabled": False}
    return {"name": "taken"}


def test_two_accounts_share_nothing(pl, upstream_sse):
    a, b = Account(pl, upstream_sse), Account(pl, upstream_sse)
    m = marker()
    # Something of every kind in account A.
    ids = {
        "mcp-servers": a.server["id"],
        "tool-configurations": a.ok("POST", "/api/v1/tool-configurations", json={"tool_name": "fx__echo", "rules": [{"action": "allow"}]})["id"],
        "users": a.ok("POST", "/api/v1/users", json={"name": m, "email": f"{m}@example.com"})["id"],
        "teams": a.ok("POST", "/api/v1/teams", json={"name": f"t{m}"})["id"],
        "agents": a.ok("POST", "/api/v1/agents", json={"name": f"bot{m}"})["id"],
        "api-keys": a.ok("POST", "/api/v1/api-keys", json={"name": "k", "role": "agent"})["id"],
        "approval-policies": a.ok("POST", "/api/v1/approval-policies", json={"name": f"wf{m}", "async_approval": True})["id"],
        "notification-channels": a.ok("POST", "/api/v1/notification-channels", json={"kind": "webhook", "name": f"w{m}", "config": {"url": "http://127.0.0.1:9/hook", "secret": "s" * 32}})["id"],
    }
    rule = a.ok("GET", f"/api/v1/tool-configurations/{ids['tool-configurations']}/rules")["rules"][0]["id"]
    before = {kind: a.ok("GET", f"/api/v1/{kind}/{i}") for kind, i in ids.items() if kind != "api-keys"}
    # B, with every permission but calling tools, tries every route that
    # names an id with A's ids.
    doc = pl.http.get("/openapi.json").json()
    leaked, statuses = [], []
    for path, item in doc["paths"].items():
        if "{" not in path or not path.startswith("/api/v1/"):
            continue
        kind = path.split("/")[3]
        if kind not in ids:
            continue
        url = path.replace("{id}", ids[kind]).replace("{rule_id}", rule).replace("{user_id}", ids["users"])
        url = concrete(url)
        for method in item:
            r = pl.http.request(method.upper(), url, headers=b.h, json=body_for(path, method, ids, rule))
            statuses.append(r.status_code)
            if r.status_code < 300 or r.status_code not in (400, 403, 404, 409):
                leaked.append(f"{method.upper()} {url}: {r.status_code} {r.text[:160]}")
    assert leaked == [], "\n".join(leaked)
    # Most were answered "no such …": the lookups ran, in B's account.
    assert statuses.count(404) > len(statuses) * 3 / 4, statuses
    # B's lists hold nothing of A's.
    for kind in ids:
        listed = pl.http.get(f"/api/v1/{kind}", headers=b.h).text
        assert all(i not in listed for i in ids.values()), kind
    assert a.email not in pl.http.get("/api/v1/users", headers=b.h).text
    audit = pl.http.get("/api/v1/audit", headers=b.h).json()["events"]
    assert all(e["account_id"] == b.id for e in audit)
    # A's things are as they were.
    after = {kind: a.ok("GET", f"/api/v1/{kind}/{i}") for kind, i in ids.items() if kind != "api-keys"}
    assert after == before
    assert any(k["id"] == ids["api-keys"] and k["revoked_at"] is None for k in a.ok("GET", "/api/v1/api-keys")["api_keys"])
    # And B's sign-in does not reach A's MCP tools or policy.
    r = pl.http.post("/api/v1/policy/check", headers=b.h, json={"tool": "fx__echo"})
    assert r.status_code == 200 and r.json()["decision"] == "deny"
