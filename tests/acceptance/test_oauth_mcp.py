"""OAuth 2.1 for MCP clients: the official Python and TypeScript SDKs'
own OAuth support discovers Preloop from the 401, registers, does PKCE
through the consent page (driven as the signed-in person) and calls a
tool; and every bad grant is refused with 401."""

import base64
import hashlib
import json
import secrets
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import CLIENTS, PY2, ROOT, marker
from test_access_matrix import Account
from test_sign_in import PASSWORD, bearer

REDIRECT = "http://127.0.0.1:9/callback"


def run_oauth_client(kind: str, plan: dict) -> dict:
    cmd = [str(PY2), str(CLIENTS / "py_oauth_client.py")] if kind == "py" else ["node", str(CLIENTS / "ts_oauth_client.mjs")]
    done = subprocess.run(cmd, input=json.dumps(plan), capture_output=True, text=True, timeout=120, cwd=ROOT / "tests")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def initialize(pl, token):
    """An MCP initialize with `token`: its status."""
    return pl.rpc({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}, key=token)


def claims(jwt: str) -> dict:
    body = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


@pytest.fixture
def account(pl, upstream_sse):
    a = Account(pl, upstream_sse)
    a.ok("POST", "/api/v1/tool-configurations", json={"tool_name": "fx__echo", "rules": [{"action": "allow"}]})
    return a


@pytest.mark.parametrize("kind", ["py", "ts"])
def test_an_sdk_client_connects_with_oauth_and_calls_a_tool(pl, account, kind):
    m = marker()
    out = run_oauth_client(kind, {"url": pl.mcp_url, "email": account.email, "password": PASSWORD,
                                  "tool": "fx__echo", "arguments": {"text": m}})
    assert "fatal" not in out, out
    assert out["text"] == f"echo: {m}" and not out["is_error"], out
    assert out["client_id"].startswith("plc_") and out["authorize_url"].startswith(f"{pl.url}/oauth/authorize?")
    token = claims(out["access_token"])
    assert token["aud"] == pl.mcp_url and token["scope"] == "tools.call" and token["client_id"] == out["client_id"]
    # The call is the person's, through the client.
    calls = [e for e in pl.http.get("/api/v1/audit", params={"tool": "fx__echo"}, headers=account.h).json()["events"]
             if e["arguments"].get("text") == m]
    client_name = "python-sdk-test" if kind == "py" else "typescript-sdk-test"
    assert [c["principal"] for c in calls] == [f"user:{account.owner['id']}:{account.email} via {client_name}"], calls
    # Its token is for the MCP endpoint only.
    assert pl.http.get("/api/v1/auth/me", headers=bearer(out["access_token"])).status_code == 401
    # Refresh rotates; a replayed refresh token is refused and ends the session.
    form = {"grant_type": "refresh_token", "refresh_token": out["refresh_token"], "client_id": out["client_id"]}
    fresh = pl.http.post("/oauth/token", data=form)
    assert fresh.status_code == 200 and fresh.json()["refresh_token"] != out["refresh_token"], fresh.text
    replay = pl.http.post("/oauth/token", data=form)
    assert replay.status_code == 401 and replay.json()["error"] == "invalid_grant"
    assert initialize(pl, fresh.json()["access_token"]).status_code == 401


@pytest.mark.parametrize("kind", ["py", "ts"])
def test_an_sdk_client_connects_at_the_endpoints_other_address(pl, account, kind):
    """`/mcp` is the same endpoint as `/mcp/v1`: a client that connects
    there finds metadata naming that address (the SDKs check it), and its
    token works at both."""
    m = marker()
    url = f"{pl.url}/mcp"
    meta = pl.http.get("/.well-known/oauth-protected-resource/mcp").json()
    assert meta["resource"] == url and meta["authorization_servers"] == [pl.url]
    r = pl.http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                     headers={"Accept": "application/json, text/event-stream"})
    assert r.status_code == 401 and f'resource_metadata="{pl.url}/.well-known/oauth-protected-resource/mcp"' in r.headers["www-authenticate"]
    out = run_oauth_client(kind, {"url": url, "email": account.email, "password": PASSWORD,
                                  "tool": "fx__echo", "arguments": {"text": m}})
    assert "fatal" not in out, out
    assert out["text"] == f"echo: {m}" and not out["is_error"], out
    assert claims(out["access_token"])["aud"] == pl.mcp_url
    assert initialize(pl, out["access_token"]).status_code == 200


