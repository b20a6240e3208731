"""People sign in: registration, passwords, access and refresh tokens,
sign-out, throttling, and roles checked on every route."""

import time

import httpx
import pytest

from conftest import marker, start_instance, start_preloop, stop

PASSWORD = "correct horse battery"


def register(pl, email=None, password=PASSWORD):
    email = email or f"{marker()}@example.com"
    r = pl.http.post("/api/v1/auth/register", json={"email": email, "password": password, "name": "Owner"})
    assert r.status_code == 201, r.text
    return email, r.json()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def auth_events(pl, token):
    r = pl.http.get("/api/v1/audit", params={"tool": "preloop:auth"}, headers=bearer(token))
    assert r.status_code == 200, r.text
    return r.json()["events"]


def test_registering_makes_an_account_whose_owner_is_signed_in(pl):
    email, reg = register(pl)
    assert reg["user"]["role"] == "owner" and reg["token_type"] == "Bearer" and reg["expires_in"] == 900
    assert reg["refresh_token"].startswith("plr_") and reg["access_token"].count(".") == 2
    me = pl.http.get("/api/v1/auth/me", headers=bearer(reg["access_token"])).json()
    assert me["role"] == "owner" and me["user"]["email"] == email and me["credential"]["kind"] == "session"
    # A browser session manages and decides; it never calls tools.
    assert "servers.write" in me["permissions"] and "tools.call" not in me["permissions"]
    # Its own account: empty, and nothing of the deployment's first account.
    servers = pl.http.get("/api/v1/mcp-servers", headers=bearer(reg["access_token"]))
    assert servers.status_code == 200 and servers.json()["mcp_servers"] == []
    assert pl.ok("GET", "/api/v1/mcp-servers")["mcp_servers"] != []
    # The same email cannot register twice.
    again = pl.http.post("/api/v1/auth/register", json={"email": email.upper(), "password": PASSWORD})
    assert again.status_code == 409
    # An access token is for the API, not for the MCP endpoint.
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key=reg["access_token"])
    assert r.status_code == 401
    assert [e["outcome"] for e in auth_events(pl, reg["access_token"])] == ["registered"]


def test_password_sign_in_json_and_form_and_wrong_passwords(pl):
    email, reg = register(pl)
    r = pl.http.post("/api/v1/auth/token", json={"username": email, "password": PASSWORD})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store", r.text
    form = pl.http.post("/api/v1/auth/token", data={"grant_type": "password", "username": email.upper(), "password": PASSWORD})
    assert form.status_code == 200, form.text
    token = form.json()["access_token"]
    assert pl.http.get("/api/v1/auth/me", headers=bearer(token)).json()["user"]["email"] == email
    wrong = pl.http.post("/api/v1/auth/token", json={"username": email, "password": "not the password"})
    assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "wrong email or password"
    # An unknown email is told the same.
    unknown = pl.http.post("/api/v1/auth/token", json={"username": f"{marker()}@example.com", "password": PASSWORD})
    assert unknown.status_code == 401 and unknown.json()["error"]["message"] == "wrong email or password"
    outcomes = [e["outcome"] for e in auth_events(pl, token)]
    assert outcomes.count("signed_in") == 2 and outcomes.count("sign_in_failed") == 1, outcomes
    failed = next(e for e in auth_events(pl, token) if e["outcome"] == "sign_in_failed")
    assert failed["decision"] == "deny" and PASSWORD not in str(failed) and "not the password" not in str(failed)


def test_refresh_tokens_rotate_and_a_reused_one_ends_the_session(pl):
    _, reg = register(pl)
    first = reg["refresh_token"]
    r = pl.http.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["refresh_token"] != first
    assert pl.http.get("/api/v1/auth/me", headers=bearer(second["access_token"])).status_code == 200
    # The used token again: someone holds a copy, so the whole session ends.
    replay = pl.http.post("/api/v1/auth/refresh", data={"grant_type": "refresh_token", "refresh_token": first})
    assert replay.status_code == 401 and "already used" in replay.json()["error"]["message"]
    assert pl.http.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401
    assert pl.http.get("/api/v1/auth/me", headers=bearer(second["access_token"])).status_code == 401
    assert pl.http.get("/api/v1/auth/me", headers=bearer(reg["access_token"])).status_code == 401
    # Garbage is simply invalid.
    assert pl.http.post("/api/v1/auth/refresh", json={"refresh_token": "plr_nothing"}).status_code == 401


def test_signing_out_ends_the_session_at_once(pl):
    email, reg = register(pl)
    other = pl.http.post("/api/v1/auth/token", json={"username": email, "password": PASSWORD}).json()
    out = pl.http.post("/api/v1/auth/logout", json={"refresh_token": reg["refresh_token"]})
    assert out.status_code == 204
    assert pl.http.get("/api/v1/auth/me", headers=bearer(reg["access_token"])).status_code == 401
    assert pl.http.post("/api/v1/auth/refresh", json={"refresh_token": reg["refresh_token"]}).status_code == 401
    # Another session of the same person goes on; it can sign itself out
    # with its access token.
    assert pl.http.get("/api/v1/auth/me", headers=bearer(other["access_token"])).status_code == 200
    events = [e["outcome"] for e in auth_events(pl, other["access_token"])]
    assert pl.http.post("/api/v1/auth/logout", headers=bearer(other["access_token"])).status_code == 204
    assert pl.http.get("/api/v1/auth/me", headers=bearer(other["access_token"])).status_code == 401
    assert "signed_out" in events


