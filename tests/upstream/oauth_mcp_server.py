"""An upstream MCP server that requires OAuth, for the acceptance tests of
upstream servers behind an authorization server (tests/upstream/oauth_provider.mjs).
Built on the official Python SDK (2.x line, `MCPServer`), acting as an OAuth
resource server only:

- its resource URL is http://127.0.0.1:PORT/mcp (Streamable HTTP);
- RFC 9728 protected resource metadata at /.well-known/oauth-protected-resource
  and /.well-known/oauth-protected-resource/mcp, naming ISSUER as its
  authorization server and `mcp` as the scope it needs;
- /mcp without a valid token: 401 with `WWW-Authenticate: Bearer
  error="invalid_token", error_description="...",
  resource_metadata="http://127.0.0.1:PORT/.well-known/oauth-protected-resource"`
  (a valid token without the `mcp` scope: 403 insufficient_scope);
- a valid token is a JWT access token (`typ` at+jwt) signed with a key from
  the issuer's JWKS (found through its discovery document), `iss` = ISSUER,
  `aud` = the resource URL, not expired;
- one tool, `whoami`, answers `sub=<sub> aud=<aud>` of the token it was called
  with, and appends {"tool": "whoami", "authorization": "<Authorization header>"}
  to the JSON-lines file named by FIXTURE_CALL_LOG, when that is set.

Usage: python oauth_mcp_server.py PORT ISSUER
"""

import json
import os
import sys
import threading

import anyio
import httpx
import jwt
import uvicorn
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import Context, MCPServer
from pydantic import AnyHttpUrl
from starlette.routing import Route

PORT = int(sys.argv[1])
ISSUER = sys.argv[2].rstrip("/")
RESOURCE = f"http://127.0.0.1:{PORT}/mcp"
METADATA_URL = f"http://127.0.0.1:{PORT}/.well-known/oauth-protected-resource"
LOG = os.environ.get("FIXTURE_CALL_LOG")
ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"]


class JwtAccessTokenVerifier:
    """Verifies the issuer's JWT access tokens for this resource. The JWKS is
    fetched on first use (so the provider may start after this server) and
    again when a token names a key it does not hold (a restarted provider has
    new keys)."""

    def __init__(self) -> None:
        self._keys: dict[str, jwt.PyJWK] = {}
        self._lock = threading.Lock()

    def _fetch_keys(self) -> None:
        with httpx.Client(trust_env=False, timeout=10) as client:
            discovery = client.get(f"{ISSUER}/.well-known/openid-configuration")
            discovery.raise_for_status()
            jwks = client.get(discovery.json()["jwks_uri"])
            jwks.raise_for_status()
        keys = {}
        for key in jwt.PyJWKSet.from_dict(jwks.json()).keys:
            if key.key_id and key.public_key_use in (None, "sig"):
                keys[key.key_id] = key
        self._keys = keys

    def _key_for(self, kid: str) -> jwt.PyJWK | None:
        with self._lock:
            if kid not in self._keys:
                self._fetch_keys()
            return self._keys.get(kid)

    def claims(self, token: str) -> dict:
        """The token's claims, or an exception if it is not a valid access token for this resource."""
        header = jwt.get_unverified_header(token)
        if str(header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
            raise jwt.InvalidTokenError(f"not a JWT access token (typ {header.get('typ')!r})")
        key = self._key_for(header.get("kid") or "")
        if key is None:
            raise jwt.InvalidTokenError(f"unknown signing key {header.get('kid')!r}")
        return jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=RESOURCE,
            issuer=ISSUER,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            claims = await anyio.to_thread.run_sync(self.claims, token)
        except Exception as e:  # any failure is a token this server does not accept
            print(f"oauth_mcp_server: token rejected: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
            return None
        aud = claims["aud"]
        return AccessToken(
            token=token,
            client_id=str(claims.get("client_id") or claims.get("azp") or ""),
            scopes=str(claims.get("scope") or "").split(),
            expires_at=int(claims["exp"]),
            resource=RESOURCE if (aud == RESOURCE or (isinstance(aud, list) and RESOURCE in aud)) else None,
            subject=claims["sub"],
            claims=claims,
        )


verifier = JwtAccessTokenVerifier()
server = MCPServer(
    "oauth-upstream",
    log_level="WARNING",
    token_verifier=verifier,
    auth=AuthSettings(
        issuer_url=ISSUER,  # a string: AnyHttpUrl(...) would add a trailing slash
        resource_server_url=RESOURCE,
        required_scopes=["mcp"],
        validate_token_resource=True,
    ),
)


@server.tool()
def whoami(ctx: Context) -> str:
    """Who the bearer token this call came with was issued to, and for what."""
    headers = ctx.headers or {}
    authorization = headers.get("authorization")
    if LOG:
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps({"tool": "whoami", "authorization": authorization}) + "\n")
    # The bearer middleware has verified it already; this only reads it.
    claims = verifier.claims(authorization.split(" ", 1)[1])
    return f"sub={claims['sub']} aud={claims['aud']}"


def build_app():
    app = server.streamable_http_app(streamable_http_path="/mcp", host="127.0.0.1")
    for route in app.router.routes:
        if getattr(route, "path", None) == "/mcp":
            # The SDK names /.well-known/oauth-protected-resource/mcp (RFC 9728
            # §3.1); answer with the root one, as the MCP authorization spec's
            # examples do. Both are served.
            route.app.resource_metadata_url = AnyHttpUrl(METADATA_URL)
        if getattr(route, "path", "").startswith("/.well-known/oauth-protected-resource"):
            metadata_route = route
    app.router.routes.append(
        Route("/.well-known/oauth-protected-resource", endpoint=metadata_route.endpoint, methods=["GET", "OPTIONS"])
    )
    return app


if __name__ == "__main__":
    uvicorn.run(build_app(), host="127.0.0.1", port=PORT, log_level="warning")
