"""A local OpenAI-compatible test server: real HTTP on 127.0.0.1, scripted per test.

    with LLMTestServer() as server:
        server.add(Reply.rate_limited(retry_after="7"), Reply.json({"facts": []}))
        client = build_llm_client(Settings(llm_base_url=server.url))
        ...
        server.requests  # every request body received, in order

Replies are served from the script in order; when it runs out, `responder(body)` answers
(or a 500 saying the script is exhausted). `reject_json_schema=True` answers every request with
`response_format.type == "json_schema"` by HTTP 500, as the llama.cpp server does. Usage is
reported as 4 characters a token unless a reply fixes it, so token tests are deterministic.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Reply:
    """One scripted answer: a completion, or an HTTP fault."""

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    """An error body (status >= 400) to send instead of a completion."""
    delay: float = 0.0
    usage: tuple[int, int] | None = None
    """(prompt_tokens, completion_tokens) to report; None = 4 characters a token."""
    raw: bytes | None = None
    """Bytes to send as the HTTP body, as is (a broken response)."""

    @classmethod
    def json(cls, value: Any, **kwargs: Any) -> Reply:
        """Answer with `value` as the message content (JSON text)."""
        return cls(content=json.dumps(value), **kwargs)

    @classmethod
    def rate_limited(cls, retry_after: str | None = "1") -> Reply:
        """Answer 429, with a Retry-After header when given."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        error = {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}
        return cls(status=429, headers=headers, body=error)

    @classmethod
    def server_error(cls, status: int = 500, message: str = "Internal Server Error") -> Reply:
        """Answer a 5xx."""
        return cls(status=status, body={"error": {"message": message, "type": "server_error"}})

    @classmethod
    def slow(cls, seconds: float, value: Any = None) -> Reply:
        """Answer after `seconds` (longer than the client's timeout: a timeout)."""
        return cls(content=json.dumps(value), delay=seconds)

    @classmethod
    def invalid_json(cls, text: str = '{"facts": [ {"field": "industry", ', **kwargs: Any) -> Reply:
        """Answer with message content that is not JSON."""
        return cls(content=text, **kwargs)


class LLMTestServer:
    """`/v1/chat/completions` on 127.0.0.1 with scripted replies and recorded requests."""

    def __init__(
        self,
        *,
        reject_json_schema: bool = False,
        responder: Callable[[dict[str, Any]], Reply] | None = None,
    ):
        self.reject_json_schema = reject_json_schema
        self.responder = responder
        self.script: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        """Most requests being answered at the same time (for concurrency-limit tests)."""
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Return the base URL to give the OpenAI SDK."""
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def add(self, *replies: Reply) -> None:
        """Append replies to the script."""
        with self._lock:
            self.script.extend(replies)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        """Record a request and choose its reply."""
        with self._lock:
            self.requests.append(body)
            response_format = body.get("response_format") or {}
            if self.reject_json_schema and response_format.get("type") == "json_schema":
                return Reply.server_error()
            if self.script:
                return self.script.popleft()
        if self.responder is not None:
            return self.responder(body)
        return Reply.server_error(message="test server: no scripted reply left")

    def start(self) -> LLMTestServer:
        """Start serving on a free port."""
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a slow reply must not hold up the test's end
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LLMTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    if reply.usage is not None:
        prompt_tokens, completion_tokens = reply.usage
    else:
        prompt_tokens = len(json.dumps(body.get("messages", []))) // 4
        completion_tokens = len(reply.content or "") // 4
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body.get("model", "test-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _handler(server: LLMTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if urlsplit(self.path).path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                self._send(400, {"error": {"message": "request body is not JSON"}})
                return
            body["_headers"] = {k.lower(): v for k, v in self.headers.items()}
            body["_path"] = self.path
            reply = server.next_reply(body)
            with server._lock:
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                if reply.delay:
                    time.sleep(reply.delay)
                self._answer(body, reply)
            finally:
                with server._lock:
                    server.in_flight -= 1

        def _answer(self, body: dict[str, Any], reply: Reply) -> None:
            if reply.raw is not None:
                self._send_bytes(reply.status, reply.raw, reply.headers)
            elif reply.status >= 400:
                self._send(
                    reply.status, reply.body or {"error": {"message": "error"}}, reply.headers
                )
            else:
                self._send(200, _completion(body, reply), reply.headers)

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), headers or {})

        def _send_bytes(self, status: int, data: bytes, headers: dict[str, str]) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                pass

    return Handler
