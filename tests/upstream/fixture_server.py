"""A real upstream MCP server for the acceptance tests, built on the official
Python SDK (1.x line). Every tool call it receives is appended to the JSON-lines
file named by FIXTURE_CALL_LOG, which is how the tests prove that a denied call
never reached the upstream (`echo` also records the Authorization header).

Usage: python fixture_server.py PORT [--json-response | --legacy-sse]
"""

import asyncio
import json
import os
import sys

from mcp.server.fastmcp import Context, FastMCP

PORT = int(sys.argv[1])
JSON_RESPONSE = "--json-response" in sys.argv[2:]
# The HTTP+SSE transport of 2024-11-05 (GET /sse, POST /messages/) instead.
LEGACY_SSE = "--legacy-sse" in sys.argv[2:]
LOG = os.environ["FIXTURE_CALL_LOG"]

mcp = FastMCP(
    "fixture-upstream",
    host="127.0.0.1",
    port=PORT,
    json_response=JSON_RESPONSE,
)


def record(tool: str, arguments: dict, **extra) -> None:
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps({"tool": tool, "arguments": arguments, **extra}) + "\n")
        f.flush()


@mcp.tool()
def echo(text: str, ctx: Context) -> str:
    """Echo the text back."""
    # The Authorization header the call arrived with, so tests can see which
    # credentials Preloop sent upstream.
    request = ctx.request_context.request
    auth = request.headers.get("authorization") if request is not None else None
    record("echo", {"text": text}, authorization=auth)
    return f"echo: {text}"


@mcp.tool()
def deploy(environment: str, service: str) -> str:
    """Deploy a service to an environment."""
    record("deploy", {"environment": environment, "service": service})
    return f"deployed {service} to {environment}"


@mcp.tool()
def pay(amount: int, currency: str = "USD") -> str:
    """Make a payment."""
    record("pay", {"amount": amount, "currency": currency})
    return f"paid {amount} {currency}"


@mcp.tool()
def fail(reason: str) -> str:
    """Always fails, with the reason given."""
    record("fail", {"reason": reason})
    raise ValueError(f"failed on purpose: {reason}")


@mcp.tool()
async def slow(seconds: float) -> str:
    """Sleep, then answer."""
    record("slow", {"seconds": seconds})
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        # The SDK cancels the handler when the client (Preloop) sends
        # notifications/cancelled for the request.
        record("slow_cancelled", {"seconds": seconds})
        raise
    return f"slept {seconds}"


if __name__ == "__main__":
    import uvicorn

    # uvicorn closes idle keep-alive connections after 5 s; workerd's fetch
    # does not retry a request on a pooled connection the server has just
    # closed ("Network connection lost"), so a test that pauses a few seconds
    # between two upstream calls raced that timer. Upstreams in production
    # keep connections for a minute or more.
    app = mcp.sse_app() if LEGACY_SSE else mcp.streamable_http_app()
    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning", timeout_keep_alive=120)
