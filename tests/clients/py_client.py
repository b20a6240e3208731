"""Drives Preloop's MCP endpoint with the official Python MCP SDK, either
line: run it with the 1.x venv's python or the 2.x venv's. Reads a plan as JSON
on stdin and prints the outcome of each step as JSON on stdout.

Plan: {"url": ..., "key": ..., "mode": "auto"|"legacy"|"2026-07-28",
       "ops": [{"op": "list"} | {"op": "call", "name": ..., "arguments": {...},
                "progress": true (record progress notifications)}
               | {"op": "resources"} | {"op": "templates"} | {"op": "read", "uri": ...}
               | {"op": "prompts"} | {"op": "prompt", "name": ..., "arguments": {...}}
               | {"op": "complete", "ref": {"type": ..., "name"|"uri": ...},
                  "argument": {"name": ..., "value": ...}}
               | {"op": "sleep", "ms": ...}
               | {"op": "post", "url": ..., "key": ...} (an admin's call beside the session)
               | {"op": "await_notification", "method": ..., "timeout_ms": ...}
               | {"op": "listen", "tools": bool, "post": {"url", "key", "method"?}, "timeout_ms": ...}
                 (2.x, 2026-07-28)],
       "on_url": {"api": ..., "key": ...} (2.x: answer URL elicitations by having
                 that approver approve, then accepting) | "decline"}
"""

import asyncio
import json
import sys


def sdk_major() -> int:
    from importlib.metadata import version

    return int(version("mcp").split(".")[0])


def call_outcome(result) -> dict:
    texts = [c.text for c in result.content if getattr(c, "type", None) == "text"]
    structured = getattr(result, "structured_content", None)
    if structured is None:
        structured = getattr(result, "structuredContent", None)
    return {
        "isError": bool(getattr(result, "is_error", getattr(result, "isError", False))),
        "text": "\n".join(texts),
        "structured": structured,
    }


def error_outcome(e: Exception) -> dict:
    err = getattr(e, "error", None)
    code = getattr(err, "code", None) if err is not None else getattr(e, "code", None)
    return {"error": {"code": code, "message": str(e), "type": type(e).__name__}}


def attr(obj, *names):
    """The first of `names` the object has: the 1.x types use the wire's
    camelCase, the 2.x types snake_case."""
    for n in names:
        if hasattr(obj, n):
            return getattr(obj, n)
    return None


async def feature_op(s, op) -> dict:
    """Resources, prompts and completion, the same on both SDK lines."""
    import mcp.types as t

    if op["op"] == "resources":
        return {"resources": sorted(str(r.uri) for r in (await s.list_resources()).resources)}
    if op["op"] == "templates":
        listed = await s.list_resource_templates()
        return {"templates": sorted(attr(x, "uri_template", "uriTemplate")
                                    for x in attr(listed, "resource_templates", "resourceTemplates"))}
    if op["op"] == "read":
        uri = op["uri"]
        if sdk_major() < 2:
            from pydantic import AnyUrl

            uri = AnyUrl(uri)
        read = await s.read_resource(uri)
        return {"contents": [{"uri": str(c.uri), "text": getattr(c, "text", None)} for c in read.contents]}
    if op["op"] == "prompts":
        return {"prompts": sorted(p.name for p in (await s.list_prompts()).prompts)}
    if op["op"] == "prompt":
        got = await s.get_prompt(op["name"], op.get("arguments") or {})
        return {"messages": [getattr(m.content, "text", None) for m in got.messages]}
    if op["op"] == "complete":
        ref = op["ref"]
        if ref["type"] == "ref/prompt":
            ref = t.PromptReference(type="ref/prompt", name=ref["name"])
        else:
            ref = t.ResourceTemplateReference(type="ref/resource", uri=ref["uri"])
        done = await s.complete(ref, op["argument"])
        return {"values": list(done.completion.values)}
    raise ValueError(op["op"])


# Notifications the server sent (their methods, in order), where the SDK
# line lets a client see them.
NOTIFIED: list[str] = []


async def collect(message) -> None:
    root = getattr(message, "root", None)
    method = getattr(root, "method", None)
    if method:
        NOTIFIED.append(method)


async def side_op(op) -> dict:
    import time

    import anyio
    import httpx

    if op["op"] == "sleep":
        await anyio.sleep(op["ms"] / 1000)
        return {}
    if op["op"] == "post":
        async with httpx.AsyncClient() as http:
            r = await http.post(op["url"], headers={"Authorization": f"Bearer {op['key']}"}, timeout=60)
        return {"status": r.status_code}
    started = time.monotonic()
    deadline = started + op.get("timeout_ms", 10000) / 1000
    while op["method"] not in NOTIFIED and time.monotonic() < deadline:
        await anyio.sleep(0.05)
    return {"notified": op["method"] in NOTIFIED, "after_ms": int((time.monotonic() - started) * 1000)}


