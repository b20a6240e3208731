"""Forged, expired, misdirected and confused access tokens: each gets 401
from the API and from the MCP endpoint, and leaves nothing behind."""

import base64
import hashlib
import hmac
import json
import time

from conftest import WORKER_JWT_KEYS
from test_oauth_mcp import initialize
from test_sign_in import PASSWORD, bearer, register


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signing_key(pl) -> tuple[str, bytes]:
    """The deployment's access-token key: the Workers' setting, or the key
    file `preloop serve` made (named by its fingerprint)."""
    if pl.data_dir is None:
        kid, hexkey = WORKER_JWT_KEYS.split(":")
        return kid, bytes.fromhex(hexkey)
    hexkey = (pl.data_dir / "jwt-signing.key").read_text().strip()
    return "local-" + hashlib.sha256(hexkey.encode()).hexdigest()[:8], bytes.fromhex(hexkey)


def token(header: dict, claims: dict, key: bytes | None, alg=hashlib.sha256) -> str:
    head = b64(json.dumps(header).encode())
    body = b64(json.dumps(claims).encode())
    signature = b64(hmac.new(key, f"{head}.{body}".encode(), alg).digest()) if key else ""
    return f"{head}.{body}.{signature}"


def test_every_forged_token_is_refused(pl):
    _, reg = register(pl)
    real = reg["access_token"]
    claims = json.loads(base64.urlsafe_b64decode(real.split(".")[1] + "=="))
    kid, key = signing_key(pl)
    # The real key signs a good token: the forgeries below differ in one thing.
    good = token({"alg": "HS256", "typ": "JWT", "kid": kid}, claims, key)
    assert pl.http.get("/api/v1/auth/me", headers=bearer(good)).status_code == 200
    now = int(time.time())
    mcp_claims = {**claims, "aud": pl.mcp_url}
    forged = {
        "signed with another key": token({"alg": "HS256", "kid": kid}, claims, b"x" * 32),
        "expired": token({"alg": "HS256", "kid": kid}, {**claims, "iat": now - 3600, "exp": now - 1800}, key),
        "wrong audience": token({"alg": "HS256", "kid": kid}, {**claims, "aud": "https://elsewhere.example.com"}, key),
        "wrong issuer": token({"alg": "HS256", "kid": kid}, {**claims, "iss": "https://elsewhere.example.com"}, key),
        "unknown kid": token({"alg": "HS256", "kid": "someone-else"}, claims, key),
        "no kid": token({"alg": "HS256"}, claims, key),
        "alg none": token({"alg": "none", "kid": kid}, claims, None),
        "alg None": token({"alg": "None", "kid": kid}, claims, None),
        "HS384 (confusion)": token({"alg": "HS384", "kid": kid}, claims, key, hashlib.sha384),
        "RS256 (confusion)": token({"alg": "RS256", "kid": kid}, claims, key),
        "another person": token({"alg": "HS256", "kid": kid}, {**claims, "sub": "01NOBODY"}, b"x" * 32),
        "payload swapped": real.split(".")[0] + "." + b64(json.dumps({**claims, "sub": "01NOBODY"}).encode()) + "." + real.split(".")[2],
        "session of nobody": token({"alg": "HS256", "kid": kid}, {**claims, "sid": "ses_nothing"}, key),
        "garbage": "eyJhbGciOiJIUzI1NiJ9.not-json.x",
        "huge": "eyJ" + "A" * 10_000 + ".x.y",
    }
    for why, t in forged.items():
        r = pl.http.get("/api/v1/auth/me", headers=bearer(t))
        assert r.status_code == 401, (why, r.status_code, r.text)
        assert pl.http.get("/api/v1/mcp-servers", headers=bearer(t)).status_code == 401, why
    # At the MCP endpoint: only tokens for it, and only genuine ones.
    assert initialize(pl, good).status_code == 401  # an API token
    for why, t in {
        "mcp audience, another key": token({"alg": "HS256", "kid": kid}, mcp_claims, b"x" * 32),
        "mcp audience, alg none": token({"alg": "none", "kid": kid}, mcp_claims, None),
        "mcp audience, expired": token({"alg": "HS256", "kid": kid}, {**mcp_claims, "exp": now - 100}, key),
    }.items():
        assert initialize(pl, t).status_code == 401, why
    # Nothing was left behind: the account's trail has its registration only.
    events = pl.http.get("/api/v1/audit", headers=bearer(real)).json()["events"]
    assert [e["outcome"] for e in events] == ["registered"], events


def test_oversized_and_malformed_sign_in_bodies_are_refused_and_others_still_sign_in(pl):
    email, _ = register(pl)
    huge = {"username": email, "password": "x" * (17 * 1024)}
    for path in ["/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/sso/exchange", "/oauth/token", "/oauth/register"]:
        r = pl.http.post(path, json=huge)
        assert r.status_code == 413 and "at most 16384 bytes" in r.text, (path, r.status_code, r.text[:200])
    deep = "[" * 100_000 + "]" * 100_000
    r = pl.http.post("/api/v1/auth/token", content=deep[:16_000], headers={"content-type": "application/json"})
    assert r.status_code == 400
    r = pl.http.post("/api/v1/auth/sso/exchange", json={"sso_code": ["not", "a", "string"]})
    assert r.status_code == 400 and "must be a string" in r.text
    # The function still serves everyone else.
    r = pl.http.post("/api/v1/auth/token", json={"username": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
