"""Approvals with people in the loop the way they are in production: the
agent's call is held open (with progress) while approvers are notified
through real sinks (an SMTP server, HTTP receivers that check signatures),
decide through their token links as a separate process, and the call
returns the upstream's result. Time-driven work (escalation, expiry) is done
by the scheduled handler with nobody polling."""

import json
import re
import subprocess
import time

import httpx
import pytest
from conftest import (PY2, ROOT, SINK_SECRET, finish_client, marker, run_client, start_client,
                      start_preloop, stop)
from test_approvals import approver, request_id, workflow

# Not yet in workerd: no cron fires under `wrangler dev` (escalation,
# expiry), and the approval-page Worker run beside the queue's consumer
# answered 503 on a decision (a workerd internal error; open). The Spin
# application runs them, its cron driven by the harness. Mail over SMTP is
# the native host's: the edge mails through an HTTP API.
pytestmark = pytest.mark.not_on_workers("no cron under wrangler dev; the approval-page Worker's 503")
SMTP = pytest.mark.native_only

APPROVER = ROOT / "tests" / "approver" / "approve_by_link.py"


def by_link(url: str, decision: str, comment: str = "") -> dict:
    """Decides as a separate process, through the link's HTML form."""
    done = subprocess.run([str(PY2), str(APPROVER), url, decision, comment],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def channel(pl, kind: str, config: dict) -> dict:
    return pl.ok("POST", "/api/v1/notification-channels",
                 json={"kind": kind, "name": f"{kind}-{marker()}", "config": config})


def webhook(pl, sink, path: str) -> dict:
    return channel(pl, "webhook", {"url": f"{sink.url}{path}", "secret": SINK_SECRET})


def smtp(pl, sink) -> dict:
    return channel(pl, "email", {"from": "preloop@example.com",
                                 "smtp": {"host": "127.0.0.1", "port": sink.port, "security": "none"}})


def links_in(text: str) -> list[str]:
    return re.findall(r"(http://\S+/approval/\S+\?token=pla_[0-9a-f]+)", text)


def test_held_call_approved_through_the_token_link(pl, http_sink, call_log):
    alice = approver(pl)
    m = marker()
    webhook(pl, http_sink, f"/hook/{m}")
    wf = workflow(pl, [alice], notification_channels=["webhook"], async_approval=False)
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"],
                                 "description": "production deploys need a human"}])
    client = start_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "production", "service": m}, "progress": True}])

    note = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}" and r["body"]["event"] == "approval.requested")[0]
    assert note["signature_valid"], "the receiver verified Preloop's HMAC signature"
    body = note["body"]
    assert body["request"]["tool"] == "fx__deploy" and body["request"]["arguments"]["service"] == m
    assert [a["user_id"] for a in body["approvers"]] == [alice[0]["id"]]
    rid, link = body["request"]["id"], body["approvers"][0]["url"]
    time.sleep(1.0)  # the client is still waiting, and hears about it
    assert client.poll() is None and not call_log.contains(m)

    decided = by_link(link, "approve", "ship it")
    page = decided["page"]
    assert decided["page_status"] == 200
    for fact in ("fx__deploy", m, "production deploys need a human", alice[0]["name"], "Time left", "0 of 1"):
        assert fact in page, fact
    assert "<script" not in page and 'name="viewport"' in page
    assert decided["answer_status"] == 200 and "Approved" in decided["answer"]

    result = finish_client(client)["results"][0]
    assert not result["isError"] and result["text"] == f"deployed {m} to production"
    assert result["progress"], "progress notifications while held"
    assert f"request {rid}" in result["progress"][0]["message"]
    runs = [c for c in call_log.calls() if c["arguments"].get("service") == m]
    assert len(runs) == 1

    # The link died with the decision: a replay gets the missing-request answer.
    replay = httpx.post(decided["action"], data={"decision": "approve"})
    again = httpx.get(link)
    nothing = httpx.get(f"{pl.url}/approval/NO-SUCH-REQUEST?token=" + link.split("token=")[1])
    assert replay.status_code == again.status_code == nothing.status_code == 404
    assert again.text == nothing.text
    outcome = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}" and r["body"]["event"] == "approval.approved")[0]
    assert outcome["signature_valid"]
    seen = pl.ok("GET", f"/api/v1/approval-requests/{rid}")
    assert [(e["kind"], e["actor"]) for e in seen["events"]] == [
        ("created", seen["principal"]), ("voted", alice[0]["id"]), ("approved", alice[0]["id"])]
    trail = [e["outcome"] for e in pl.audit(tool="fx__deploy") if e["arguments"].get("service") == m]
    assert sorted(trail) == ["approval_approved", "approval_created", "approval_voted", "ok", "pending_approval"], "every transition is audited"


