"""A model provider for the gateway's tests: answers OpenAI's Chat
Completions, Responses and Embeddings APIs and Anthropic's Messages API
(`/v1/messages`) with the recorded answers in tests/fixtures/providers,
replayed byte for byte, and records every request it gets.

Usage: model_provider.py PORT LOG_FILE API_KEY

- The key must come as `Authorization: Bearer API_KEY` (OpenAI) or
  `x-api-key: API_KEY` (Anthropic); any other gets the 401 the provider
  answers (OpenAI's quotes part of the key it was sent).
- The model name picks the behaviour: `fail-500` answers a 500,
  `cut-stream` streams three events and drops the connection,
  `slow-answer` waits 3 s before it answers, `stall-stream` streams three
  events then falls silent for 3 s, `huge-answer` answers 17 MiB of JSON,
  `huge-event` streams one event then 5 MiB with no end of event, anything
  else answers the fixtures (a tool call when the request has tools).
- Two models compute their answers, for Preloop's own use of a model
  (tests/acceptance/test_trackers_models.py): `compliance-judge` reads the
  issue JSON in the last message and answers the definition-of-ready JSON
  (acceptance criteria pass only when the body has them, by a rule of its
  own), and `bag-of-words` embeds each text as hashed word counts, so texts
  that share words are near.
- A stream is written event by event, each flushed on its own, with a
  pause between them: 5 ms, or `MODEL_PROVIDER_PAUSE_MS`.
"""

import base64
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PORT, LOG, KEY = int(sys.argv[1]), sys.argv[2], sys.argv[3]
PROVIDERS = Path(__file__).resolve().parent.parent / "fixtures" / "providers"
FIXTURES = PROVIDERS / "openai"
ANTHROPIC = PROVIDERS / "anthropic"
lock = threading.Lock()
PAUSE = int(os.environ.get("MODEL_PROVIDER_PAUSE_MS", "5")) / 1000


def events(name: str, folder: Path = FIXTURES) -> list[bytes]:
    raw = (folder / name).read_bytes()
    return [e + b"\n\n" for e in raw.split(b"\n\n") if e.strip()]


