"""Separation of duties: the credential that made a call never decides it,
keys that call tools never decide anything, and under four eyes the person
behind a call cannot count toward its quorum through any key, link or team.
Every refused decision is in the audit trail."""

from conftest import marker, run_client
from test_approvals import approver, request_id, workflow


def pending_call(pl, key, tool="fx__deploy"):
    out = run_client("py1", pl.mcp_url, key, [
        {"op": "call", "name": tool, "arguments": {"environment": "prod", "service": marker()}}])
    result = out["results"][0]
    assert result["isError"] and "Approval required" in result["text"], result
    return request_id(result["text"])


def refused_in_audit(pl, rid):
    return [r for r in pl.audit(outcome="approval_refused", limit=500) if r["request_id"] == rid]


def test_the_calling_key_cannot_approve_its_own_call(pl, call_log):
    # The hole as it was found: an admin key calls, then approves itself.
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    rid = pending_call(pl, pl.key)
    r = pl.api("POST", f"/api/v1/approval-requests/{rid}/approve")
    # Refused first because the key can call tools (so it never decides).
    assert r.status_code == 403 and "never decide" in r.json()["error"]["message"]
    status = pl.ok("GET", f"/api/v1/approval-requests/{rid}")
    assert status["status"] == "pending" and status["votes"] == []
    assert refused_in_audit(pl, rid), "the refusal is audited"

    # A person's agent key that made the call cannot decide it either, even
    # when that person is the approver; their approver key can (one person
    # running their own agent is the open-source single-user case).
    user, decider = alice
    agent_key = pl.ok("POST", f"/api/v1/users/{user['id']}/api-keys", json={"name": "cli", "role": "agent"})["key"]
    rid = pending_call(pl, agent_key)
    r = pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=agent_key)
    assert r.status_code == 403
    assert pl.api("GET", "/api/v1/approval-requests", key=agent_key).status_code == 403, "agent keys see no approvals"
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=decider)["status"] == "approved"


def test_keys_that_call_tools_never_decide(pl):
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    rid = pending_call(pl, pl.key)
    user, _ = alice
    # An admin key that belongs to the approver (made an admin) is still a
    # key that calls tools.
    pl.ok("PATCH", f"/api/v1/users/{user['id']}", json={"role": "admin"})
    admin_of_alice = pl.ok("POST", f"/api/v1/users/{user['id']}/api-keys", json={"name": "ops", "role": "admin"})["key"]
    r = pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=admin_of_alice)
    assert r.status_code == 403 and "never decide" in r.json()["error"]["message"]
    # A managed agent's key, likewise.
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"bot-{marker()}"})
    bot = pl.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "k"})["key"]
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=bot).status_code == 403
    assert len(refused_in_audit(pl, rid)) == 2
    assert pl.ok("GET", f"/api/v1/approval-requests/{rid}")["status"] == "pending"


def test_four_eyes_excludes_the_person_behind_the_call_everywhere(pl, call_log):
    alice, bob = approver(pl), approver(pl)
    team = pl.ok("POST", "/api/v1/teams", json={"name": f"ops-{marker()}", "member_ids": [alice[0]["id"], bob[0]["id"]]})
    # Alice is an approver by name and through the team.
    wf = workflow(pl, [alice], approver_team_ids=[team["id"]], require_different_person=True)
    assert wf["require_different_person"] is True
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])

    # Alice's own agent key makes the call.
    alice_agent_key = pl.ok("POST", f"/api/v1/users/{alice[0]['id']}/api-keys",
                            json={"name": "cli", "role": "agent"})["key"]
    rid = pending_call(pl, alice_agent_key)
    r = pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=alice[1])
    assert r.status_code == 403 and "four eyes" in r.json()["error"]["message"]
    # A second approver key of hers changes nothing.
    other_key = pl.ok("POST", f"/api/v1/users/{alice[0]['id']}/api-keys", json={"name": "tablet"})["key"]
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=other_key).status_code == 403
    assert len(refused_in_audit(pl, rid)) == 2
    # Bob, another person of the same team, approves.
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=bob[1])["status"] == "approved"

    # A managed agent owned by Alice: her vote does not count for its calls.
    agent = pl.ok("POST", "/api/v1/agents", json={"name": f"runner-{marker()}", "owner_user_id": alice[0]["id"]})
    assert agent["owner_user_id"] == alice[0]["id"]
    bot = pl.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "k"})["key"]
    rid = pending_call(pl, bot)
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=alice[1]).status_code == 403
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=bob[1])["status"] == "approved"

    # Without four eyes the same person may approve their own agent's call.
    pl.ok("PUT", f"/api/v1/approval-policies/{wf['id']}", json={"require_different_person": False})
    rid = pending_call(pl, bot)
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=alice[1])["status"] == "approved"


def test_an_unknown_owner_is_refused(pl):
    r = pl.api("POST", "/api/v1/agents", json={"name": f"x-{marker()}", "owner_user_id": "nobody"})
    assert r.status_code == 400