def test_wrong_missing_and_replayed_tokens_all_look_like_no_request(pl, http_sink):
    bob = approver(pl)
    m = marker()
    webhook(pl, http_sink, f"/hook/{m}")
    wf = workflow(pl, [bob], notification_channels=["webhook"], justification="optional")
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    out = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy",
                     "arguments": {"environment": "prod", "service": m, "justification": "rollback of #42"}}])
    rid = request_id(out["results"][0]["text"])
    link = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}")[0]["body"]["approvers"][0]["url"]
    base, token = link.split("?token=")

    data = httpx.get(f"{base}/data", params={"token": token})
    assert data.status_code == 200
    facts = data.json()
    assert facts["id"] == rid and facts["justification"] == "rollback of #42" and facts["approver"]["id"] == bob[0]["id"]
    assert "justification" not in facts["arguments"] and facts["seconds_left"] > 0
    page = httpx.get(link)
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"

    wrong = httpx.get(base, params={"token": "pla_" + "0" * 64})
    missing = httpx.get(f"{pl.url}/approval/NOPE", params={"token": token})
    bare = httpx.get(base)
    assert wrong.status_code == missing.status_code == bare.status_code == 404
    assert wrong.text == missing.text == bare.text
    wrong_data = httpx.get(f"{base}/data", params={"token": "x"})
    missing_data = httpx.get(f"{pl.url}/approval/NOPE/data", params={"token": token})
    assert wrong_data.status_code == missing_data.status_code == 404 and wrong_data.json() == missing_data.json()
    assert httpx.post(f"{base}/decide", params={"token": "x"}, json={"decision": "approve"}).status_code == 404

    declined = httpx.post(f"{base}/decide", params={"token": token}, json={"decision": "decline", "comment": "not during the freeze"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    replay = httpx.post(f"{base}/decide", params={"token": token}, json={"decision": "approve"})
    assert replay.status_code == 404 and replay.json() == missing_data.json()
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["isError"] and "not during the freeze" in status["results"][0]["text"]


@SMTP
def test_quorum_two_through_each_approvers_own_email(pl, smtp_sink, call_log):
    a, b = approver(pl), approver(pl)
    smtp(pl, smtp_sink)
    wf = workflow(pl, [a, b], approvals_required=2, notification_channels=["email"])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    rid = request_id(out["results"][0]["text"])
    mails = smtp_sink.wait_for(lambda r: f"/approval/{rid}?" in r["text"], count=2)
    by_person = {r["rcpt_tos"][0]: r for r in mails}
    assert set(by_person) == {a[0]["email"], b[0]["email"]}
    assert all(r["subject"] == "Approval needed: fx__deploy" and m in r["text"] for r in mails)
    link_a, link_b = (links_in(by_person[p[0]["email"]]["text"])[0] for p in (a, b))
    assert link_a != link_b

    first = by_link(link_a, "approve")
    assert "1 of 2" in first["answer"]
    twice = by_link(link_a, "approve")
    assert "1 of 2" in twice["answer"] and "already voted" in twice["page"], "one person twice counts once"
    assert not call_log.contains(m)
    assert pl.ok("GET", f"/api/v1/approval-requests/{rid}")["status"] == "pending"
    assert by_link(link_b, "approve")["answer_status"] == 200
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["text"] == f"deployed {m} to prod"
    votes = pl.ok("GET", f"/api/v1/approval-requests/{rid}")["votes"]
    assert sorted(v["user_id"] for v in votes) == sorted([a[0]["id"], b[0]["id"]])


@SMTP
def test_escalation_reaches_the_escalation_approvers_with_nobody_polling(pl, smtp_sink, http_sink, call_log):
    first, second = approver(pl), approver(pl)
    m = marker()
    smtp(pl, smtp_sink)
    webhook(pl, http_sink, f"/hook/{m}")
    wf = workflow(pl, [first], notification_channels=["email", "webhook"], timeout_seconds=3600,
                  escalation={"after_seconds": 60, "user_ids": [second[0]["id"]]})
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    rid = request_id(out["results"][0]["text"])
    smtp_sink.wait_for(lambda r: r["rcpt_tos"] == [first[0]["email"]] and rid in r["text"])
    assert not [r for r in smtp_sink.records() if r["rcpt_tos"] == [second[0]["email"]] and rid in r["text"]]

    pl.sql(f"UPDATE approval_requests SET escalate_at = 1 WHERE id = '{rid}'")  # the delay has passed
    mail = smtp_sink.wait_for(lambda r: r["rcpt_tos"] == [second[0]["email"]] and rid in r["text"])[0]
    assert mail["subject"] == "Escalated approval needed: fx__deploy"
    http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}" and r["body"]["event"] == "approval.escalated")
    assert len([r for r in smtp_sink.records() if r["rcpt_tos"] == [first[0]["email"]] and rid in r["text"]]) == 1, \
        "the first round is not paged again"

    assert by_link(links_in(mail["text"])[0], "approve", "covering for the on-call")["answer_status"] == 200
    seen = pl.ok("GET", f"/api/v1/approval-requests/{rid}")
    assert [e["kind"] for e in seen["events"]] == ["created", "escalated", "voted", "approved"]
    chain = sorted(e["outcome"] for e in pl.audit(tool="fx__deploy") if e["request_id"] == rid)
    assert chain == ["approval_approved", "approval_created", "approval_escalated", "approval_voted"], "the whole chain is audited"
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["text"] == f"deployed {m} to prod"


def test_expiry_is_applied_by_the_scheduler(pl, http_sink, call_log):
    a = approver(pl)
    m = marker()
    webhook(pl, http_sink, f"/hook/{m}")
    wf = workflow(pl, [a], notification_channels=["webhook"])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    rid = request_id(out["results"][0]["text"])
    link = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}")[0]["body"]["approvers"][0]["url"]
    pl.sql(f"UPDATE approval_requests SET expires_at = 1 WHERE id = '{rid}'")  # its time is up
    # Nobody reads the request: the scheduled handler expires it and says so.
    expired = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}" and r["body"]["event"] == "approval.expired")[0]
    assert expired["signature_valid"] and expired["body"]["request"]["id"] == rid
    assert httpx.get(link).status_code == 404, "the link died with the request"
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["isError"] and "expired" in status["results"][0]["text"]
    assert [e["kind"] for e in pl.ok("GET", f"/api/v1/approval-requests/{rid}")["events"]] == ["created", "expired"]
    expiry = [e for e in pl.audit(tool="fx__deploy") if e["outcome"] == "approval_expired" and e["request_id"] == rid]
    assert len(expiry) == 1 and expiry[0]["principal"] == "preloop:time"
    assert not call_log.contains(m)


