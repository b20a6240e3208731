"""An upstream MCP server with the names and answers the official MCP
conformance suite (@modelcontextprotocol/conformance) asks of a server, as
each of its server scenarios describes them: `test_simple_text`,
`test://static-text`, `test_simple_prompt` and so on. The suite's own
reference server is not published on npm; this one is written from the
scenarios' descriptions on the official Python SDK (1.x, low-level server,
Streamable HTTP), so the suite can be run through Preloop in front of it.

Beyond the scenarios, it takes resource subscriptions (declared, which the
SDK's low-level server does not do by itself) and has two tools that make
it speak outside any request: `test_change_lists` adds a tool and tells every
session it knows that its tools, resources and prompts changed, and
`test_update_watched` tells the sessions subscribed to
`test://watched-resource` that it was updated.

Usage: python conformance_server.py PORT
"""

import base64
import contextlib
import json
import struct
import sys
import weakref
import zlib

import anyio
import mcp.types as t
import uvicorn
from mcp.server.lowlevel import NotificationOptions, Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.applications import Starlette
from starlette.routing import Mount

PORT = int(sys.argv[1])


def png_1x1() -> str:
    """A 1x1 red PNG, built rather than pasted."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")).decode()


def wav_silence() -> str:
    """A tenth of a second of 8 kHz 8-bit mono silence."""
    samples = b"\x80" * 800
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 8000, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(samples)) + samples
    return base64.b64encode(b"RIFF" + struct.pack("<I", len(body)) + body).decode()


PNG, WAV = png_1x1(), wav_silence()
NO_ARGS = {"type": "object", "properties": {}}

server = Server("preloop-conformance-fixture")
subscriptions: set[str] = set()

TOOLS = [
    t.Tool(name="test_simple_text", description="Returns simple text", inputSchema=NO_ARGS),
    t.Tool(name="test_image_content", description="Returns an image", inputSchema=NO_ARGS),
    t.Tool(name="test_audio_content", description="Returns audio", inputSchema=NO_ARGS),
    t.Tool(name="test_embedded_resource", description="Returns an embedded resource", inputSchema=NO_ARGS),
    t.Tool(name="test_multiple_content_types", description="Returns text, an image and a resource", inputSchema=NO_ARGS),
    t.Tool(name="test_tool_with_logging", description="Logs three messages while it runs", inputSchema=NO_ARGS),
    t.Tool(name="test_error_handling", description="Always fails", inputSchema=NO_ARGS),
    t.Tool(name="test_tool_with_progress", description="Reports progress while it runs", inputSchema=NO_ARGS),
    t.Tool(name="test_sampling", description="Asks the client's model",
           inputSchema={"type": "object", "properties": {"prompt": {"type": "string"}}, "required": ["prompt"]}),
    t.Tool(name="test_elicitation", description="Asks the user",
           inputSchema={"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}),
    t.Tool(name="test_elicitation_sep1034_defaults", description="Asks the user, with defaults", inputSchema=NO_ARGS),
    t.Tool(name="test_elicitation_sep1330_enums", description="Asks the user, with every enum form", inputSchema=NO_ARGS),
    t.Tool(name="json_schema_2020_12_tool", description="Tool with JSON Schema 2020-12 features", inputSchema={
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {"address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
        "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
        "additionalProperties": False,
    }),
]


# Every session that made a request, and the sessions subscribed to each
# URI: who hears the server outside requests.
SESSIONS: "weakref.WeakSet" = weakref.WeakSet()
SUBSCRIBERS: dict[str, "weakref.WeakSet"] = {}
ADDED = t.Tool(name="test_added_tool", description="Added by test_change_lists", inputSchema=NO_ARGS)
TOOLS += [
    t.Tool(name="test_change_lists", description="Adds a tool; announces list changes", inputSchema=NO_ARGS),
    t.Tool(name="test_update_watched", description="Announces an update of test://watched-resource",
           inputSchema=NO_ARGS),
]
ADDED_TOOLS: list[t.Tool] = []


def seen() -> None:
    SESSIONS.add(server.request_context.session)


_initialization_options = server.create_initialization_options


def initialization_options(*args, **kwargs):
    """What the SDK declares, with list changes and subscriptions."""
    options = _initialization_options(NotificationOptions(
        prompts_changed=True, resources_changed=True, tools_changed=True))
    options.capabilities.resources.subscribe = True
    return options


server.create_initialization_options = initialization_options


@server.list_tools()
async def list_tools() -> list[t.Tool]:
    seen()
    return TOOLS + ADDED_TOOLS


def text(s: str) -> t.TextContent:
    return t.TextContent(type="text", text=s)


async def elicit(message: str, schema: dict) -> str:
    ctx = server.request_context
    answer = await ctx.session.elicit(message=message, requestedSchema=schema, related_request_id=ctx.request_id)
    return f"Elicitation completed: action={answer.action}, content={json.dumps(answer.content)}"


@server.call_tool(validate_input=False)
async def call_tool(name: str, arguments: dict):
    ctx = server.request_context
    seen()
    if name == "test_change_lists":
        if ADDED not in ADDED_TOOLS:
            ADDED_TOOLS.append(ADDED)
        for session in list(SESSIONS):
            await session.send_tool_list_changed()
            await session.send_resource_list_changed()
            await session.send_prompt_list_changed()
        return [text("lists changed")]
    if name == "test_update_watched":
        for session in list(SUBSCRIBERS.get("test://watched-resource", ())):
            await session.send_resource_updated("test://watched-resource")
        return [text(f"updated for {len(SUBSCRIBERS.get('test://watched-resource', ()))} subscribers")]
    if name == "test_simple_text":
        return [text("This is a simple text response for testing.")]
    if name == "test_image_content":
        return [t.ImageContent(type="image", data=PNG, mimeType="image/png")]
    if name == "test_audio_content":
        return [t.AudioContent(type="audio", data=WAV, mimeType="audio/wav")]
    if name == "test_embedded_resource":
        return [t.EmbeddedResource(type="resource", resource=t.TextResourceContents(
            uri="test://embedded-resource", mimeType="text/plain", text="This is an embedded resource content."))]
    if name == "test_multiple_content_types":
        return [
            text("Multiple content types test:"),
            t.ImageContent(type="image", data=PNG, mimeType="image/png"),
            t.EmbeddedResource(type="resource", resource=t.TextResourceContents(
                uri="test://mixed-content-resource", mimeType="application/json", text='{"test":"data","value":123}')),
        ]
    if name == "test_tool_with_logging":
        for i, message in enumerate(["Tool execution started", "Tool processing data", "Tool execution completed"]):
            if i:
                await anyio.sleep(0.05)
            await ctx.session.send_log_message(level="info", data=message, related_request_id=ctx.request_id)
        return [text("Tool with logging executed successfully")]
    if name == "test_error_handling":
        raise RuntimeError("This tool intentionally returns an error for testing")
    if name == "test_tool_with_progress":
        token = ctx.meta.progressToken if ctx.meta else None
        for i, progress in enumerate([0, 50, 100]):
            if i:
                await anyio.sleep(0.05)
            if token is not None:
                await ctx.session.send_progress_notification(token, progress, total=100, related_request_id=ctx.request_id)
        return [text("Tool with progress executed successfully")]
    if name == "test_sampling":
        answer = await ctx.session.create_message(
            messages=[t.SamplingMessage(role="user", content=text(arguments.get("prompt", "")))],
            max_tokens=100, related_request_id=ctx.request_id)
        return [text(f"LLM response: {getattr(answer.content, 'text', '')}")]
    if name == "test_elicitation":
        return [text(await elicit(arguments.get("message", ""), {
            "type": "object",
            "properties": {"username": {"type": "string", "description": "User's response"},
                           "email": {"type": "string", "description": "User's email address"}},
            "required": ["username", "email"]}))]
    if name == "test_elicitation_sep1034_defaults":
        return [text(await elicit("Please confirm your details", {"type": "object", "properties": {
            "name": {"type": "string", "default": "John Doe"},
            "age": {"type": "integer", "default": 30},
            "score": {"type": "number", "default": 95.5},
            "status": {"type": "string", "enum": ["active", "inactive", "pending"], "default": "active"},
            "verified": {"type": "boolean", "default": True}}}))]
    if name == "test_elicitation_sep1330_enums":
        return [text(await elicit("Please choose", {"type": "object", "properties": {
            "untitledSingle": {"type": "string", "enum": ["option1", "option2", "option3"]},
            "titledSingle": {"type": "string", "oneOf": [
                {"const": "value1", "title": "First Option"}, {"const": "value2", "title": "Second Option"},
                {"const": "value3", "title": "Third Option"}]},
            "legacyEnum": {"type": "string", "enum": ["opt1", "opt2", "opt3"],
                           "enumNames": ["Option One", "Option Two", "Option Three"]},
            "untitledMulti": {"type": "array", "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
            "titledMulti": {"type": "array", "items": {"anyOf": [
                {"const": "value1", "title": "First Choice"}, {"const": "value2", "title": "Second Choice"},
                {"const": "value3", "title": "Third Choice"}]}}}}))]
    if name == "json_schema_2020_12_tool":
        return [text(json.dumps(arguments))]
    raise ValueError(f"Unknown tool: {name}")


@server.list_resources()
async def list_resources() -> list[t.Resource]:
    return [
        t.Resource(uri="test://static-text", name="static-text", description="A static text resource", mimeType="text/plain"),
        t.Resource(uri="test://static-binary", name="static-binary", description="A static binary resource", mimeType="image/png"),
        t.Resource(uri="test://watched-resource", name="watched-resource", description="A resource to subscribe to", mimeType="text/plain"),
    ]


@server.list_resource_templates()
async def list_resource_templates() -> list[t.ResourceTemplate]:
    return [t.ResourceTemplate(uriTemplate="test://template/{id}/data", name="template", description="Data by id",
                               mimeType="application/json")]


@server.read_resource()
async def read_resource(uri):
    from mcp.server.lowlevel.helper_types import ReadResourceContents

    uri = str(uri)
    if uri == "test://static-text":
        return [ReadResourceContents(content="This is the content of the static text resource.", mime_type="text/plain")]
    if uri == "test://static-binary":
        return [ReadResourceContents(content=base64.b64decode(PNG), mime_type="image/png")]
    if uri == "test://watched-resource":
        return [ReadResourceContents(content="watched", mime_type="text/plain")]
    if uri.startswith("test://template/") and uri.endswith("/data"):
        id_ = uri[len("test://template/"):-len("/data")]
        body = json.dumps({"id": id_, "templateTest": True, "data": f"Data for ID: {id_}"}, separators=(",", ":"))
        return [ReadResourceContents(content=body, mime_type="application/json")]
    raise ValueError(f"Unknown resource: {uri}")


@server.subscribe_resource()
async def subscribe(uri) -> None:
    seen()
    subscriptions.add(str(uri))
    SUBSCRIBERS.setdefault(str(uri), weakref.WeakSet()).add(server.request_context.session)


@server.unsubscribe_resource()
async def unsubscribe(uri) -> None:
    subscriptions.discard(str(uri))
    SUBSCRIBERS.get(str(uri), weakref.WeakSet()).discard(server.request_context.session)


@server.set_logging_level()
async def set_logging_level(level) -> None:
    return None


@server.list_prompts()
async def list_prompts() -> list[t.Prompt]:
    return [
        t.Prompt(name="test_simple_prompt", description="A simple prompt"),
        t.Prompt(name="test_prompt_with_arguments", description="A prompt with arguments", arguments=[
            t.PromptArgument(name="arg1", description="First test argument", required=True),
            t.PromptArgument(name="arg2", description="Second test argument", required=True)]),
        t.Prompt(name="test_prompt_with_embedded_resource", description="A prompt with a resource", arguments=[
            t.PromptArgument(name="resourceUri", description="URI of the resource to embed", required=True)]),
        t.Prompt(name="test_prompt_with_image", description="A prompt with an image"),
    ]


@server.get_prompt()
async def get_prompt(name: str, arguments: dict | None) -> t.GetPromptResult:
    args = arguments or {}

    def user(content) -> t.PromptMessage:
        return t.PromptMessage(role="user", content=content)

    if name == "test_simple_prompt":
        return t.GetPromptResult(messages=[user(text("This is a simple prompt for testing."))])
    if name == "test_prompt_with_arguments":
        return t.GetPromptResult(messages=[user(text(
            f"Prompt with arguments: arg1='{args.get('arg1')}', arg2='{args.get('arg2')}'"))])
    if name == "test_prompt_with_embedded_resource":
        return t.GetPromptResult(messages=[
            user(t.EmbeddedResource(type="resource", resource=t.TextResourceContents(
                uri=args.get("resourceUri", "test://example-resource"), mimeType="text/plain",
                text="Embedded resource content for testing."))),
            user(text("Please process the embedded resource above."))])
    if name == "test_prompt_with_image":
        return t.GetPromptResult(messages=[
            user(t.ImageContent(type="image", data=PNG, mimeType="image/png")),
            user(text("Please analyze the image above."))])
    raise ValueError(f"Unknown prompt: {name}")


@server.completion()
async def complete(ref, argument, context) -> t.Completion:
    values = [v for v in ["paris", "park", "party"] if v.startswith(argument.value)]
    return t.Completion(values=values, total=len(values), hasMore=False)


manager = StreamableHTTPSessionManager(app=server)


@contextlib.asynccontextmanager
async def lifespan(app):
    async with manager.run():
        yield


async def handle(scope, receive, send):
    await manager.handle_request(scope, receive, send)


app = Starlette(routes=[Mount("/mcp", app=handle)], lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
