"""An upstream that misbehaves on purpose, for the tests that show Preloop
bounds what it reads from upstreams and keeps serving everyone else.

  GET  /endless   an event stream whose first event never ends (the legacy
                  SSE handshake waits for its endpoint), as fast as it can
  POST /pager     a Streamable HTTP server whose resources/list pages forever

Usage: python hostile_server.py PORT
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path != "/endless":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        junk = b"data: " + b"x" * 4000 + b"\n"
        try:
            while True:
                self.wfile.write(junk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        message = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/pager":
            self.send_error(404)
            return
        method = message.get("method")
        if "id" not in message:
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if method == "initialize":
            result = {"protocolVersion": "2025-06-18", "serverInfo": {"name": "pager", "version": "1"},
                      "capabilities": {"tools": {}, "resources": {}}}
        elif method == "tools/list":
            result = {"tools": []}
        elif method == "resources/list":
            page = int((message.get("params") or {}).get("cursor") or 0)
            result = {"resources": [{"uri": f"pager://r/{page}/{i}", "name": f"r{i}"} for i in range(500)],
                      "nextCursor": str(page + 1)}
        else:
            result = None
        body = json.dumps({"jsonrpc": "2.0", "id": message["id"],
                           **({"result": result} if result is not None else
                              {"error": {"code": -32601, "message": "Method not found"}})}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
