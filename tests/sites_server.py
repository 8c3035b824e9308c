"""A local multi-site web server for batch tests: many invented hosts on one 127.0.0.1 port.

`SitesServer` answers by Host header with a small generated company site (home, about,
careers) after an optional latency, and logs every request (host, path). Reach it with
`webserver.LoopbackTransport(server)`, which sends every URL to its port keeping the Host.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


def site_pages(host: str) -> dict[str, str]:
    """Return the pages of the invented company at `host` (its facts derive from its name)."""
    number = sum(map(ord, host)) % 900 + 20
    name = host.split(".")[0].capitalize()
    return {
        "/": f"<html><head><title>{name}</title></head><body><h1>{name}</h1>"
        f"<p>{name} makes software for finance teams.</p>"
        f"<a href='/about'>About us</a> <a href='/careers'>Careers</a></body></html>",
        "/about": f"<html><body><h1>About {name}</h1><p>Founded in {1990 + number % 30}, "
        f"{name} has a team of {number} people.</p></body></html>",
        "/careers": "<html><body><h1>Careers</h1><p>We have no open roles right now.</p>"
        "</body></html>",
    }


class LocalServer:
    """A threaded HTTP server on a free 127.0.0.1 port, serving while used as a context."""

    def _listen(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class SitesServer(LocalServer):
    """Serve generated sites on 127.0.0.1 with a per-response latency and a request log."""

    def __init__(self, latency: float = 0.0):
        self.latency = latency
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                with outer._lock:
                    outer.log.append((host, self.path))
                if outer.latency:
                    time.sleep(outer.latency)
                body = site_pages(host).get(self.path)
                status = 200 if body is not None else 404
                data = (body or "not found").encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._listen(Handler)

    def hosts_requested(self) -> set[str]:
        """Return every host that received a request."""
        with self._lock:
            return {host for host, _ in self.log}