def bag_of_words(body: dict) -> dict:
    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
    data = []
    for i, text in enumerate(texts):
        v = [0.0] * 64
        for word in text.lower().split():
            word = "".join(c for c in word if c.isalnum())
            if word:
                v[int(hashlib.sha256(word.encode()).hexdigest(), 16) % 64] += 1.0
        data.append({"object": "embedding", "index": i, "embedding": v})
    tokens = sum(len(t.split()) for t in texts)
    return {"object": "list", "data": data, "model": body["model"],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def judge(body: dict) -> dict:
    issue = json.loads(body["messages"][-1]["content"])
    text = issue["body"].lower()
    checks = {name: {"applies": True, "passed": True, "suggestion": None}
              for name in ["clear_title", "description", "acceptance_criteria", "reproduction_steps",
                           "labels", "priority", "linked_dependencies"]}
    checks["reproduction_steps"]["applies"] = False
    checks["linked_dependencies"]["applies"] = False
    if "acceptance criteria" not in text:
        checks["acceptance_criteria"].update(
            passed=False, suggestion=f"Judge: say what must be true when '{issue['title']}' is done.")
    content = json.dumps({"checks": checks})
    prompt = sum(len(m["content"]) for m in body["messages"]) // 4
    return {"id": "chatcmpl-judge", "object": "chat.completion", "created": int(time.time()),
            "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": len(content) // 4,
                      "total_tokens": prompt + len(content) // 4}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out as separate writes: without this, Nagle's
        # algorithm holds the body for the client's delayed ACK (40 ms).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def answer(self, status: int, body: bytes, content_type: str = "application/json"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        body = json.loads(raw or b"{}")
        with lock, open(LOG, "a") as f:
            f.write(json.dumps({"path": self.path, "authorization": self.headers.get("authorization"),
                                "x-api-key": self.headers.get("x-api-key"),
                                "anthropic-version": self.headers.get("anthropic-version"),
                                "accept": self.headers.get("accept"), "body": body}) + "\n")
        if self.path == "/v1/messages":
            return self.messages(body)
        if self.path == "/v1/messages/count_tokens":
            if self.headers.get("x-api-key") != KEY:
                return self.answer(401, b'{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}')
            return self.answer(200, b'{"input_tokens":14}')
        if self.headers.get("authorization") != f"Bearer {KEY}":
            sent = (self.headers.get("authorization") or "").removeprefix("Bearer ")
            message = (f"Incorrect API key provided: {sent[:3]}*********{sent[-4:]}. You can find your API key at "
                       "https://platform.openai.com/account/api-keys.")
            error = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}
            return self.answer(401, json.dumps(error, indent=4).encode())
        if self.path == "/v1/responses":
            if not body.get("stream"):
                return self.answer(200, (FIXTURES / "responses.json").read_bytes())
            return self.stream(events("responses_stream.sse"), body.get("model"))
        if self.path == "/v1/embeddings" and body.get("model") == "bag-of-words":
            return self.answer(200, json.dumps(bag_of_words(body)).encode())
        if self.path == "/v1/chat/completions" and body.get("model") == "compliance-judge":
            return self.answer(200, json.dumps(judge(body)).encode())
        if self.path == "/v1/embeddings":
            answer = json.loads((FIXTURES / "embeddings.json").read_bytes())
            if body.get("encoding_format") == "base64":
                for item in answer["data"]:
                    item["embedding"] = base64.b64encode(struct.pack(f"<{len(item['embedding'])}f", *item["embedding"])).decode()
            return self.answer(200, json.dumps(answer, indent=2).encode())
        if self.path != "/v1/chat/completions":
            return self.answer(404, b'{"error":{"message":"Unknown request URL","type":"invalid_request_error","param":null,"code":"unknown_url"}}')
        model = body.get("model")
        if model == "fail-500":
            error = {"error": {"message": "The server had an error while processing your request. Sorry about that!",
                               "type": "server_error", "param": None, "code": None}}
            return self.answer(500, json.dumps(error, indent=2).encode())
        if model == "slow-answer":
            time.sleep(3)
        if model == "huge-answer" and not body.get("stream"):
            return self.answer(200, b'{"id": "chatcmpl-huge", "pad": "' + b"a" * (17 << 20) + b'"}')
        if model == "huge-event" and body.get("stream"):
            return self.endless_event(events("chat_stream.sse")[0])
        if not body.get("stream"):
            return self.answer(200, (FIXTURES / "chat.json").read_bytes())
        include_usage = (body.get("stream_options") or {}).get("include_usage") is True
        if body.get("tools"):
            name = "chat_tool_call_stream.sse"
        else:
            name = "chat_stream_usage.sse" if include_usage else "chat_stream.sse"
        self.stream(events(name), model)

    def messages(self, body: dict):
        if self.headers.get("x-api-key") != KEY:
            error = {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"},
                     "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}
            return self.answer(401, json.dumps(error, separators=(",", ":")).encode())
        model = body.get("model")
        if model == "fail-500":
            error = {"type": "error", "error": {"type": "api_error", "message": "Internal server error"}}
            return self.answer(500, json.dumps(error, separators=(",", ":")).encode())
        if not body.get("stream"):
            return self.answer(200, (ANTHROPIC / "messages.json").read_bytes())
        name = "messages_tool_use_stream.sse" if body.get("tools") else "messages_stream.sse"
        self.stream(events(name, ANTHROPIC), model)

    def endless_event(self, first: bytes):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        piece = b"data: " + b"a" * (64 << 10)
        try:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(first), first))
            for _ in range(80):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            # The gateway hung up on it, as it should.
            self.close_connection = True

    def stream(self, items: list[bytes], model: str):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for i, event in enumerate(items):
            if model == "cut-stream" and i == 3:
                # Gone mid-stream: no last chunk, no [DONE], no end of body.
                self.wfile.flush()
                self.connection.shutdown(2)
                self.close_connection = True
                return
            if model == "stall-stream" and i == 3:
                time.sleep(3)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
            self.wfile.flush()
            if PAUSE:
                time.sleep(PAUSE)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
