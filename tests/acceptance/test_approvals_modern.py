"""Approvals in the 2026-07-28 protocol's own terms. A client that takes
tasks gets a task (no SDK speaks the tasks extension yet, so a raw client
drives it). A client that can open a URL for its user gets a multi
round-trip request, not a held call. The
official Python SDK (2.x) drives the rounds itself: it shows the person the
URL (a page that follows the request and cannot decide it), and retries
with the request state once they accept. The state is bound to the key, the
exact call and an expiry, and the approved call runs exactly once."""

import httpx
import pytest
from conftest import marker, run_client
from test_approvals import approver, workflow

MODERN = "2026-07-28"


TASKS = "io.modelcontextprotocol/tasks"


def modern(pl, key: str, method: str, params: dict, caps: dict | None = None) -> dict:
    """One raw 2026-07-28 request, its JSON-RPC message returned."""
    body = {"jsonrpc": "2.0", "id": 1, "method": method,
            "params": {**params,
                       "_meta": {"io.modelcontextprotocol/protocolVersion": MODERN,
                                 "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "1"},
                                 "io.modelcontextprotocol/clientCapabilities": caps or {}}}}
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json",
               "Accept": "application/json", "MCP-Protocol-Version": MODERN, "Mcp-Method": method}
    if method == "tools/call":
        headers["Mcp-Name"] = params["name"]
    r = httpx.post(f"{pl.url}/mcp/v1", json=body, headers=headers, timeout=60)
    return r.json()


def modern_call(pl, key: str, name: str, arguments: dict, url_elicitation: bool = True, **extra) -> dict:
    """One raw 2026-07-28 tools/call."""
    caps = {"elicitation": {"form": {}, "url": {}}} if url_elicitation else {}
    return modern(pl, key, "tools/call", {"name": name, "arguments": arguments, **extra}, caps)


def test_a_client_that_takes_tasks_gets_one(pl, call_log):
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    discovered = modern(pl, pl.key, "server/discover", {})["result"]
    assert TASKS in discovered["capabilities"]["extensions"]
    caps = {"extensions": {TASKS: {}}, "elicitation": {"url": {}}}
    m = marker()
    args = {"environment": "production", "service": m}
    created = modern(pl, pl.key, "tools/call", {"name": "fx__deploy", "arguments": args}, caps)["result"]
    assert created["resultType"] == "task" and created["status"] == "working", created
    assert created["pollIntervalMs"] > 0 and created["ttlMs"] > 0 and created["createdAt"].endswith("Z")
    tid = created["taskId"]
    assert "/approval/" in created["statusMessage"], "the person can follow it"

    got = modern(pl, pl.key, "tasks/get", {"taskId": tid})["result"]
    assert got["status"] == "working" and "0 of 1" in got["statusMessage"] and "result" not in got
    assert not call_log.contains(m)
    # Another key's task is an unknown id.
    user = pl.ok("POST", "/api/v1/users", json={"name": marker(), "email": f"{marker()}@example.com"})
    other = pl.ok("POST", f"/api/v1/users/{user['id']}/api-keys", json={"name": "cli", "role": "agent"})["key"]
    assert modern(pl, other, "tasks/get", {"taskId": tid})["error"]["code"] == -32602
    assert modern(pl, other, "tasks/cancel", {"taskId": tid})["error"]["code"] == -32602

    pl.ok("POST", f"/api/v1/approval-requests/{tid}/approve", key=alice[1])
    done = modern(pl, pl.key, "tasks/get", {"taskId": tid})["result"]
    assert done["status"] == "completed", done
    assert done["result"]["content"][0]["text"] == f"deployed {m} to production"
    again = modern(pl, pl.key, "tasks/get", {"taskId": tid})["result"]
    assert again["result"] == done["result"]
    assert len([c for c in call_log.calls() if c["arguments"].get("service") == m]) == 1, "exactly once"
    assert trail(pl, m) == ["approval_approved", "approval_created", "approval_voted", "ok", "pending_approval"]

    # Cancelling a task withdraws its request.
    m2 = marker()
    tid2 = modern(pl, pl.key, "tools/call", {"name": "fx__deploy",
                                             "arguments": {"environment": "production", "service": m2}},
                  caps)["result"]["taskId"]
    assert modern(pl, pl.key, "tasks/cancel", {"taskId": tid2})["result"] == {"resultType": "complete"}
    assert modern(pl, pl.key, "tasks/get", {"taskId": tid2})["result"]["status"] == "cancelled"
    assert pl.api("POST", f"/api/v1/approval-requests/{tid2}/approve", key=alice[1]).status_code == 409
    assert not call_log.contains(m2)
    assert trail(pl, m2) == ["approval_cancelled", "approval_created", "pending_approval"]


def page_served(pl) -> bool:
    """The approval page runs natively; the edge tests start only the
    functions they reach (conftest's EDGE_FUNCTIONS)."""
    return not pl.store.startswith("workerd")


