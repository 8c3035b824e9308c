"""A 127.0.0.1 server for cluster politeness tests: many invented hosts, one shared job board.

Every company site links its Greenhouse board, so every account's research asks the one
shared host `boards-api.greenhouse.io`. Hosts named `blocked…` (and their www.) serve a
robots.txt that disallows everything; `slow.test` asks a Crawl-delay. The server records,
per host, every request's arrival time and the most requests it had open at once.
Reach it with `LoopbackFactory(port)`, which builds a `webserver.LoopbackTransport`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler

from sites_server import LocalServer
from webserver import LoopbackTransport

SHARED_BOARD = "boards-api.greenhouse.io"
CRAWL_DELAY = 1.0


def page(host: str, path: str) -> tuple[int, str, str]:
    """Return (status, content type, body) of a path on an invented host."""
    bare = host.removeprefix("www.")
    name = bare.split(".")[0]
    if path == "/robots.txt":
        if bare.startswith("blocked"):
            return 200, "text/plain", "User-agent: *\nDisallow: /\n"
        if host == "slow.test":
            return 200, "text/plain", f"User-agent: *\nCrawl-delay: {CRAWL_DELAY:g}\n"
        return 404, "text/plain", "no robots.txt"
    if host == SHARED_BOARD and path.startswith("/v1/boards/"):
        job = {"title": "Account Executive", "location": {"name": "Remote"},
               "absolute_url": f"https://boards.greenhouse.io/{name}/jobs/1"}  # fmt: skip
        return 200, "application/json", json.dumps({"jobs": [job]})
    if path == "/":
        return 200, "text/html", (
            f"<html><head><title>{name.title()}</title></head><body><h1>{name.title()}</h1>"
            f"<p>{name.title()} makes software for finance teams.</p>"
            f"<a href='/about'>About us</a> "
            f"<a href='https://boards.greenhouse.io/{name}'>Careers</a></body></html>"
        )
    if path == "/about":
        return 200, "text/html", (
            f"<html><body><h1>About {name.title()}</h1><p>Founded in 2011, {name.title()} "
            "has a team of 120 people.</p></body></html>"
        )
    return 404, "text/plain", "not found"


class PolitenessServer(LocalServer):
    """Serve invented hosts after `latency` seconds; record arrivals and open requests per host."""

    def __init__(self, latency: float = 0.1):
        self.latency = latency
        self.arrivals: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self.open_now: dict[str, int] = defaultdict(int)
        self.most_open: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                with outer._lock:
                    outer.arrivals[host].append((time.monotonic(), self.path))
                    outer.open_now[host] += 1
                    outer.most_open[host] = max(outer.most_open[host], outer.open_now[host])
                try:
                    time.sleep(outer.latency)
                    status, kind, body = page(host, self.path.split("?")[0])
                    data = body.encode()
                    self.send_response(status)
                    self.send_header("Content-Type", f"{kind}; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    with outer._lock:
                        outer.open_now[host] -= 1

            def log_message(self, *args):
                pass

        self._listen(Handler)

    def paths(self, host: str) -> list[str]:
        """Return the paths requested of `host`, in arrival order."""
        with self._lock:
            return [path for _, path in self.arrivals[host]]

    def smallest_gap(self, host: str) -> float:
        """Return the shortest time between two arrivals at `host` (inf with fewer than two)."""
        with self._lock:
            times = sorted(at for at, _ in self.arrivals[host])
        return min((b - a for a, b in zip(times, times[1:], strict=False)), default=float("inf"))

    def clear(self) -> None:
        """Forget what was recorded."""
        with self._lock:
            self.arrivals.clear()
            self.most_open.clear()


class LoopbackFactory:
    """Build, in any process, a transport that sends every request to the server's port."""

    def __init__(self, port: int):
        self.port = port

    def __call__(self) -> LoopbackTransport:
        """Return a new transport to 127.0.0.1:port."""
        return LoopbackTransport(self)  # type: ignore[arg-type]
