"""The audit trail proves it was not altered: records are chained and signed
checkpoints written; editing the database directly to remove, change,
reorder or insert a record is reported by `preloop audit verify` (API and
CLI, on the server and offline from an export) at the first record
concerned. Retention removes old records only under a signed checkpoint
that keeps the rest verifiable."""

import hashlib
import json
import os
import subprocess
import time

import pytest

from conftest import ADMIN_KEY, PRELOOP_BIN, marker, run_client, start_preloop

pytestmark = pytest.mark.native_only

STORES = ["sqlite", "postgres"]


def trail(store, tmp, upstream, calls=8, **env):
    p = start_preloop(store, tmp, env)
    p.add_server("fx", upstream.url)
    p.scan("fx")
    p.configure("fx__echo", [{"action": "allow"}])
    run_client("py1", p.mcp_url, p.key, [{"op": "call", "name": "fx__echo", "arguments": {"text": f"call {i}"}}
                                         for i in range(calls)])
    wait_signed(p)
    return p


def wait_signed(p, timeout=20):
    deadline = time.time() + timeout
    while True:
        report = p.ok("GET", "/api/v1/audit/verify")
        if report["head"] > 0 and report["signed_through"] == report["head"]:
            return report
        assert time.time() < deadline, report
        time.sleep(0.2)


def account(p):
    return p.audit(limit=1)[0]["account_id"]


def cli(p, *args):
    env = {**os.environ, "PRELOOP_URL": p.url, "PRELOOP_API_KEY": ADMIN_KEY}
    return subprocess.run([str(PRELOOP_BIN), "audit", *args], env=env, capture_output=True, text=True, timeout=60)


def problems(p):
    report = p.ok("GET", "/api/v1/audit/verify")
    assert not report["ok"]
    return report["problems"]