@SMTP
def test_every_channel_kind_delivers_and_failures_are_retried(pl, http_sink, smtp_sink):
    a = approver(pl)
    m = marker()
    channels = [
        channel(pl, "slack", {"webhook_url": f"{http_sink.url}/fail-1/slack/{m}"}),
        channel(pl, "mattermost", {"webhook_url": f"{http_sink.url}/mattermost/{m}", "channel": "ops"}),
        channel(pl, "push", {"url": f"{http_sink.url}/push/{m}", "api_key": "push-key-secret-1"}),
        channel(pl, "email", {"from": "preloop@example.com", "http_api": {"url": f"{http_sink.url}/mail/{m}", "api_key": "mail-key-secret-1"}}),
        smtp(pl, smtp_sink),
    ]
    listed = json.dumps(pl.ok("GET", "/api/v1/notification-channels"))
    assert "push-key-secret-1" not in listed and "mail-key-secret-1" not in listed and f"/slack/{m}" not in listed
    wf = workflow(pl, [a], notification_channels=["slack", "mattermost", "push", "email"])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    rid = request_id(out["results"][0]["text"])

    slack = http_sink.wait_for(lambda r: r["path"] == f"/fail-1/slack/{m}", count=2)
    assert [r["status"] for r in slack] == [500, 200], "retried after the receiver failed"
    assert f"/approval/{rid}?token=pla_" in slack[1]["body"]["text"] and f"|Review as {a[0]['name']}>" in slack[1]["body"]["text"]
    mm = http_sink.wait_for(lambda r: r["path"] == f"/mattermost/{m}")[0]["body"]
    assert mm["channel"] == "ops" and f"[Review as {a[0]['name']}](" in mm["text"] and "fx__deploy" in mm["text"]
    push = http_sink.wait_for(lambda r: r["path"] == f"/push/{m}")[0]
    assert push["headers"]["authorization"] == "Bearer push-key-secret-1"
    assert push["body"]["user_id"] == a[0]["id"] and f"/approval/{rid}?token=" in push["body"]["url"]
    mail = http_sink.wait_for(lambda r: r["path"] == f"/mail/{m}")[0]
    assert mail["headers"]["authorization"] == "Bearer mail-key-secret-1"
    assert mail["body"]["to"] == [a[0]["email"]] and mail["body"]["subject"] == "Approval needed: fx__deploy"
    smtp_sink.wait_for(lambda r: r["rcpt_tos"] == [a[0]["email"]] and rid in r["text"])

    deadline = time.time() + 20
    while True:
        deliveries = pl.ok("GET", "/api/v1/notification-deliveries", params={"request_id": rid})["notification_deliveries"]
        if all(d["status"] == "delivered" for d in deliveries) or time.time() > deadline:
            break
        time.sleep(0.2)
    assert sorted(d["kind"] for d in deliveries) == ["email", "email", "mattermost", "push", "slack"]
    assert all(d["status"] == "delivered" for d in deliveries), deliveries
    slack_delivery = next(d for d in deliveries if d["kind"] == "slack")
    assert slack_delivery["attempts"] == 2 and slack_delivery["last_status"] == 200
    assert "payload" not in json.dumps(deliveries) and "token=" not in json.dumps(deliveries)
    pl.ok("PATCH", f"/api/v1/notification-channels/{channels[0]['id']}", json={"enabled": False})
    assert pl.ok("GET", f"/api/v1/notification-channels/{channels[0]['id']}")["enabled"] is False


