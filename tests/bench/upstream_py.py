"""The Python MCP SDK's own server as a benchmark upstream: `MCPServer`
(2.x line), Streamable HTTP, with the same two tools as the Rust
bench upstream (`echo` and `checked_echo`, which echo `text`).

Usage: python upstream_py.py PORT [--json-response]
  default: tools/call answered as an SSE stream; --json-response: as JSON.
"""

import sys

from mcp.server.mcpserver import MCPServer

PORT = int(sys.argv[1])
JSON_RESPONSE = "--json-response" in sys.argv[2:]

server = MCPServer("bench-upstream-py", log_level="WARNING")


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


@server.tool()
def checked_echo(text: str) -> str:
    """Echo the text back."""
    return text


if __name__ == "__main__":
    server.run("streamable-http", host="127.0.0.1", port=PORT, json_response=JSON_RESPONSE)
