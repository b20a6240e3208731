"""An upstream MCP server with resources, a resource template, a prompt and
completions, built on the official Python SDK (2.x line, `MCPServer`). Every
read and prompt it serves is appended to the JSON-lines file named by
FIXTURE_CALL_LOG, which is how the tests prove that a denied read never
reached it.

Usage: python docs_server.py PORT
"""

import json
import os
import sys

from mcp.server.mcpserver import MCPServer
from mcp.types import Completion, CompletionArgument, CompletionContext, PromptReference, ResourceTemplateReference

PORT = int(sys.argv[1])
LOG = os.environ["FIXTURE_CALL_LOG"]
DOCS = {"readme": "# Readme\nHello from the docs server.", "secret": "the launch codes", "guide": "# Guide"}
LANGUAGES = ["go", "python", "rust"]

server = MCPServer("docs-upstream", log_level="WARNING")


def record(kind: str, **what) -> None:
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps({"tool": kind, "arguments": what}) + "\n")


@server.resource("file:///docs/readme.md", name="readme", mime_type="text/markdown")
def readme() -> str:
    record("read", uri="file:///docs/readme.md")
    return DOCS["readme"]


@server.resource("file:///docs/secret.md", name="secret", mime_type="text/markdown")
def secret() -> str:
    record("read", uri="file:///docs/secret.md")
    return DOCS["secret"]


@server.resource("file:///docs/{name}", name="doc", description="A document by name")
def doc(name: str) -> str:
    record("read", uri=f"file:///docs/{name}")
    return DOCS.get(name, f"no document named {name}")


@server.prompt(description="Review some code")
def review(language: str, focus: str = "bugs") -> str:
    record("prompt", name="review", language=language, focus=focus)
    return f"Review this {language} code for {focus}."


@server.completion()
async def complete(ref, argument: CompletionArgument, context: CompletionContext | None):
    if isinstance(ref, PromptReference) and argument.name == "language":
        return Completion(values=[x for x in LANGUAGES if x.startswith(argument.value)])
    if isinstance(ref, ResourceTemplateReference) and argument.name == "name":
        return Completion(values=sorted(k for k in DOCS if k.startswith(argument.value)))
    return None


if __name__ == "__main__":
    server.run("streamable-http", host="127.0.0.1", port=PORT)
