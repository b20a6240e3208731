"""People (users, teams, their keys) and approval workflows through the API."""

from conftest import marker, run_client


def new_user(pl, name=None):
    m = marker()
    return pl.ok("POST", "/api/v1/users", json={"name": name or m, "email": f"{m}@example.com"})


def test_users_crud_and_their_own_keys(pl):
    u = new_user(pl, "Ada")
    assert u["name"] == "Ada" and u["email"].endswith("@example.com")
    assert pl.api("POST", "/api/v1/users", json={"name": "Other", "email": u["email"].upper()}).status_code == 409
    for bad in [{"name": "x", "email": "not-an-email"}, {"name": "", "email": "a@b.co"}, {"name": "x", "email": "a@b.co", "role": "x"}]:
        assert pl.api("POST", "/api/v1/users", json=bad).status_code == 400, bad
    renamed = pl.ok("PUT", f"/api/v1/users/{u['id']}", json={"name": "Ada L."})
    assert renamed["name"] == "Ada L." and renamed["email"] == u["email"]
    # A person's key decides approvals by default, and cannot call tools.
    decider = pl.ok("POST", f"/api/v1/users/{u['id']}/api-keys", json={"name": "phone"})
    assert decider["user_id"] == u["id"] and decider["role"] == "approver"
    refused = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key=decider["key"])
    assert refused.status_code == 403 and "cannot call tools" in refused.json()["error"]["message"]
    key = pl.ok("POST", f"/api/v1/users/{u['id']}/api-keys", json={"name": "laptop", "role": "agent"})
    assert key["user_id"] == u["id"] and key["role"] == "agent"
    keys = pl.ok("GET", f"/api/v1/users/{u['id']}/api-keys")["api_keys"]
    assert sorted(k["id"] for k in keys) == sorted([key["id"], decider["id"]])
    # The user's agent key works on the MCP endpoint, and policy sees whose it is.
    pl.configure("fx__echo", [{"action": "allow"}])
    out = run_client("py1", pl.mcp_url, key["key"], [{"op": "call", "name": "fx__echo", "arguments": {"text": "mine"}}])
    assert out["results"][0]["text"] == "echo: mine"
    # Approver keys belong to people.
    assert pl.api("POST", "/api/v1/api-keys", json={"name": "x", "role": "approver"}).status_code == 400
    assert pl.api("DELETE", f"/api/v1/users/{u['id']}").status_code == 204
    assert pl.api("GET", f"/api/v1/users/{u['id']}").status_code == 404
    # Deleting a user takes their keys with them.
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key=key["key"])
    assert r.status_code == 401


def test_teams_and_memberships(pl):
    a, b = new_user(pl), new_user(pl)
    name = f"team-{marker()}"
    team = pl.ok("POST", "/api/v1/teams", json={"name": name, "member_ids": [a["id"], a["id"]]})
    assert team["member_ids"] == [a["id"]]
    assert pl.api("POST", "/api/v1/teams", json={"name": name}).status_code == 409
    assert pl.api("POST", "/api/v1/teams", json={"name": "x", "member_ids": ["nobody"]}).status_code == 400
    team = pl.ok("POST", f"/api/v1/teams/{team['id']}/members", json={"user_id": b["id"]})
    assert sorted(team["member_ids"]) == sorted([a["id"], b["id"]])
    assert pl.api("POST", f"/api/v1/teams/{team['id']}/members", json={"user_id": b["id"]}).status_code == 409
    assert pl.api("DELETE", f"/api/v1/teams/{team['id']}/members/{a['id']}").status_code == 204
    assert pl.ok("GET", f"/api/v1/teams/{team['id']}")["member_ids"] == [b["id"]]
    assert pl.api("DELETE", f"/api/v1/teams/{team['id']}/members/{a['id']}").status_code == 404
    assert pl.api("DELETE", f"/api/v1/teams/{team['id']}").status_code == 204
    assert pl.api("GET", f"/api/v1/teams/{team['id']}").status_code == 404