def test_repeated_failures_lock_the_email_with_a_clear_message(pl):
    email, reg = register(pl)
    for _ in range(4):
        assert pl.http.post("/api/v1/auth/token", json={"username": email, "password": "guess"}).status_code == 401
    locked = pl.http.post("/api/v1/auth/token", json={"username": email, "password": "guess"})
    assert locked.status_code == 429, locked.text
    assert "locked" in locked.json()["error"]["message"] and int(locked.headers["retry-after"]) > 60
    # Even the right password waits out the lock.
    right = pl.http.post("/api/v1/auth/token", json={"username": email, "password": PASSWORD})
    assert right.status_code == 429
    outcomes = [e["outcome"] for e in auth_events(pl, reg["access_token"])]
    assert outcomes.count("sign_in_failed") == 4 and outcomes.count("locked_out") == 1, outcomes


@pytest.mark.not_on_workers("Cloudflare's edge sets cf-connecting-ip itself; wrangler dev passes a client's on")
def test_a_forged_address_header_does_not_dodge_the_address_throttle(pl, tmp_path):
    """Failed sign-ins count against the caller's address, whatever address
    its headers claim: Spin appends its own `spin-client-addr` after the
    request's headers, and the one a client sent comes first. Once the
    address's limit is spent, the next sign-in is refused."""
    # An instance of its own: the lock would keep every other test out.
    fresh = start_instance(pl.store, tmp_path)
    try:
        answers = []
        for i in range(25):
            r = fresh.http.post("/api/v1/auth/token",
                                json={"username": f"nobody-{marker()}@example.com", "password": "guess"},
                                headers={"spin-client-addr": f"203.0.113.{i}:4000", "x-forwarded-for": f"198.51.100.{i}"})
            answers.append(r.status_code)
        # Twenty failures per address (sign_in::MAX_ADDRESS_FAILURES), each
        # at a new email: the address is what locks.
        assert 429 in answers and answers.index(429) <= 20, answers
        assert set(answers[answers.index(429):]) == {429}, answers
        assert set(answers[:answers.index(429)]) == {401}, answers
    finally:
        fresh.stop()


def test_roles_bound_keys_and_people(pl):
    """A viewer reads and changes nothing; a key never has more than its
    person; a person's role change reaches their keys at once, and is
    audited."""
    m = marker()
    person = pl.ok("POST", "/api/v1/users", json={"name": m, "email": f"{m}@example.com", "role": "viewer"})
    assert person["role"] == "viewer" and person["password_set"] is False
    # An admin key for a viewer is refused; a viewer key is not.
    wide = pl.api("POST", f"/api/v1/users/{person['id']}/api-keys", json={"name": "x", "role": "admin"})
    assert wide.status_code == 403 and "more rights than they do" in wide.json()["error"]["message"]
    key = pl.ok("POST", f"/api/v1/users/{person['id']}/api-keys", json={"name": "ro", "role": "viewer"})["key"]
    assert pl.api("GET", "/api/v1/mcp-servers", key=key).status_code == 200
    denied = pl.api("POST", "/api/v1/mcp-servers", key=key, json={"name": "x", "url": "http://example.com"})
    assert denied.status_code == 403 and denied.json()["error"]["detail"]["required_permission"] == "servers.write"
    assert pl.api("GET", "/api/v1/api-keys", key=key).status_code == 403
    assert pl.api("GET", "/api/v1/audit/export", key=key).status_code == 403
    # Made an auditor, the person may export; their viewer key still not
    # (a key acts in its own role, within its person's).
    pl.ok("PATCH", f"/api/v1/users/{person['id']}", json={"role": "auditor"})
    assert pl.api("GET", "/api/v1/audit/export", key=key).status_code == 403
    # Demoted below a key's role: the key loses what the person lost.
    admin_person = pl.ok("POST", "/api/v1/users", json={"name": f"a{m}", "email": f"a{m}@example.com", "role": "admin"})
    admin_key = pl.ok("POST", f"/api/v1/users/{admin_person['id']}/api-keys", json={"name": "desk", "role": "admin"})["key"]
    assert pl.api("GET", "/api/v1/api-keys", key=admin_key).status_code == 200
    pl.ok("PATCH", f"/api/v1/users/{admin_person['id']}", json={"role": "viewer"})
    assert pl.api("GET", "/api/v1/api-keys", key=admin_key).status_code == 403
    assert pl.api("GET", "/api/v1/mcp-servers", key=admin_key).status_code == 200
    # Scopes narrow a key below its role, and never widen it.
    scoped = pl.ok("POST", "/api/v1/api-keys", json={"name": "ro", "role": "admin", "scopes": ["servers.read"]})
    assert scoped["scopes"] == ["servers.read"]
    assert pl.api("GET", "/api/v1/mcp-servers", key=scoped["key"]).status_code == 200
    assert pl.api("GET", "/api/v1/tool-configurations", key=scoped["key"]).status_code == 403
    assert pl.api("POST", "/api/v1/api-keys", json={"name": "w", "role": "viewer", "scopes": ["servers.write"]}).status_code == 400
    assert pl.api("POST", "/api/v1/api-keys", json={"name": "w", "role": "viewer", "scopes": ["servers.rm"]}).status_code == 400
    # A team grants its role to its members' keys.
    team = pl.ok("POST", "/api/v1/teams", json={"name": f"t{m}", "member_ids": [admin_person["id"]], "role": "admin"})
    assert team["role"] == "admin"
    assert pl.api("GET", "/api/v1/api-keys", key=admin_key).status_code == 200
    pl.ok("PATCH", f"/api/v1/teams/{team['id']}", json={"role": None})
    assert pl.api("GET", "/api/v1/api-keys", key=admin_key).status_code == 403
    changes = pl.audit(tool="preloop:auth")
    about = [e for e in changes if e["outcome"] == "role_changed" and e["arguments"].get("user_id") == admin_person["id"] and "to" in e["arguments"]]
    assert [e["arguments"]["to"] for e in about] == ["viewer"], about
    assert any(e["outcome"] == "role_changed" and e["arguments"].get("team_id") == team["id"] for e in changes)
    joined = [e for e in changes if e["arguments"].get("change") == "joined" and e["arguments"].get("team_id") == team["id"]]
    assert [e["arguments"]["user_id"] for e in joined] == [admin_person["id"]], joined
    roles = pl.ok("GET", "/api/v1/roles")
    assert [r["role"] for r in roles["roles"]] == ["owner", "admin", "approver", "auditor", "viewer", "agent"]