def trail(pl, m: str) -> list[str]:
    return sorted(e["outcome"] for e in pl.audit(tool="fx__deploy") if e["arguments"].get("service") == m)


def test_the_sdk_follows_the_url_and_the_approved_call_runs_once(pl, call_log):
    alice = approver(pl)
    wf = workflow(pl, [alice], async_approval=False)
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py2", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "production", "service": m}}],
        mode=MODERN, on_url={"api": pl.url, "key": alice[1]})
    assert out["protocolVersion"] == MODERN
    result = out["results"][0]
    assert not result["isError"] and result["text"] == f"deployed {m} to production", result
    [asked] = out["elicited"]
    assert asked["mode"] == "url" and "fx__deploy needs human approval" in asked["message"]
    if page_served(pl):
        # The person at the client sees the request, and cannot decide it there.
        assert asked["page_status"] == 200 and not asked["page_has_form"], asked
        assert "fx__deploy is waiting for approval" in asked["page_text"] and m in asked["page_text"]
    assert asked["approved"] == 200
    runs = [c for c in call_log.calls() if c["arguments"].get("service") == m]
    assert runs == [{"tool": "deploy", "arguments": {"environment": "production", "service": m}}]
    assert trail(pl, m) == ["approval_approved", "approval_created", "approval_voted", "ok", "pending_approval"]


def test_declining_at_the_client_withdraws_the_request(pl, call_log):
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py2", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "production", "service": m}}],
        mode=MODERN, on_url="decline")
    result = out["results"][0]
    assert result["isError"] and "withdrawn" in result["text"], result
    request = next(r for r in pl.ok("GET", "/api/v1/approval-requests")["approval_requests"]
                   if r["arguments"].get("service") == m)
    assert request["status"] == "cancelled"
    assert not call_log.contains(m)
    assert trail(pl, m) == ["approval_cancelled", "approval_created", "pending_approval"]


def test_the_request_state_is_bound_to_the_key_the_call_and_its_request(pl, call_log):
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    args = {"environment": "production", "service": m}
    first = modern_call(pl, pl.key, "fx__deploy", args)["result"]
    assert first["resultType"] == "input_required", first
    state = first["requestState"]
    url = first["inputRequests"]["preloop_approval"]["params"]["url"]
    rid = url.split("/approval/", 1)[1].split("?", 1)[0]

    if page_served(pl):
        # The link follows; it does not decide.
        r = httpx.post(url.replace(f"/approval/{rid}?", f"/approval/{rid}/decide?"), json={"decision": "approve"})
        assert r.status_code == 403 and "cannot decide" in r.text

    def refused(answer: dict, why: str):
        assert answer.get("error", {}).get("code") == -32602, answer
        assert why in answer["error"]["message"], answer

    tampered = state[:-6] + ("A" if state[-6] != "A" else "B") + state[-5:]
    refused(modern_call(pl, pl.key, "fx__deploy", args, requestState=tampered), "altered")
    refused(modern_call(pl, pl.key, "fx__deploy", args, requestState="not ours"), "not issued by Preloop")
    refused(modern_call(pl, pl.key, "fx__deploy", {**args, "environment": "staging"}, requestState=state),
            "another call")
    user = pl.ok("POST", "/api/v1/users", json={"name": marker(), "email": f"{marker()}@example.com"})
    other = pl.ok("POST", f"/api/v1/users/{user['id']}/api-keys", json={"name": "cli", "role": "agent"})["key"]
    refused(modern_call(pl, other, "fx__deploy", args, requestState=state), "another key")

    # Undecided (an async workflow: the retry does not wait): the state again,
    # without asking the person again.
    again = modern_call(pl, pl.key, "fx__deploy", args, requestState=state)["result"]
    assert again["resultType"] == "input_required" and "inputRequests" not in again and again["requestState"]
    assert not call_log.contains(m)

    pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=alice[1])
    ran = modern_call(pl, pl.key, "fx__deploy", args, requestState=state)["result"]
    assert ran["content"][0]["text"] == f"deployed {m} to production" and not ran.get("isError"), ran
    replay = modern_call(pl, pl.key, "fx__deploy", args, requestState=again["requestState"])["result"]
    assert replay["content"] == ran["content"], "a later retry gets the stored result"
    assert len([c for c in call_log.calls() if c["arguments"].get("service") == m]) == 1, "exactly once"


def test_a_client_that_cannot_open_urls_keeps_the_pending_handle(pl, call_log):
    alice = approver(pl)
    wf = workflow(pl, [alice])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    answer = modern_call(pl, pl.key, "fx__deploy", {"environment": "production", "service": m},
                         url_elicitation=False)["result"]
    assert answer.get("resultType", "complete") == "complete" and answer["isError"], answer
    assert "Approval required" in answer["content"][0]["text"]
    assert not call_log.contains(m)
