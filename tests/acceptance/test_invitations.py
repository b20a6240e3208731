"""Invitations and password resets: one-time links that set a password,
mailed through the account's email channel."""

import re
import time

import pytest

from conftest import marker
from test_sign_in import PASSWORD, bearer, register

NEW_PASSWORD = "a new and longer passphrase"


def token_of(url: str) -> str:
    return url.split("token=", 1)[1]


def auth_outcomes(pl, token):
    events = pl.http.get("/api/v1/audit", params={"tool": "preloop:auth", "limit": 500}, headers=bearer(token)).json()["events"]
    return [e["outcome"] for e in events]


def test_an_invitation_sets_a_password_once_and_signs_in(pl):
    _, reg = register(pl)
    h = bearer(reg["access_token"])
    email = f"{marker()}@example.com"
    r = pl.http.post("/api/v1/invitations", headers=h, json={"email": email.upper(), "role": "auditor"})
    assert r.status_code == 201, r.text
    inv = r.json()
    assert inv["emailed"] is False and inv["invitation"]["email"] == email and inv["invitation"]["role"] == "auditor"
    assert inv["invitation_url"].startswith(f"{pl.url}/auth/invitation?token=pli_")
    listed = pl.http.get("/api/v1/invitations", headers=h).json()["invitations"]
    assert [i["id"] for i in listed] == [inv["invitation"]["id"]] and "token" not in str(listed)
    # The page the link opens.
    page = pl.http.get(inv["invitation_url"])
    assert page.status_code == 200 and email in page.text and page.headers["referrer-policy"] == "no-referrer"
    token = token_of(inv["invitation_url"])
    short = pl.http.post("/api/v1/auth/invitations/accept", json={"token": token, "password": "short"})
    assert short.status_code == 400
    accepted = pl.http.post("/api/v1/auth/invitations/accept", json={"token": token, "password": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    me = pl.http.get("/api/v1/auth/me", headers=bearer(accepted.json()["access_token"])).json()
    assert me["role"] == "auditor" and me["user"]["email"] == email and me["user"]["password_set"] is True
    # Once only.
    again = pl.http.post("/api/v1/auth/invitations/accept", json={"token": token, "password": PASSWORD})
    assert again.status_code == 401 and "not valid" in again.json()["error"]["message"]
    assert pl.http.get(inv["invitation_url"]).status_code == 401
    assert pl.http.get("/api/v1/invitations", headers=h).json()["invitations"] == []
    # Someone who signs in cannot be invited again.
    assert pl.http.post("/api/v1/invitations", headers=h, json={"email": email}).status_code == 409
    outcomes = auth_outcomes(pl, reg["access_token"])
    assert "invited" in outcomes and "invitation_accepted" in outcomes


def test_withdrawn_and_expired_invitations_are_dead(pl):
    _, reg = register(pl)
    h = bearer(reg["access_token"])
    first = pl.http.post("/api/v1/invitations", headers=h, json={"email": f"{marker()}@example.com"}).json()
    assert pl.http.delete(f"/api/v1/invitations/{first['invitation']['id']}", headers=h).status_code == 204
    r = pl.http.post("/api/v1/auth/invitations/accept", json={"token": token_of(first["invitation_url"]), "password": PASSWORD})
    assert r.status_code == 401
    # A second invitation to the same person replaces the first.
    email = f"{marker()}@example.com"
    one = pl.http.post("/api/v1/invitations", headers=h, json={"email": email}).json()
    two = pl.http.post("/api/v1/invitations", headers=h, json={"email": email}).json()
    assert one["invitation"]["user_id"] == two["invitation"]["user_id"]
    assert pl.http.post("/api/v1/auth/invitations/accept", json={"token": token_of(one["invitation_url"]), "password": PASSWORD}).status_code == 401
    pl.sql(f"UPDATE auth_tickets SET expires_at = 0 WHERE id = '{two['invitation']['id']}'")
    assert pl.http.post("/api/v1/auth/invitations/accept", json={"token": token_of(two["invitation_url"]), "password": PASSWORD}).status_code == 401
    # A viewer cannot invite; an admin cannot invite an owner.
    viewer = pl.http.post("/api/v1/users", headers=h, json={"name": "v", "email": f"{marker()}@example.com", "role": "viewer"}).json()
    vkey = pl.http.post(f"/api/v1/users/{viewer['id']}/api-keys", headers=h, json={"name": "v", "role": "viewer"}).json()["key"]
    assert pl.http.post("/api/v1/invitations", headers=bearer(vkey), json={"email": f"{marker()}@example.com"}).status_code == 403


def test_a_reset_link_through_its_page_ends_every_session(pl):
    email, reg = register(pl)
    h = bearer(reg["access_token"])
    admin = pl.http.post("/api/v1/users", headers=h, json={"name": "a", "email": f"{marker()}@example.com", "role": "admin"}).json()
    akey = pl.http.post(f"/api/v1/users/{admin['id']}/api-keys", headers=h, json={"name": "a", "role": "admin"}).json()["key"]
    # An admin cannot take over the owner's sign-in.
    refused = pl.http.post(f"/api/v1/users/{reg['user']['id']}/password-reset", headers=bearer(akey))
    assert refused.status_code == 403
    link = pl.http.post(f"/api/v1/users/{reg['user']['id']}/password-reset", headers=h)
    assert link.status_code == 201, link.text
    url = link.json()["reset_url"]
    assert "/auth/reset-password?token=pli_" in url
    page = pl.http.get(url)
    assert page.status_code == 200 and "<form" in page.text and page.headers["x-frame-options"] == "DENY"
    token = token_of(url)
    differ = pl.http.post("/auth/reset-password", data={"token": token, "password": NEW_PASSWORD, "again": "something else"})
    assert differ.status_code == 400 and "differ" in differ.text
    done = pl.http.post("/auth/reset-password", data={"token": token, "password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert done.status_code == 200 and "password is changed" in done.text
    assert pl.http.get("/api/v1/auth/me", headers=h).status_code == 401
    assert pl.http.post("/api/v1/auth/refresh", json={"refresh_token": reg["refresh_token"]}).status_code == 401
    assert pl.http.post("/api/v1/auth/token", json={"username": email, "password": PASSWORD}).status_code == 401
    fresh = pl.http.post("/api/v1/auth/token", json={"username": email, "password": NEW_PASSWORD})
    assert fresh.status_code == 200
    assert pl.http.post("/auth/reset-password", data={"token": token, "password": NEW_PASSWORD, "again": NEW_PASSWORD}).status_code == 401
    assert "password_reset" in auth_outcomes(pl, fresh.json()["access_token"])


@pytest.mark.native_only
def test_links_are_mailed_and_a_forgotten_password_is_reset_by_mail(pl, smtp_sink):
    email, reg = register(pl)
    h = bearer(reg["access_token"])
    r = pl.http.post("/api/v1/notification-channels", headers=h, json={
        "kind": "email", "name": "mail", "config": {"from": "preloop@example.com", "smtp": {"host": "127.0.0.1", "port": smtp_sink.port, "security": "none"}}})
    assert r.status_code == 201, r.text
    invited = f"{marker()}@example.com"
    inv = pl.http.post("/api/v1/invitations", headers=h, json={"email": invited}).json()
    assert inv["emailed"] is True
    mail = smtp_sink.wait_for(lambda m: m["rcpt_tos"] == [invited])[0]
    assert inv["invitation_url"] in mail["text"] and "invited" in mail["subject"]
    # A forgotten password: the same answer for any address; a mail only
    # where the address signs in.
    nobody = pl.http.post("/api/v1/auth/password-reset", json={"email": f"{marker()}@example.com"})
    asked = pl.http.post("/api/v1/auth/password-reset", json={"email": email})
    assert nobody.status_code == asked.status_code == 202 and nobody.json() == asked.json()
    mail = smtp_sink.wait_for(lambda m: m["rcpt_tos"] == [email])[0]
    url = re.search(r"(http://\S+/auth/reset-password\?token=pli_[0-9a-f]+)", mail["text"]).group(1)
    confirm = pl.http.post("/api/v1/auth/password-reset/confirm", json={"token": token_of(url), "password": NEW_PASSWORD})
    assert confirm.status_code == 204
    assert pl.http.get("/api/v1/auth/me", headers=h).status_code == 401
    assert pl.http.post("/api/v1/auth/token", json={"username": email, "password": NEW_PASSWORD}).status_code == 200
    # Asking again and again sends no more than three mails an hour.
    for _ in range(5):
        assert pl.http.post("/api/v1/auth/password-reset", json={"email": email}).status_code == 202
    time.sleep(2)
    assert len([m for m in smtp_sink.records() if m["rcpt_tos"] == [email]]) == 3
    # No token or password in the delivery list or the audit.
    deliveries = pl.http.get("/api/v1/notification-deliveries", headers=bearer(pl.http.post("/api/v1/auth/token", json={"username": email, "password": NEW_PASSWORD}).json()["access_token"])).text
    assert "pli_" not in deliveries