def test_only_owners_make_owners_and_the_last_owner_stays(pl):
    email, reg = register(pl)
    token = reg["access_token"]
    owner_id = reg["user"]["id"]
    h = bearer(token)
    admin = pl.http.post("/api/v1/users", headers=h, json={"name": "Ann", "email": f"{marker()}@example.com", "role": "admin"}).json()
    last = pl.http.patch(f"/api/v1/users/{owner_id}", headers=h, json={"role": "admin"})
    assert last.status_code == 409 and "last owner" in last.json()["error"]["message"]
    # The owner makes Ann an owner; then the first owner may step down.
    assert pl.http.patch(f"/api/v1/users/{admin['id']}", headers=h, json={"role": "owner"}).status_code == 200
    assert pl.http.patch(f"/api/v1/users/{owner_id}", headers=h, json={"role": "admin"}).status_code == 200
    # Now an admin, they cannot make owners, nor an owner key to do it with.
    refused = pl.http.patch(f"/api/v1/users/{owner_id}", headers=h, json={"role": "owner"})
    assert refused.status_code == 403 and "only an owner" in refused.json()["error"]["message"]
    key = pl.http.post("/api/v1/api-keys", headers=h, json={"name": "k", "role": "owner"})
    assert key.status_code == 403 and "only an owner" in key.json()["error"]["message"]


@pytest.mark.native_only
def test_registration_can_be_turned_off(tmp_path):
    p = start_preloop("sqlite", tmp_path, {"REGISTRATION_ENABLED": "false"})
    try:
        r = p.http.post("/api/v1/auth/register", json={"email": "x@example.com", "password": PASSWORD})
        assert r.status_code == 403 and "REGISTRATION_ENABLED=false" in r.json()["error"]["message"]
    finally:
        p.stop()


def test_a_person_changes_their_own_password_and_their_other_sessions_end(pl):
    email, reg = register(pl)
    here = reg["access_token"]
    there = pl.http.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()
    change = lambda body, token=here: pl.http.post("/api/v1/auth/password", json=body, headers=bearer(token))  # noqa: E731
    wrong = change({"current_password": "not it at all", "new_password": "a brand new password"})
    assert wrong.status_code == 401, wrong.text
    assert change({"current_password": PASSWORD, "new_password": PASSWORD}).status_code == 400
    short = change({"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 400 and "at least" in short.json()["error"]["message"]
    assert change({"current_password": PASSWORD, "new_password": "a brand new password"}).status_code == 204
    # This session goes on; the other one ended; the new password signs in.
    assert pl.http.get("/api/v1/auth/me", headers=bearer(here)).status_code == 200
    assert pl.http.get("/api/v1/auth/me", headers=bearer(there["access_token"])).status_code == 401
    assert pl.http.post("/api/v1/auth/refresh", json={"refresh_token": there["refresh_token"]}).status_code == 401
    assert pl.http.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).status_code == 401
    assert pl.http.post("/api/v1/auth/token", json={"email": email, "password": "a brand new password"}).status_code == 200
    outcomes = [e["outcome"] for e in auth_events(pl, here)]
    assert "password_changed" in outcomes and "sign_in_failed" in outcomes
    # A key has no password to change.
    r = pl.http.post("/api/v1/auth/password", json={"current_password": "x", "new_password": "y" * 12}, headers=bearer(pl.key))
    assert r.status_code == 403
