"""Approvals end to end in async mode (the call returns a pending handle at
once): a real MCP client calls a tool that needs approval, people decide
through the API as separate HTTP callers, and the approved call runs exactly
once with exactly the approved arguments."""

import pytest
from conftest import marker, run_client


def approver(pl):
    m = marker()
    user = pl.ok("POST", "/api/v1/users", json={"name": m, "email": f"{m}@example.com"})
    key = pl.ok("POST", f"/api/v1/users/{user['id']}/api-keys", json={"name": "phone"})["key"]
    return user, key


def request_id(text: str) -> str:
    return text.split("request ", 1)[1].split(" ", 1)[0]


def workflow(pl, approvers, **fields):
    body = {"name": f"wf-{marker()}", "approver_user_ids": [u["id"] for u, _ in approvers],
            "async_approval": True, **fields}
    return pl.ok("POST", "/api/v1/approval-policies", json=body)


def test_approved_call_runs_once_with_the_approved_arguments(pl, call_log):
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "production", "service": m}}])
    pending = out["results"][0]
    assert pending["isError"] and "Approval required" in pending["text"]
    rid = request_id(pending["text"])
    assert not call_log.contains(m), "nothing runs before approval"
    status = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert "pending: 0 of 1" in status["results"][0]["text"]

    # The approver is a separate HTTP caller with their own key.
    seen = pl.ok("GET", f"/api/v1/approval-requests/{rid}", key=alice[1])
    assert seen["tool"] == "fx__deploy" and seen["arguments"]["service"] == m and seen["status"] == "pending"
    decided = pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=alice[1], json={"comment": "ship it"})
    assert decided["status"] == "approved"
    assert [e["kind"] for e in decided["events"]] == ["created", "voted", "approved"]

    polls = run_client("ts", pl.mcp_url, pl.key, [
        {"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}},
        {"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}},
    ])
    first, second = polls["results"]
    assert first["text"] == f"deployed {m} to production" and not first["isError"]
    assert second["text"] == first["text"], "later polls return the stored result"
    runs = [c for c in call_log.calls() if c["arguments"].get("service") == m]
    assert runs == [{"tool": "deploy", "arguments": {"environment": "production", "service": m}}], "exactly once, as approved"
    trail = [e for e in pl.audit(tool="fx__deploy") if e["arguments"].get("service") == m]
    assert sorted(e["outcome"] for e in trail) == ["approval_approved", "approval_created", "approval_voted", "ok", "pending_approval"]
    voted = next(e for e in trail if e["outcome"] == "approval_voted")
    assert voted["principal"] == f"user:{alice[0]['id']}" and voted["request_id"] == rid and "ship it" in voted["reason"]


def test_decline_returns_the_comment_and_nothing_runs(pl, call_log):
    bob = approver(pl)
    wf = workflow(pl, [bob])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    rid = request_id(out["results"][0]["text"])
    pl.ok("POST", f"/api/v1/approval-requests/{rid}/decide", key=bob[1], json={"decision": "decline", "comment": "freeze week"})
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["isError"] and "freeze week" in status["results"][0]["text"]
    assert not call_log.contains(m)
    r = pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=bob[1])
    assert r.status_code == 409


def test_quorum_two_needs_two_different_people(pl, call_log):
    a, b = approver(pl), approver(pl)
    wf = workflow(pl, [a, b], approvals_required=2)
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    rid = request_id(out["results"][0]["text"])
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=a[1])["status"] == "pending"
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=a[1])["status"] == "pending", "one person twice counts once"
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=b[1])["status"] == "approved"
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["text"] == f"deployed {m} to prod"