async def listen_op(client, op) -> dict:
    """2.x, 2026-07-28: opens `subscriptions/listen` for tool list changes,
    has an admin POST `op["post"]` while it is open, and reports what the
    server honoured and the first event that came."""
    import time

    import anyio
    import httpx

    async with client.listen(tools_list_changed=op.get("tools", True)) as sub:
        honored = sub.honored.model_dump(exclude_none=True, by_alias=True) if sub.honored else None
        async with httpx.AsyncClient() as http:
            r = await http.request(op["post"].get("method", "POST"), op["post"]["url"],
                                   headers={"Authorization": f"Bearer {op['post']['key']}"}, timeout=60)
        started = time.monotonic()
        event = None
        with anyio.move_on_after(op.get("timeout_ms", 10000) / 1000):
            async for e in sub:
                event = type(e).__name__
                break
    return {"honored": honored, "posted": r.status_code, "event": event,
            "after_ms": int((time.monotonic() - started) * 1000)}


async def run_ops(s, ops, meta):
    list_tools, call_tool = s.list_tools, s.call_tool
    out = []
    for op in ops:
        try:
            if op["op"] in ("sleep", "post", "await_notification"):
                out.append(await side_op(op))
            elif op["op"] == "listen":
                out.append(await listen_op(s, op))
            elif op["op"] not in ("list", "call"):
                out.append(await feature_op(s, op))
            elif op["op"] == "list":
                tools = await list_tools()
                out.append({"tools": sorted(t.name for t in tools.tools)})
            elif op["op"] == "call" and op.get("progress"):
                messages = []

                async def on_progress(progress, total=None, message=None):
                    messages.append({"progress": progress, "message": message})

                result = await call_tool(op["name"], op.get("arguments") or {}, progress_callback=on_progress)
                out.append({**call_outcome(result), "progress": messages})
            elif op["op"] == "call":
                out.append(call_outcome(await call_tool(op["name"], op.get("arguments") or {})))
        except Exception as e:  # the outcome is what the test asserts on
            out.append(error_outcome(e))
    return {"sdk": sdk_major(), **meta, "results": out}


async def main_v1(plan):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    headers = {"Authorization": f"Bearer {plan['key']}"}
    async with streamablehttp_client(plan["url"], headers=headers) as (read, write, get_session_id):
        async with ClientSession(read, write, message_handler=collect) as session:
            init = await session.initialize()
            meta = {"protocolVersion": init.protocolVersion, "sessionId": get_session_id()}
            return await run_ops(session, plan["ops"], meta)


# The URL elicitations the server asked for, and what the person at the
# client found there.
ELICITED: list[dict] = []


def url_elicitation(on_url):
    """An elicitation callback for a person who opens the URL they are given
    (and records what the page showed), then, as `on_url` says, has an
    approver approve through the API and accepts, or declines."""
    import httpx
    import mcp.types as t

    async def callback(context, params):
        url = getattr(params, "url", None)
        seen = {"mode": getattr(params, "mode", None), "message": params.message, "url": url}
        if url:
            async with httpx.AsyncClient() as http:
                page = await http.get(url, timeout=30)
            seen["page_status"] = page.status_code
            seen["page_has_form"] = "<form" in page.text
            seen["page_text"] = page.text
        ELICITED.append(seen)
        if on_url == "decline":
            return t.ElicitResult(action="decline")
        request = url.split("/approval/", 1)[1].split("?", 1)[0]
        async with httpx.AsyncClient() as http:
            r = await http.post(f"{on_url['api']}/api/v1/approval-requests/{request}/approve",
                                headers={"Authorization": f"Bearer {on_url['key']}"}, timeout=30)
        seen["approved"] = r.status_code
        return t.ElicitResult(action="accept")

    return callback


async def main_v2(plan):
    from mcp.client import Client
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    http = create_mcp_http_client(headers={"Authorization": f"Bearer {plan['key']}"})
    extra = {}
    if plan.get("on_url"):
        extra["elicitation_callback"] = url_elicitation(plan["on_url"])
    async with http:
        transport = streamable_http_client(plan["url"], http_client=http)
        async with Client(transport, mode=plan.get("mode", "auto"), **extra) as client:
            session = client.session
            version = None
            if getattr(session, "discover_result", None) is not None:
                version = "2026-07-28"
            elif getattr(session, "initialize_result", None) is not None:
                version = session.initialize_result.protocol_version
            out = await run_ops(client, plan["ops"], {"protocolVersion": version})
            return {**out, "elicited": ELICITED}


def main():
    plan = json.load(sys.stdin)
    runner = main_v1 if sdk_major() < 2 else main_v2
    try:
        result = asyncio.run(runner(plan))
    except Exception as e:
        result = {"sdk": sdk_major(), "fatal": error_outcome(e)}
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main()
