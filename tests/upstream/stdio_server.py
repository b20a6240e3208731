"""A stdio MCP server for the acceptance tests, on the official Python SDK
(1.x line, FastMCP over stdin/stdout), run by `preloop serve` as a child
process. `grow` adds a tool and sends `notifications/tools/list_changed`;
`chatty` reports progress and logs while it runs, and may ask the client's
model (sampling), all of which Preloop relays to the client that called it.
It declares resource subscriptions and list changes: `touch` says a resource
was updated, `relist` that its resources changed (outside any request).
Calls are appended to the JSON-lines file named by
FIXTURE_CALL_LOG, which Preloop passes in the server's configured
environment; so is CLOCK_TOKEN, which it writes to its stderr at start (the
log must show it redacted).

Usage: python stdio_server.py
"""

import json
import os
import sys

from mcp.server.fastmcp import Context, FastMCP
from mcp.server.lowlevel import NotificationOptions

mcp = FastMCP("stdio-fixture")
_options = mcp._mcp_server.create_initialization_options


def initialization_options(*args, **kwargs):
    """What the SDK declares, with list changes and subscriptions."""
    options = _options(NotificationOptions(prompts_changed=True, resources_changed=True, tools_changed=True))
    options.capabilities.resources.subscribe = True
    return options


mcp._mcp_server.create_initialization_options = initialization_options
SUBSCRIBED: set[str] = set()


@mcp._mcp_server.subscribe_resource()
async def subscribe(uri) -> None:
    SUBSCRIBED.add(str(uri))


@mcp._mcp_server.unsubscribe_resource()
async def unsubscribe(uri) -> None:
    SUBSCRIBED.discard(str(uri))
print(f"stdio fixture starting, token Bearer {os.environ.get('CLOCK_TOKEN', '')}", file=sys.stderr, flush=True)


def record(tool: str, arguments: dict) -> None:
    log = os.environ.get("FIXTURE_CALL_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"tool": tool, "arguments": arguments, "pid": os.getpid()}) + "\n")


@mcp.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    record("echo", {"text": text})
    return f"echo: {text}"


@mcp.tool()
def environment(names: list[str]) -> str:
    """Which of the named environment variables this process was given."""
    return json.dumps({n: os.environ.get(n) for n in names})


@mcp.tool()
def pid() -> str:
    """This process's id."""
    return str(os.getpid())


@mcp.tool()
def crash() -> str:
    """Exits the process at once, mid-call."""
    os._exit(3)


@mcp.tool()
async def grow(name: str, ctx: Context) -> str:
    """Adds a tool named `name` and says the tool list changed."""
    def added() -> str:
        return f"{name} was added at run time"

    mcp.add_tool(added, name=name, description=f"Added by grow: {name}")
    await ctx.session.send_tool_list_changed()
    return f"added {name}"


@mcp.tool()
async def chatty(ask: bool, ctx: Context) -> str:
    """Reports progress and logs while it runs; asks the client's model when
    `ask`."""
    import mcp.types as t

    await ctx.report_progress(1, 2)
    await ctx.info("halfway there")
    await ctx.report_progress(2, 2)
    if not ask:
        return "done"
    answer = await ctx.session.create_message(
        messages=[t.SamplingMessage(role="user", content=t.TextContent(type="text", text="Say something"))],
        max_tokens=20)
    return f"the model said: {getattr(answer.content, 'text', '')}"


@mcp.tool()
async def touch(uri: str, ctx: Context) -> str:
    """Says the resource `uri` was updated, if it is subscribed."""
    if uri in SUBSCRIBED:
        await ctx.session.send_resource_updated(uri)
    return f"subscribed: {sorted(SUBSCRIBED)}"


@mcp.tool()
async def relist(ctx: Context) -> str:
    """Says the server's resources changed."""
    await ctx.session.send_resource_list_changed()
    return "relisted"


@mcp.resource("clock://now")
def now() -> str:
    """A resource, so the relay of resources is seen over stdio too."""
    return "tick"


mcp.run("stdio")
