"""An MCP client that connects to Preloop through OAuth with the official
Python SDK's own OAuth support (mcp 2.x `OAuthClientProvider`): discovery
from the 401, registration (dynamic, or a Client ID Metadata Document),
PKCE, the token exchange, then a tools/call. The consent step, which a
person would do in a browser, is driven here headlessly as that person:
the consent page's form is posted with their email and password.

Reads a JSON plan on stdin:
  {"url", "email", "password", "tool", "arguments", "client_metadata_url"?,
   "decision"? ("allow")}
Writes {"text", "is_error", "access_token", "refresh_token", "client_id",
        "authorize_url", "consent_status"} or {"fatal": …}.
"""

import asyncio
import json
import sys
from urllib.parse import parse_qs, parse_qsl, urlparse

import httpx

REDIRECT = "http://127.0.0.1:9/callback"


class Memory:
    def __init__(self):
        self.tokens = None
        self.client = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, client_info):
        self.client = client_info


async def main(plan):
    from mcp.client import Client
    from mcp.client.auth import AuthorizationCodeResult, OAuthClientProvider
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client
    from mcp.shared.auth import OAuthClientMetadata

    seen = {}

    async def consent(authorize_url: str) -> None:
        """The person's browser: open the consent page, sign in, allow."""
        seen["authorize_url"] = authorize_url
        async with httpx.AsyncClient(follow_redirects=False) as browser:
            page = await browser.get(authorize_url)
            seen["consent_status"] = page.status_code
            if page.status_code != 200:
                raise RuntimeError(f"consent page: {page.status_code} {page.text[:200]}")
            form = dict(parse_qsl(urlparse(authorize_url).query))
            form.update(email=plan["email"], password=plan["password"], decision=plan.get("decision", "allow"))
            target = authorize_url.split("?", 1)[0]
            answer = await browser.post(target, data=form)
            if answer.status_code != 302:
                raise RuntimeError(f"consent: {answer.status_code} {answer.text[:300]}")
            back = parse_qs(urlparse(answer.headers["location"]).query)
            if "code" not in back:
                raise RuntimeError(f"consent refused: {back}")
            seen["result"] = AuthorizationCodeResult(
                code=back["code"][0], state=back.get("state", [None])[0], iss=back.get("iss", [None])[0])

    async def callback():
        return seen["result"]

    storage = Memory()
    provider = OAuthClientProvider(
        server_url=plan["url"],
        client_metadata=OAuthClientMetadata(
            redirect_uris=[REDIRECT], client_name="python-sdk-test",
            grant_types=["authorization_code", "refresh_token"], response_types=["code"],
            token_endpoint_auth_method="none"),
        storage=storage,
        redirect_handler=consent,
        callback_handler=callback,
        client_metadata_url=plan.get("client_metadata_url"),
    )
    http = create_mcp_http_client(auth=provider)
    async with http:
        transport = streamable_http_client(plan["url"], http_client=http)
        async with Client(transport) as client:
            result = await client.call_tool(plan["tool"], plan.get("arguments", {}))
            text = "".join(getattr(c, "text", "") for c in result.content)
    return {
        "text": text,
        "is_error": bool(result.isError) if hasattr(result, "isError") else bool(getattr(result, "is_error", False)),
        "access_token": storage.tokens.access_token if storage.tokens else None,
        "refresh_token": storage.tokens.refresh_token if storage.tokens else None,
        "client_id": storage.client.client_id if storage.client else plan.get("client_metadata_url"),
        "authorize_url": seen.get("authorize_url"),
        "consent_status": seen.get("consent_status"),
    }


def describe(e: BaseException) -> str:
    """An exception, with the ones a task group gathered."""
    inner = getattr(e, "exceptions", None)
    if inner:
        return "; ".join(describe(x) for x in inner)
    return f"{type(e).__name__}: {e}"


def run():
    plan = json.load(sys.stdin)
    try:
        out = asyncio.run(main(plan))
    except Exception as e:  # the harness reports what failed
        out = {"fatal": describe(e)}
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    run()
