"""A reverse proxy that adds `Authorization: Bearer <key>` to every request:
the MCP conformance suite sends no credentials, and Preloop needs a key.
Everything else passes through as sent (the `Host` and `Origin` headers
included, so Preloop's own checks see what the suite sent), and answers are
streamed back as they come (SSE).

Usage: python auth_proxy.py LISTEN_PORT TARGET_BASE_URL KEY
"""

import sys

import httpx
import uvicorn
from starlette.requests import Request
from starlette.responses import StreamingResponse

PORT, TARGET, KEY = int(sys.argv[1]), sys.argv[2].rstrip("/"), sys.argv[3]
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length"}
client = httpx.AsyncClient(timeout=httpx.Timeout(120.0))


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    request = Request(scope, receive)
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    headers["authorization"] = f"Bearer {KEY}"
    url = TARGET + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    upstream = client.build_request(request.method, url, headers=headers, content=await request.body())
    answer = await client.send(upstream, stream=True)

    async def body():
        try:
            async for chunk in answer.aiter_raw():
                yield chunk
        finally:
            await answer.aclose()

    out = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
    await StreamingResponse(body(), status_code=answer.status_code, headers=out)(scope, receive, send)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