def test_discovery_documents_and_challenges(pl, account):
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key=None, headers={"Authorization": None})
    assert r.status_code == 401
    challenge = r.headers["www-authenticate"]
    assert f'resource_metadata="{pl.url}/.well-known/oauth-protected-resource/mcp/v1"' in challenge and "invalid_token" not in challenge
    bad = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key="eyJhbGciOiJIUzI1NiJ9.e30.x")
    assert bad.status_code == 401 and 'error="invalid_token"' in bad.headers["www-authenticate"]
    for path in ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp/v1"]:
        prm = pl.http.get(path).json()
        assert prm["resource"] == pl.mcp_url and prm["authorization_servers"] == [pl.url] and prm["scopes_supported"] == ["tools.call"]
    meta = pl.http.get("/.well-known/oauth-authorization-server").json()
    assert meta["issuer"] == pl.url and meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["authorization_response_iss_parameter_supported"] is True and meta["client_id_metadata_document_supported"] is True
    # A credential without tools.call is told which scope it lacks.
    viewer = account.person_with_key("viewer")[1]
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key=viewer)
    assert r.status_code == 403 and 'error="insufficient_scope", scope="tools.call"' in r.headers["www-authenticate"]
    # A person's sign-in token is for the API, not for the MCP endpoint.
    assert pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key=account.token).status_code == 401


class Flow:
    """One authorization by hand: register, consent, exchange."""

    def __init__(self, pl, account, redirect=REDIRECT):
        self.pl, self.account = pl, account
        reg = pl.http.post("/oauth/register", json={"redirect_uris": [redirect], "client_name": "by-hand"})
        assert reg.status_code == 201, reg.text
        self.client_id = reg.json()["client_id"]
        self.redirect = redirect
        self.verifier = secrets.token_urlsafe(48)
        self.challenge = base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest()).rstrip(b"=").decode()

    def params(self, **over):
        p = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect, "state": "s1",
             "code_challenge": self.challenge, "code_challenge_method": "S256", "resource": self.pl.mcp_url}
        p.update(over)
        return p

    def consent(self, **over):
        form = {**self.params(**over), "email": self.account.email, "password": PASSWORD, "decision": "allow"}
        return self.pl.http.post("/oauth/authorize", data=form)

    def code(self):
        r = self.consent()
        assert r.status_code == 302, r.text
        back = parse_qs(urlparse(r.headers["location"]).query)
        assert back["state"] == ["s1"] and back["iss"] == [self.pl.url]
        return back["code"][0]

    def exchange(self, code, **over):
        form = {"grant_type": "authorization_code", "code": code, "client_id": self.client_id,
                "redirect_uri": self.redirect, "code_verifier": self.verifier, **over}
        return self.pl.http.post("/oauth/token", data=form)


