"""Added latency as clients see it: the same client calls the same upstream
directly and through `preloop serve`, in the same run, interleaved in short
blocks so that drift on a noisy machine falls on both sides alike.

Two clients, each one session and sequential calls: raw JSON-RPC over httpx
(one keep-alive connection), and the official Python MCP SDK (2.x `Client`).
Two paths: the 2025-06-18 session (initialize once, `Mcp-Session-Id` on
every call) and the stateless 2026-07-28 (no handshake).
"""

import asyncio
import contextlib
import json
import time

import httpx

MARKER = "latency-marker-5d1e"
SESSION_VERSION = "2025-06-18"
MODERN = "2026-07-28"
BLOCK = 25


class RawClient:
    """Raw JSON-RPC over one httpx keep-alive connection."""

    def __init__(self, url: str, key: str | None, protocol: str):
        self.url = url
        self.protocol = protocol
        self.http = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=1))
        self.headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if key:
            self.headers["Authorization"] = f"Bearer {key}"
        self.id = 0
        # The last answer, for its headers (Server-Timing).
        self.last: httpx.Response | None = None
        if protocol == "session":
            r = self.http.post(url, headers=self.headers, json={
                "jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": {"protocolVersion": SESSION_VERSION, "capabilities": {},
                           "clientInfo": {"name": "bench-raw", "version": "1"}}})
            r.raise_for_status()
            self.headers["Mcp-Session-Id"] = r.headers["mcp-session-id"]
            self.headers["MCP-Protocol-Version"] = SESSION_VERSION
            self.http.post(url, headers=self.headers, json={"jsonrpc": "2.0", "method": "notifications/initialized"})

    def call(self, tool: str) -> float:
        """One tools/call; its latency in microseconds."""
        self.id += 1
        params = {"name": tool, "arguments": {"text": MARKER}}
        headers = self.headers
        if self.protocol == "stateless":
            params["_meta"] = {"io.modelcontextprotocol/protocolVersion": MODERN,
                               "io.modelcontextprotocol/clientCapabilities": {}}
            headers = {**headers, "MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call", "Mcp-Name": tool}
        body = json.dumps({"jsonrpc": "2.0", "id": self.id, "method": "tools/call", "params": params}).encode()
        start = time.perf_counter()
        r = self.http.post(self.url, content=body, headers=headers)
        elapsed = time.perf_counter() - start
        self.last = r
        if r.status_code != 200 or MARKER not in r.text or '"isError":true' in r.text:
            raise RuntimeError(f"{self.url} {tool}: HTTP {r.status_code}: {r.text[:300]}")
        return elapsed * 1e6

    def close(self) -> None:
        self.http.close()


def measure_raw(targets: dict, protocol: str, n: int, warmup: int) -> dict[str, list[float]]:
    """targets: label -> (url, key, tool). n samples each, interleaved."""
    clients = {label: RawClient(url, key, protocol) for label, (url, key, _) in targets.items()}
    try:
        for label, client in clients.items():
            for _ in range(warmup):
                client.call(targets[label][2])
        samples = {label: [] for label in targets}
        while any(len(s) < n for s in samples.values()):
            for label, client in clients.items():
                tool = targets[label][2]
                for _ in range(min(BLOCK, n - len(samples[label]))):
                    samples[label].append(client.call(tool))
        return samples
    finally:
        for client in clients.values():
            client.close()


async def _measure_sdk(targets: dict, protocol: str, n: int, warmup: int) -> dict[str, list[float]]:
    from mcp.client import Client
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    mode = "legacy" if protocol == "session" else MODERN
    async with contextlib.AsyncExitStack() as stack:
        clients = {}
        for label, (url, key, _) in targets.items():
            http = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"} if key else None)
            await stack.enter_async_context(http)
            clients[label] = await stack.enter_async_context(Client(streamable_http_client(url, http_client=http), mode=mode))

        async def call(label: str) -> float:
            start = time.perf_counter()
            result = await clients[label].call_tool(targets[label][2], {"text": MARKER})
            elapsed = time.perf_counter() - start
            texts = [getattr(c, "text", "") for c in result.content]
            if getattr(result, "is_error", False) or MARKER not in "".join(texts):
                raise RuntimeError(f"{label}: unexpected result {result}")
            return elapsed * 1e6

        for label in clients:
            for _ in range(warmup):
                await call(label)
        samples = {label: [] for label in targets}
        while any(len(s) < n for s in samples.values()):
            for label in clients:
                for _ in range(min(BLOCK, n - len(samples[label]))):
                    samples[label].append(await call(label))
        return samples


def measure_sdk(targets: dict, protocol: str, n: int, warmup: int) -> dict[str, list[float]]:
    return asyncio.run(_measure_sdk(targets, protocol, n, warmup))


CLIENTS = {"httpx": measure_raw, "sdk": measure_sdk}
