"""Redaction that holds: a corpus of real-looking secrets, as field values
and inside text, goes through a real MCP call and an approval request with
a webhook; none of it reaches the audit trail, the approvers' copy or the
notification. Accounts add keys and patterns of their own."""

import json

import pytest

from conftest import marker, run_client
from test_approval_links import webhook
from test_approvals import approver, request_id, workflow

# Run natively and on the Spin application; not yet in workerd.
pytestmark = pytest.mark.not_on_workers("not yet run in workerd")

PEM = ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB\n"
       "AAAAMwAAAAtzc2gtZWQyNTUxOQAAACBq3T2Fz5yK8m9rXc0\n-----END OPENSSH PRIVATE KEY-----")

# (field name, value, the part that must not survive)
CORPUS = [
    ("pwd", "Tr0ub4dor&3-horse", "Tr0ub4dor&3-horse"),
    ("bearer", "abcDEF123456ghiJKLmno", "abcDEF123456ghiJKLmno"),
    ("auth", "s3cr3t-v4lue-9917", "s3cr3t-v4lue-9917"),
    ("private-key", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
    ("access-key", "wJalrXUtnFEMIK7MDENGbPxRfiCY2931", "wJalrXUtnFEMIK7MDENGbPxRfiCY2931"),
    ("pin", "482913", "482913"),
    ("note", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
     "dozjgNryP4J3jVmNHl0w5N"),
    ("header", "Basic dXNlcjpwYXNzd29yZDEyMw==", "dXNlcjpwYXNzd29yZDEyMw"),
    ("remote", "https://deploy:Sup3rS3cretPw@git.example.com/repo.git", "Sup3rS3cretPw"),
    ("key_file", PEM, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"),
    ("cmd", "curl https://api.example.com/v1?token=tok_5f4dcc3b5aa765d61d83&x=1", "tok_5f4dcc3b5aa765d61d83"),
    ("text", "login with password=correct-horse-battery-9 please", "correct-horse-battery-9"),
    ("gh", "ghp_1234567890abcdefghijklmnopqrstuvwxyz", "ghp_1234567890abcdefghijklmnopqrstuvwxyz"),
    ("aws", "AKIAIOSFODNN7EXAMPLQ", "AKIAIOSFODNN7EXAMPLQ"),
    ("slack", "xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"),
    ("stripe", "sk_live_51HqLyjWDarjtT1zdp7dcXyZ", "sk_live_51HqLyjWDarjtT1zdp7dcXyZ"),
    ("openai", "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD", "abcdefghijklmnopqrstuvwxyz0123456789ABCD"),
    ("google", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "AIzaSyA1234567890abcdefghijklmnopqrstuv"),
]


def leaked(text: str) -> list[str]:
    return [name for name, _, secret in CORPUS if secret in text]


def test_no_secret_of_the_corpus_reaches_audit_approvals_or_webhooks(pl, http_sink):
    m = marker()
    # As fields of the call, and all together inside one free-text field.
    args = {"environment": "prod", "service": m, "details": {name: value for name, value, _ in CORPUS},
            "log": "\n".join(f"{name}: {value}" for name, value, _ in CORPUS[6:])}
    pl.configure("fx__echo", [{"action": "allow"}])
    run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__echo",
                                             "arguments": {"text": m, "extra": args}}])
    # (echo refuses extra arguments; what matters is what was recorded)
    recorded = [r for r in pl.audit(tool="fx__echo", limit=50) if r["arguments"].get("text") == m]
    assert recorded, "the call was audited"
    assert leaked(json.dumps(recorded)) == []

    alice = approver(pl)
    webhook(pl, http_sink, f"/hook/{m}")
    wf = workflow(pl, [alice], notification_channels=["webhook"], justification="optional")
    pl.configure("fx__deploy", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    out = run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__deploy", "arguments": {
        **args, "justification": "rotating: the old key was password=Tr0ub4dor&3-horse"}}])
    rid = request_id(out["results"][0]["text"])
    request = pl.ok("GET", f"/api/v1/approval-requests/{rid}")
    assert leaked(json.dumps(request)) == []
    assert "[REDACTED" in json.dumps(request["arguments"])
    note = http_sink.wait_for(lambda r: r["path"] == f"/hook/{m}")[0]
    assert leaked(json.dumps(note["body"])) == []
    assert leaked(json.dumps(pl.audit(tool="fx__deploy", limit=50))) == []
    # What is not secret stays readable for the people deciding.
    assert request["arguments"]["service"] == m and request["arguments"]["details"]["pwd"] == "[REDACTED]"
    assert "git.example.com" in request["arguments"]["details"]["remote"]
    # The approved call would still run with the real values (sealed).
    assert pl.api("POST", f"/api/v1/approval-requests/{rid}/cancel").status_code == 200


def test_accounts_add_their_own_keys_and_patterns(pl):
    try:
        settings = pl.ok("PUT", "/api/v1/settings",
                         json={"redaction": {"keys": ["employee-id"], "patterns": ["ACME-[0-9]{6}"]}})
        assert settings["redaction"]["patterns"] == ["ACME-[0-9]{6}"]
        pl.configure("fx__echo", [{"action": "allow"}])
        m = marker()
        run_client("py1", pl.mcp_url, pl.key, [{"op": "call", "name": "fx__echo",
                                                 "arguments": {"text": f"{m} ticket ACME-123456", "employee_id": "E-77"}}])
        rec = [r for r in pl.audit(tool="fx__echo", limit=20) if m in r["arguments"].get("text", "")][0]
        assert rec["arguments"]["text"] == f"{m} ticket [REDACTED]"
        assert rec["arguments"]["employee_id"] == "[REDACTED]"
        bad = pl.api("PUT", "/api/v1/settings", json={"redaction": {"patterns": ["((a{100}){100}){10}"]}})
        assert bad.status_code == 400
    finally:
        pl.ok("PUT", "/api/v1/settings", json={"redaction": {"keys": [], "patterns": []}})