@pytest.mark.parametrize("store", STORES)
def test_an_untouched_trail_verifies_and_exports(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse)
    try:
        report = p.ok("GET", "/api/v1/audit/verify")
        assert report["ok"] and report["records"] >= 8 and report["checkpoints"] >= 1, report
        records = p.audit(limit=50)
        assert all(r["seq"] and r["content_hash"] for r in records if r["outcome"] != "pending")
        done = cli(p, "verify")
        assert done.returncode == 0 and "OK" in done.stdout, done.stdout + done.stderr
        # Offline, from an export, with the public key one trusts.
        key = p.ok("GET", "/api/v1/audit/checkpoints")["public_keys"][0]["key"]
        export = tmp_path / "trail.jsonl"
        assert cli(p, "export", "-o", str(export)).returncode == 0
        lines = [json.loads(line) for line in export.read_text().splitlines()]
        assert lines[0]["type"] == "preloop-audit-export"
        assert {line["type"] for line in lines[1:]} == {"checkpoint", "record"}
        offline = cli(p, "verify", "--file", str(export), "--public-key", key)
        assert offline.returncode == 0, offline.stdout + offline.stderr
        # A key that did not sign it does not vouch for it.
        stranger = cli(p, "verify", "--file", str(export), "--public-key", "11" * 32)
        assert stranger.returncode == 3 and "SIGNATURE" in stranger.stdout
        # An edited export is caught offline too.
        edited = [json.dumps({**line, "reason": "edited"}) if line.get("seq") == 2 else json.dumps(line) for line in lines]
        export.write_text("\n".join(edited) + "\n")
        tampered = cli(p, "verify", "--file", str(export), "--public-key", key)
        assert tampered.returncode == 3 and "CHANGED" in tampered.stdout
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_a_removed_record_is_found(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse)
    try:
        p.sql(f"DELETE FROM audit_events WHERE account_id = '{account(p)}' AND seq = 4")
        first = problems(p)[0]
        assert first["kind"] == "removed" and first["seq"] == 4, first
        assert cli(p, "verify").returncode == 3
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_a_changed_record_is_found(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse)
    try:
        acc = account(p)
        p.sql(f"UPDATE audit_events SET reason = 'nothing to see here' WHERE account_id = '{acc}' AND seq = 3")
        first = problems(p)[0]
        assert first["kind"] == "changed" and first["seq"] == 3, first
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_a_change_with_its_hash_recomputed_is_still_found(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse)
    try:
        acc = account(p)
        r = [e for e in p.audit(limit=50) if e["seq"] == 5][0]
        r["reason"] = "rewritten"
        fields = [r["id"], r["account_id"], r["request_id"], r["created_at"], r["api_key_id"], r["principal"],
                  r["server_id"], r["server_name"], r["tool"],
                  json.dumps(r["arguments"], separators=(",", ":"), ensure_ascii=False),
                  r["decision"], r["rule_id"], r["reason"], r["outcome"], r["error"], r["duration_ms"],
                  r["completed_at"], json.dumps(r["trace"], separators=(",", ":"), ensure_ascii=False) if r["trace"] else None,
                  r.get("instance_id")]
        digest = hashlib.sha256(b"preloop-audit-record-v1\n"
                                + json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
        p.sql(f"UPDATE audit_events SET reason = 'rewritten', content_hash = '{digest}' "
              f"WHERE account_id = '{acc}' AND seq = 5")
        first = problems(p)[0]
        assert first["seq"] == 5 and first["kind"] in ("reordered", "changed"), first
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_reordered_records_are_found(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse)
    try:
        acc = account(p)
        p.sql(f"UPDATE audit_events SET seq = -1 WHERE account_id = '{acc}' AND seq = 3")
        p.sql(f"UPDATE audit_events SET seq = 3 WHERE account_id = '{acc}' AND seq = 4")
        p.sql(f"UPDATE audit_events SET seq = 4 WHERE account_id = '{acc}' AND seq = -1")
        first = problems(p)[0]
        assert first["kind"] == "reordered" and first["seq"] == 3, first
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_an_inserted_record_is_found(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse)
    try:
        acc = account(p)
        p.sql("INSERT INTO audit_events (id, account_id, request_id, created_at, principal, tool, arguments, decision, "
              "reason, outcome) VALUES ('forged-1', '" + acc + "', 'r', 1, 'key:x', 'fx__echo', '{}', 'allow', "
              "'allowed', 'ok')")
        found = problems(p)
        assert any(f["kind"] == "inserted" and f["record_id"] == "forged-1" for f in found), found
        # Forged into a place in the chain, past its counter, it is found too.
        p.sql("UPDATE audit_events SET seq = 999 WHERE id = 'forged-1'")
        assert any(f["kind"] == "inserted" for f in problems(p))
    finally:
        p.stop()


@pytest.mark.parametrize("store", STORES)
def test_retention_purges_under_a_signed_checkpoint(store, tmp_path, upstream_sse):
    p = trail(store, tmp_path, upstream_sse, calls=6)
    try:
        before = p.ok("GET", "/api/v1/audit/verify")
        acc = account(p)
        # Make every record three days old (their hashes no longer match, but
        # they are about to go), then restart with a one-day retention.
        p.sql(f"UPDATE audit_events SET created_at = created_at - 3 * 86400000 WHERE account_id = '{acc}'")
        p.stop()
        again = start_preloop(store, tmp_path, {"PRELOOP_AUDIT_RETENTION_DAYS": "1",
                                                **({"DATABASE_URL": p.database_url} if p.database_url else {})})
        try:
            deadline = time.time() + 20
            while True:
                kinds = [c["kind"] for c in again.ok("GET", "/api/v1/audit/checkpoints")["checkpoints"]]
                if "purge" in kinds or time.time() > deadline:
                    break
                time.sleep(0.2)
            assert "purge" in kinds
            left = [r for r in again.audit(limit=500) if r["seq"] is not None and r["seq"] <= before["signed_through"]]
            assert left == [], "records up to the purge checkpoint are gone"
            report = again.ok("GET", "/api/v1/audit/verify")
            assert report["ok"], report
        finally:
            again.stop()
    finally:
        p.stop()