def test_only_the_asked_people_decide(pl):
    a, stranger = approver(pl), approver(pl)
    wf = workflow(pl, [a])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "x", "service": "y"}}])
    rid = request_id(out["results"][0]["text"])
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=stranger[1]).status_code == 403
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve").status_code == 403, "an admin key without a user cannot vote"
    assert pl.api("POST", f"/api/v1/approval-requests/nope/approve", key=a[1]).status_code == 404
    # Another key cannot read the handle of someone else's request.
    other = pl.ok("POST", "/api/v1/api-keys", json={"name": f"k-{marker()}"})["key"]
    status = run_client("py1", pl.mcp_url, other, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["isError"] and "no approval request" in status["results"][0]["text"]


def test_a_workflow_naming_nobody_is_decided_by_the_admins(pl, call_log):
    """A workflow with no approvers (as the seeds' example policy writes it)
    is decided by the account's admins (people whose role is admin or
    owner), as they are when the request is made; other people cannot
    decide it."""
    admin, plain = approver(pl), approver(pl)
    pl.ok("PATCH", f"/api/v1/users/{admin[0]['id']}", json={"role": "admin"})
    admin_key = pl.ok("POST", f"/api/v1/users/{admin[0]['id']}/api-keys", json={"name": "desk", "role": "admin"})
    wf = pl.ok("POST", "/api/v1/approval-policies", json={"name": f"wf-{marker()}", "async_approval": True})
    assert wf["approver_user_ids"] == [] and wf["approver_team_ids"] == []
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])

    def held(m):
        out = run_client("py1", pl.mcp_url, pl.key, [
            {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
        return request_id(out["results"][0]["text"])

    m = marker()
    rid = held(m)
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=plain[1]).status_code == 403
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=admin[1])["status"] == "approved"
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["text"] == f"deployed {m} to prod"
    # Once they are no longer an admin, they are no longer among the deciders
    # (their admin key stays, and acts as what they now are).
    pl.ok("PATCH", f"/api/v1/users/{admin[0]['id']}", json={"role": "approver"})
    assert pl.api("GET", "/api/v1/api-keys", key=admin_key["key"]).status_code == 403
    rid = held(marker())
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/approve", key=admin[1]).status_code == 403


def test_required_justification(pl, call_log):
    a = approver(pl)
    wf = workflow(pl, [a], justification="required")
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}},
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m, "justification": "hotfix for outage"}},
    ])
    refused, pending = out["results"]
    assert refused["isError"] and "justification" in refused["text"]
    rid = request_id(pending["text"])
    seen = pl.ok("GET", f"/api/v1/approval-requests/{rid}", key=a[1])
    assert seen["justification"] == "hotfix for outage" and "justification" not in seen["arguments"]
    pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=a[1])
    run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    runs = [c for c in call_log.calls() if c["arguments"].get("service") == m]
    assert runs == [{"tool": "deploy", "arguments": {"environment": "prod", "service": m}}], "the justification is not forwarded"


# Held calls are tested natively and on the Spin application, as in
# test_approval_links (on local D1 a held call did not open its request
# within 10 s here; to look into with the Workers' hold).
@pytest.mark.not_on_workers("on local D1 a held call did not open its request within 10 s")
def test_a_client_cancelling_a_held_call_withdraws_its_request(pl, call_log):
    import time
    from concurrent.futures import ThreadPoolExecutor

    alice = approver(pl)
    wf = workflow(pl, [alice], async_approval=False)
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    sid = pl.session()
    m = marker()
    call = {"jsonrpc": "2.0", "id": 77, "method": "tools/call",
            "params": {"name": "fx__deploy", "arguments": {"environment": "production", "service": m}}}
    headers = {"Mcp-Session-Id": sid, "Accept": "application/json"}
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(pl.rpc, call, headers)
        deadline = time.time() + 10
        while not [r for r in pl.ok("GET", "/api/v1/approval-requests")["approval_requests"]
                   if r["arguments"].get("service") == m]:
            assert time.time() < deadline, "the held call opened no request"
            time.sleep(0.1)
        # Another session's cancel for the same id is not this call's.
        other = pl.session()
        r = pl.rpc({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 77}},
                   headers={"Mcp-Session-Id": other})
        assert r.status_code == 202
        time.sleep(0.5)
        assert not held.done()
        started = time.time()
        r = pl.rpc({"jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": {"requestId": 77, "reason": "user pressed stop"}}, headers={"Mcp-Session-Id": sid})
        assert r.status_code == 202
        answer = held.result(timeout=10).json()
        assert time.time() - started < 5
    assert answer["result"]["isError"] and "cancelled" in answer["result"]["content"][0]["text"], answer
    request = next(r for r in pl.ok("GET", "/api/v1/approval-requests")["approval_requests"]
                   if r["arguments"].get("service") == m)
    assert request["status"] == "cancelled"
    assert not call_log.contains(m)
    trail = sorted(e["outcome"] for e in pl.audit(tool="fx__deploy") if e["arguments"].get("service") == m)
    assert trail == ["approval_cancelled", "approval_created", "pending_approval"], trail