def test_arguments_changed_after_approval_are_refused(pl, call_log):
    a = approver(pl)
    wf = workflow(pl, [a])
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m1, m2 = marker(), marker()
    out = run_client("py1", pl.mcp_url, pl.key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m1}},
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m2}}])
    r1, r2 = (request_id(r["text"]) for r in out["results"])
    pl.ok("POST", f"/api/v1/approval-requests/{r1}/approve", key=a[1])
    # Someone with access to the store swaps in other (validly sealed) arguments.
    pl.sql(f"UPDATE approval_requests SET arguments_enc = (SELECT arguments_enc FROM approval_requests WHERE id = '{r2}') WHERE id = '{r1}'")
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": r1}}])
    assert status["results"][0]["isError"] and "not the ones that were approved" in status["results"][0]["text"]
    # Calling again with other arguments opens a new request; the approval is not reused.
    again = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "staging", "service": m1}}])
    assert "Approval required" in again["results"][0]["text"] and request_id(again["results"][0]["text"]) not in (r1, r2)
    assert not call_log.contains(m1) and not call_log.contains(m2)
    assert any(e["outcome"] == "denied" and r1 in (e.get("reason") or "") for e in pl.audit(tool="fx__deploy"))


def test_request_approval_for_an_operation_the_agent_describes(pl):
    a = approver(pl)
    wf = workflow(pl, [a])
    out = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": "request_approval", "arguments": {
        "operation": "rotate the production database password", "details": {"db": "main"},
        "justification": "quarterly rotation", "workflow": wf["name"]}}])
    rid = request_id(out["results"][0]["text"])
    seen = pl.ok("GET", f"/api/v1/approval-requests/{rid}", key=a[1])
    assert seen["tool"] == "request_approval" and seen["arguments"]["operation"].startswith("rotate")
    assert seen["justification"] == "quarterly rotation"
    pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=a[1], json={"comment": "go ahead"})
    status = run_client("ts", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    text = status["results"][0]["text"]
    assert not status["results"][0]["isError"] and "may proceed" in text and "go ahead" in text


def test_cancel_and_justification_in_the_schema(pl):
    a = approver(pl)
    wf = workflow(pl, [a], justification="required")
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    sid = pl.session()
    listed = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid}).json()
    schema = next(t for t in listed["result"]["tools"] if t["name"] == "fx__deploy")["inputSchema"]
    assert "justification" in schema["properties"] and "justification" in schema["required"]
    other = next(t for t in listed["result"]["tools"] if t["name"] == "fx__echo")["inputSchema"]
    assert "justification" not in other.get("properties", {})
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy",
                     "arguments": {"environment": "x", "service": "y", "justification": "test"}}])
    rid = request_id(out["results"][0]["text"])
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/cancel", key=a[1]).status_code == 403
    assert pl.ok("POST", f"/api/v1/approval-requests/{rid}/cancel")["status"] == "cancelled"
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["isError"] and "cancelled" in status["results"][0]["text"]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def short_hold(request, tmp_path_factory, upstream_sse):
    p = start_preloop(request.param, tmp_path_factory.mktemp(f"short-hold-{request.param}"),
                      {"PRELOOP_APPROVAL_HOLD_MS": "1500"})
    p.add_server("fx", upstream_sse.url)
    p.scan("fx")
    yield p
    stop(p.proc)


