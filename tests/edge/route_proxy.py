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


def most_specific_first(routes: list) -> list:
    """[pattern, target] pairs in the order Cloudflare tries them: an exact
    path before a prefix, longer before shorter."""
    return sorted(routes, key=lambda r: (r[0].endswith("*"), -len(r[0])))


def route_for(ordered: list, path: str):
    """The target of the first route in `ordered` (most specific first)
    that matches `path`, or None."""
    return next((target for pattern, target in ordered if matches(pattern, path)), None)


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
                self.routes = most_specific_first(routes)
                self.stamp = stamp
            return self.routes


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: Routes

    def log_message(self, *args):
        pass

    def forward(self):
        path = self.path.split("?", 1)[0]
        port = route_for(self.routes.current(), path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        if port is None:
            self.send_response(404)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        try:
            upstream, resp = self.send_to(port, body, headers)
            if restarted_mid_request(resp):
                upstream.close()
                upstream, resp = self.send_to(port, body, headers)
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

    def send_to(self, port: int, body: bytes | None, headers: dict):
        """The request to the Worker on `port`, and its answer's head.

        `wrangler dev` puts a proxy worker of its own in front of each
        Worker, and when its fetch to the Worker fails (a connection between
        the two workerd processes lost, which a loaded machine sees now and
        then), it takes the Worker for restarted: it answers any other
        method 503 "Your worker restarted mid-request" and holds a GET until
        its next request arrives. Neither is Preloop's answer, and neither
        exists on Cloudflare, so a held GET is woken by another request,
        and that 503 is sent again, once."""
        upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        answered = threading.Event()
        if self.command in ("GET", "HEAD"):
            threading.Thread(target=wake_held_requests, args=(port, answered), daemon=True).start()
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            return upstream, upstream.getresponse()
        except OSError:
            upstream.close()
            raise
        finally:
            answered.set()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = forward


# How long a GET waits for its answer's head before the Worker's dev proxy
# is sent a request that makes it try what it holds again.
WAKE_AFTER_S = 3.0


def wake_held_requests(port: int, answered: threading.Event) -> None:
    while not answered.wait(WAKE_AFTER_S):
        try:
            wake = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            wake.request("HEAD", "/")
            wake.getresponse().read()
            wake.close()
        except OSError:
            pass


def restarted_mid_request(resp) -> bool:
    """Whether `resp` is wrangler's proxy saying its fetch to the Worker
    failed: 503, `Retry-After: 0` and plain text ("Your worker restarted
    mid-request…"). Preloop's own 503s are JSON."""
    return (resp.status == 503 and resp.getheader("retry-after") == "0"
            and (resp.getheader("content-type") or "").startswith("text/plain"))


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
