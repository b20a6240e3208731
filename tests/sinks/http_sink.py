"""An HTTP receiver for notification tests: records every POST as a JSON line.

Usage: http_sink.py PORT LOG_FILE SECRET

Each record has the path, lower-cased headers, the body (parsed when JSON)
and, when an `X-Preloop-Signature` header is present, whether it verifies
with SECRET (HMAC-SHA256 over "<t>.<body>", t within five minutes): the
receiver checks signatures itself, the way a real integration would.

A path starting with /fail-N/ answers 500 to its first N requests, so
retries can be observed.
"""

import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
lock = threading.Lock()
seen: dict[str, int] = {}


def verify(header: str, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - t) > 300:
        return False
    expected = hmac.new(SECRET, f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = body.decode(errors="replace")
        record = {"path": self.path, "headers": headers, "body": parsed, "at": time.time()}
        if "x-preloop-signature" in headers:
            record["signature_valid"] = verify(headers["x-preloop-signature"], body)
        status = 200
        with lock:
            seen[self.path] = seen.get(self.path, 0) + 1
            if self.path.startswith("/fail-"):
                failures = int(self.path.split("/")[1][5:])
                if seen[self.path] <= failures:
                    status = 500
            record["status"] = status
            with open(LOG, "a") as f:
                f.write(json.dumps(record) + "\n")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}' if status == 200 else b'{"error": "try later"}')

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