@pytest.fixture(scope="module")
def slow_scheduler(tmp_path_factory):
    p = start_preloop("sqlite", tmp_path_factory.mktemp("slow-scheduler"),
                      {"PRELOOP_SCHEDULER_INTERVAL_MS": "3600000"})
    yield p
    stop(p.proc)


def approval_with_webhook(pl, sink, timeout: float):
    """An agent asks for approval under a workflow that notifies a webhook;
    returns the approver, the request id and the webhook's record, once it
    arrives within `timeout` seconds."""
    a = approver(pl)
    m = marker()
    webhook(pl, sink, f"/hook/{m}")
    wf = workflow(pl, [a], notification_channels=["webhook"])
    out = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": "request_approval", "arguments": {
        "operation": f"rotate the {m} credentials", "workflow": wf["name"]}}])
    rid = request_id(out["results"][0]["text"])
    note = sink.wait_for(lambda r: r["path"] == f"/hook/{m}", timeout=timeout)[0]
    return a, rid, note


def test_queued_notifications_wake_the_scheduler(slow_scheduler, http_sink):
    # The scheduler's next run is an hour away: the notification goes out
    # now only because queuing it woke the scheduler.
    _, rid, note = approval_with_webhook(slow_scheduler, http_sink, timeout=10)
    assert note["body"]["event"] == "approval.requested" and note["body"]["request"]["id"] == rid


def test_past_the_hold_the_call_returns_a_pending_handle(short_hold, call_log):
    pl = short_hold
    a = approver(pl)
    wf = workflow(pl, [a], async_approval=False)
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    started = time.time()
    out = run_client("py2", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])
    held = time.time() - started
    assert out["results"][0]["isError"] and "Approval required" in out["results"][0]["text"]
    assert held >= 1.4, f"held {held:.1f}s"
    rid = request_id(out["results"][0]["text"])
    pl.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=a[1])
    status = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])
    assert status["results"][0]["text"] == f"deployed {m} to prod"


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_page_works_in_a_real_browser_on_a_phone_screen(pl, http_sink, tmp_path):
    a = approver(pl)
    m = marker()
    webhook(pl, http_sink, f"/hook/{m}")
    wf = workflow(pl, [a], notification_channels=["webhook"], justification="optional")
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy",
               "arguments": {"environment": "production", "service": m, "justification": "a long reason " * 20}}])
    link = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}")[0]["body"]["approvers"][0]["url"]
    browser = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--window-size=390,844", "--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([*browser, "--dump-dom", link], capture_output=True, text=True, timeout=90)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert m in dom.stdout and 'value="approve"' in dom.stdout and 'value="decline"' in dom.stdout
    shot = tmp_path / "phone.png"
    done = subprocess.run([*browser, f"--screenshot={shot}", link], capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    assert png_size(shot) == (390, 844)
    # Viewing the page does not use up the link.
    assert httpx.get(link).status_code == 200
