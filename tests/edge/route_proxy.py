"""Cloudflare's zone routing, on loopback: one front port, each request
passed to the Worker whose route pattern matches its path (the most specific
pattern wins, as on Cloudflare), with the response streamed back as it comes
(SSE included).

    route_proxy.py ROUTES_FILE     ROUTES_FILE holds [["/mcp/v1*", 8801], ...]

The proxy binds a port of the kernel's choosing and prints it on stdout
before the Workers start (the Workers need the deployment's URL), so no
other process can take the port between choosing and binding it; the routes
file is written once the Workers listen, and read again whenever it changes.
"""

import http.client
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def matches(pattern: str, path: str) -> bool:
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path == pattern


class Routes:
    def __init__(self, path: str):
        self.path, self.stamp, self.routes, self.lock = path, None, [], threading.Lock()

    def current(self) -> list:
        with self.lock:
            try:
                stamp = os.stat(self.path).st_mtime_ns
            except FileNotFoundError:
                return []
            if stamp != self.stamp:
                with open(self.path) as f:
                    routes = json.load(f)
                # Most specific first: an exact path before a prefix, longer before shorter.
                self.routes = sorted(routes, key=lambda r: (r[0].endswith("*"), -len(r[0])))
                self.stamp = stamp
            return self.routes


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: Routes

    def log_message(self, *args):
        pass

    def forward(self):
        path = self.path.split("?", 1)[0]
        port = next((p for pattern, p in self.routes.current() if matches(pattern, path)), None)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        if port is None:
            self.send_response(404)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            resp = upstream.getresponse()
        except OSError:
            self.send_response(502)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        self.send_response_only(resp.status, resp.reason)
        if resp.status in (204, 304) or self.command == "HEAD":
            for k, v in resp.getheaders():
                if k.lower() not in HOP:
                    self.send_header(k, v)
            self.end_headers()
            upstream.close()
            return
        sized = resp.getheader("content-length") is not None
        for k, v in resp.getheaders():
            if k.lower() not in HOP:
                self.send_header(k, v)
        if not sized:
            self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        try:
            while True:
                chunk = resp.read1(65536)
                if not chunk:
                    break
                if sized:
                    self.wfile.write(chunk)
                else:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            if not sized:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
        except OSError:
            self.close_connection = True
        finally:
            upstream.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = forward


def main():
    Proxy.routes = Routes(sys.argv[1])
    # The socket's backlog is 5 by default: a burst of parallel clients (the
    # gateway's fifty-request budget test) found it full and was reset.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