def test_approval_policies_are_validated_against_people(pl):
    a, b, c = new_user(pl), new_user(pl), new_user(pl)
    team = pl.ok("POST", "/api/v1/teams", json={"name": f"dba-{marker()}", "member_ids": [a["id"], b["id"]]})
    # The seeds' own example body is accepted.
    seed = pl.api("POST", "/api/v1/approval-policies", json={
        "name": f"Critical Operations {marker()}", "description": "Require approval for critical issue operations",
        "is_default": False, "approver_user_ids": [a["id"]], "approvals_required": 1,
        "timeout_seconds": 600, "notification_channels": ["email"]})
    assert seed.status_code == 201, seed.text
    name = f"drop-table-{marker()}"
    policy = pl.ok("POST", "/api/v1/approval-policies", json={
        "name": name, "approver_user_ids": [a["id"]], "approver_team_ids": [team["id"]],
        "approvals_required": 2, "timeout_seconds": 3600,
        "escalation": {"after_seconds": 600, "user_ids": [c["id"]]},
        "notification_channels": ["email", "slack"], "async_approval": True, "justification": "required"})
    assert policy["approvals_required"] == 2 and policy["justification"] == "required"
    assert policy["escalation"] == {"after_seconds": 600, "user_ids": [c["id"]], "team_ids": []}
    # a is named directly and through the team: two distinct people, not three.
    r = pl.api("PUT", f"/api/v1/approval-policies/{policy['id']}", json={"approvals_required": 3})
    assert r.status_code == 400 and "2 distinct people" in r.json()["error"]["message"]
    bad_bodies = [
        {"name": "q0", "approver_user_ids": [a["id"]], "approvals_required": 0},
        {"name": "q11", "approver_user_ids": [a["id"]], "approvals_required": 11},
        {"name": "t", "approver_user_ids": [a["id"]], "timeout_seconds": 10},
        {"name": "t", "approver_user_ids": [a["id"]], "timeout_seconds": 31 * 24 * 3600},
        {"name": "ghost", "approver_user_ids": ["nobody"]},
        {"name": "esc", "approver_user_ids": [a["id"]], "timeout_seconds": 600, "escalation": {"after_seconds": 900, "user_ids": [b["id"]]}},
        {"name": "ch", "approver_user_ids": [a["id"]], "notification_channels": ["fax"]},
        {"name": "j", "approver_user_ids": [a["id"]], "justification": "sometimes"},
        {"name": "x", "approver_user_ids": [a["id"]], "surprise": 1},
    ]
    for body in bad_bodies:
        assert pl.api("POST", "/api/v1/approval-policies", json=body).status_code == 400, body
    assert pl.api("POST", "/api/v1/approval-policies", json={"name": name, "approver_user_ids": [a["id"]]}).status_code == 409
    updated = pl.ok("PUT", f"/api/v1/approval-policies/{policy['id']}", json={"escalation": None, "timeout_seconds": 120})
    assert updated["escalation"] is None and updated["timeout_seconds"] == 120


def test_rules_name_their_approval_workflow(pl):
    a = new_user(pl)
    policy = pl.ok("POST", "/api/v1/approval-policies", json={"name": f"wf-{marker()}", "approver_user_ids": [a["id"]]})
    cfg = pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": policy["id"]}])
    assert cfg["rules"][0]["approval_policy_id"] == policy["id"]
    assert pl.api("POST", "/api/v1/tool-configurations", json={
        "tool_name": "fx__pay", "rules": [{"action": "require_approval", "approval_policy_id": "nope"}]}).status_code == 400
    assert pl.api("POST", f"/api/v1/tool-configurations/{cfg['id']}/rules",
                  json={"action": "allow", "approval_policy_id": policy["id"]}).status_code == 400
    # A workflow in use cannot be deleted out from under its rules.
    assert pl.api("DELETE", f"/api/v1/approval-policies/{policy['id']}").status_code == 409
    pl.ok("PUT", f"/api/v1/tool-configurations/{cfg['id']}/rules/{cfg['rules'][0]['id']}", json={"approval_policy_id": None})
    assert pl.api("DELETE", f"/api/v1/approval-policies/{policy['id']}").status_code == 204