def test_bad_grants_get_401_and_leave_nothing_behind(pl, account):
    flow = Flow(pl, account)
    # A PKCE verifier that does not match: refused, and the code is spent.
    code = flow.code()
    wrong = flow.exchange(code, code_verifier=secrets.token_urlsafe(48))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_grant"
    assert flow.exchange(code).status_code == 401
    # A redirect URI that differs from the code's.
    code = flow.code()
    assert flow.exchange(code, redirect_uri="http://127.0.0.1:9/other").status_code == 401
    # A code replayed: refused, and the session it started is ended.
    code = flow.code()
    first = flow.exchange(code)
    assert first.status_code == 200, first.text
    tokens = first.json()
    assert initialize(pl, tokens["access_token"]).status_code == 200
    again = flow.exchange(code)
    assert again.status_code == 401 and again.json()["error"] == "invalid_grant"
    assert initialize(pl, tokens["access_token"]).status_code == 401
    assert pl.http.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                              "client_id": flow.client_id}).status_code == 401
    # Another client's code, and an unknown client.
    other = Flow(pl, account)
    code = flow.code()
    assert other.exchange(code, code_verifier=flow.verifier).status_code == 401
    # A redirect URI not registered exactly is never redirected to.
    for uri in ["http://127.0.0.1:9/callback/", "http://127.0.0.1:9/callback?x=1", "http://127.0.0.1:10/callback", "https://evil.example.com/cb"]:
        r = pl.http.get("/oauth/authorize", params=flow.params(redirect_uri=uri))
        assert r.status_code == 401 and "location" not in r.headers, uri
    r = pl.http.get("/oauth/authorize", params=flow.params(client_id="plc_nobody"))
    assert r.status_code == 401 and "location" not in r.headers
    # Without PKCE, or with plain: back to the client with an error, no code.
    for over in [{"code_challenge": ""}, {"code_challenge_method": "plain"}]:
        r = pl.http.get("/oauth/authorize", params=flow.params(**over))
        assert r.status_code == 302 and "error=invalid_request" in r.headers["location"] and "code=" not in r.headers["location"]
    # A resource that is not ours.
    r = pl.http.get("/oauth/authorize", params=flow.params(resource="https://elsewhere.example.com/mcp"))
    assert r.status_code == 302 and "error=invalid_target" in r.headers["location"]
    # A wrong password shows the page again; denying sends access_denied.
    r = pl.http.post("/oauth/authorize", data={**flow.params(), "email": account.email, "password": "wrong password!", "decision": "allow"})
    assert r.status_code == 200 and "wrong email or password" in r.text
    r = pl.http.post("/oauth/authorize", data={**flow.params(), "decision": "deny"})
    assert r.status_code == 302 and "error=access_denied" in r.headers["location"]
    # Registration refuses what it must.
    for bad in [{"redirect_uris": ["http://evil.example.com/cb"]}, {"redirect_uris": []},
                {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "client_secret_basic"},
                {"redirect_uris": ["javascript:alert(1)"]}]:
        assert pl.http.post("/oauth/register", json=bad).status_code == 400, bad
    # A client's refresh token presented as a person's sign-in: refused, and
    # its session is over.
    tokens = flow.exchange(flow.code()).json()
    wrong = pl.http.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert wrong.status_code == 401 and "OAuth client" in wrong.json()["error"]["message"]
    assert initialize(pl, tokens["access_token"]).status_code == 401
    # Revocation ends a session.
    code = flow.code()
    tokens = flow.exchange(code).json()
    assert pl.http.post("/oauth/revoke", data={"token": tokens["refresh_token"]}).status_code == 200
    assert initialize(pl, tokens["access_token"]).status_code == 401


def test_a_person_whose_role_cannot_call_tools_cannot_consent(pl, account):
    flow = Flow(pl, account)
    m = marker()
    inv = pl.http.post("/api/v1/invitations", headers=account.h, json={"email": f"{m}@example.com", "role": "viewer"}).json()
    token = inv["invitation_url"].split("token=")[1]
    assert pl.http.post("/api/v1/auth/invitations/accept", json={"token": token, "password": PASSWORD}).status_code == 200
    form = {**flow.params(), "email": f"{m}@example.com", "password": PASSWORD, "decision": "allow"}
    r = pl.http.post("/oauth/authorize", data=form)
    assert r.status_code == 403 and "cannot call tools" in r.text and "location" not in r.headers


class MetadataDocument:
    """A client's metadata document, served from its own URL."""

    def __init__(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = json.dumps(outer.document).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/client.json"
        self.document = {"client_id": self.url, "client_name": "metadata-client", "redirect_uris": [REDIRECT],
                         "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
                         "token_endpoint_auth_method": "none"}
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_a_client_known_by_its_metadata_document(pl, account):
    """The client id is the URL of the client's metadata document (the SDKs
    insist on HTTPS for it, which a test cannot serve with a trusted
    certificate; Preloop takes plain HTTP on loopback, as for any OAuth
    endpoint, so the flow is driven by hand)."""
    doc = MetadataDocument()
    try:
        flow = Flow.__new__(Flow)
        flow.pl, flow.account, flow.redirect = pl, account, REDIRECT
        flow.client_id = doc.url
        flow.verifier = secrets.token_urlsafe(48)
        flow.challenge = base64.urlsafe_b64encode(hashlib.sha256(flow.verifier.encode()).digest()).rstrip(b"=").decode()
        page = pl.http.get("/oauth/authorize", params=flow.params())
        assert page.status_code == 200 and "metadata-client" in page.text, page.text
        tokens = flow.exchange(flow.code()).json()
        assert claims(tokens["access_token"])["client_id"] == doc.url
        assert initialize(pl, tokens["access_token"]).status_code == 200
        # A redirect URI the document does not list is refused.
        r = pl.http.get("/oauth/authorize", params=flow.params(redirect_uri="http://127.0.0.1:9/elsewhere"))
        assert r.status_code == 401 and "location" not in r.headers
        # A document that names another client id is refused.
        doc.document["client_id"] = "http://127.0.0.1:1/other.json"
        r = pl.http.get("/oauth/authorize", params=flow.params(client_id=f"{doc.url}?v=2"))
        assert r.status_code == 401 and "does not name itself" in r.text
    finally:
        doc.server.shutdown()
