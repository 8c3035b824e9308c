"""The one place for HTTP manners: robots.txt, rate limits, retries, caps and the SSRF guard.

`Fetcher.get` never raises for expected failures: it returns a `FetchResult` whose `error`
names what happened (see `agent.errors.FetchErrorKind`), so one bad page never sinks an
account. Defaults are explicit in `HttpSettings`.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import ipaddress
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from agent.errors import FetchErrorKind

DEFAULT_USER_AGENT = "icp-agent/0.1 (+https://github.com/icp-agent/icp-agent; research bot)"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
TEXT_TYPES = ("text/", "application/json", "application/ld+json", "application/xml",
              "application/xhtml+xml", "application/rss+xml", "application/atom+xml")  # fmt: skip


@dataclass(frozen=True)
class HttpSettings:
    """Politeness and safety settings of the fetcher; every default is deliberate."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff_base: float = 0.5
    max_retry_after: float = 60.0
    per_host_concurrency: int = 2
    per_host_delay: float = 0.5
    max_crawl_delay: float = 30.0
    global_concurrency: int = 16
    obey_robots: bool = True
    allow_private_network: bool = False


@dataclass
class FetchResult:
    """The outcome of one GET: a response (maybe an HTTP error status) or a typed failure."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    error: FetchErrorKind | None = None
    detail: str | None = None
    truncated: bool = False
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    attempts: int = 0

    @property
    def ok(self) -> bool:
        """Whether a 2xx response with a body we accept was received."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        """Return the media type without parameters, lower-cased."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        """Decode the body (charset from headers, else UTF-8 with replacement)."""
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    @property
    def content_hash(self) -> str:
        """Return the SHA-256 of the body."""
        return hashlib.sha256(self.content).hexdigest()


def is_public_address(address: str) -> bool:
    """Return whether an IP address is globally routable (not private, loopback, etc.)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


async def resolve_host(host: str, port: int) -> list[str]:
    """Resolve `host` to its IP addresses (IP literals resolve to themselves)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed is None:
            return None
        return max(0.0, (parsed - datetime.now(UTC)).total_seconds())


class _HostGate:
    """Per-host concurrency and minimum spacing between request starts."""

    def __init__(self, concurrency: int, delay: float):
        self.semaphore = asyncio.Semaphore(concurrency)
        self.delay = delay
        self._lock = asyncio.Lock()
        self._next_start = 0.0

    async def wait_turn(self) -> None:
        async with self._lock:
            now = time.monotonic()
            wait = self._next_start - now
            self._next_start = max(now, self._next_start) + self.delay
        if wait > 0:
            await asyncio.sleep(wait)


Recorder = Callable[[str, int, list[tuple[str, str]], bytes], None]


class Fetcher:
    """Async HTTP GET with manners; one instance is shared by every account of a batch."""

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        recorder: Recorder | None = None,
        resolver: Callable | None = None,
    ):
        self.settings = settings or HttpSettings()
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(
                self.settings.read_timeout, connect=self.settings.connect_timeout
            ),
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._recorder = recorder
        self._resolve = resolver or resolve_host
        self._global = asyncio.Semaphore(self.settings.global_concurrency)
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, asyncio.Future[Protego | None]] = {}
        self.requests_made = 0

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying client."""
        await self._client.aclose()

    # -- public ----------------------------------------------------------------------------

    async def get(self, url: str, *, robots: bool = True) -> FetchResult:
        """GET `url` following redirects by hand, each hop checked by the SSRF guard."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return FetchResult(url, current, error="invalid_url", detail=current)
            refusal = await self._check_address(parts.hostname, parts.port, parts.scheme)
            if refusal:
                return FetchResult(url, current, error="blocked_private_address", detail=refusal)
            if robots and self.settings.obey_robots and not await self._robots_allow(current):
                return FetchResult(url, current, error="robots_disallowed", detail=current)
            result = await self._get_once(url, current)
            location = result.headers.get("location")
            if result.error or result.status not in (301, 302, 303, 307, 308) or not location:
                return result
            current = urljoin(current, location)
        return FetchResult(url, current, error="too_many_redirects", detail=current)

    # -- manners ---------------------------------------------------------------------------

    def _gate(self, host: str, crawl_delay: float = 0.0) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            delay = max(self.settings.per_host_delay, crawl_delay)
            gate = self._gates[host] = _HostGate(self.settings.per_host_concurrency, delay)
        return gate

    async def _check_address(self, host: str, port: int | None, scheme: str) -> str | None:
        if self.settings.allow_private_network:
            return None
        try:
            addresses = await self._resolve(host, port or (443 if scheme == "https" else 80))
        except OSError as exc:
            return f"cannot resolve {host}: {exc}"
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked or not addresses:
            return f"{host} resolves to non-public address {', '.join(blocked) or 'none'}"
        return None

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        future = self._robots.get(origin)
        if future is None:
            future = self._robots[origin] = asyncio.get_running_loop().create_future()
            future.set_result(await self._load_robots(origin))
        parser = await future
        if parser is None:
            return True
        return parser.can_fetch(url, self.settings.user_agent)

    async def _load_robots(self, origin: str) -> Protego | None:
        """Fetch and parse robots.txt (RFC 9309: 4xx = allow all, 5xx/unreachable = deny all)."""
        result = await self.get(origin + "/robots.txt", robots=False)
        if result.status is not None and 400 <= result.status < 500:
            return None
        if not result.ok:
            return Protego.parse("User-agent: *\nDisallow: /")
        parser = Protego.parse(result.text)
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            host = urlsplit(origin).netloc.lower()
            gate = self._gate(host)
            gate.delay = max(gate.delay, min(float(delay), self.settings.max_crawl_delay))
        return parser

    async def _get_once(self, original: str, url: str) -> FetchResult:
        host = urlsplit(url).netloc.lower()
        gate = self._gate(host)
        attempt = 0
        while True:
            attempt += 1
            async with self._global, gate.semaphore:
                await gate.wait_turn()
                result = await self._request(original, url)
            result.attempts = attempt
            if attempt > self.settings.retries or not (
                result.error == "timeout"
                or result.error == "network"
                or result.status in RETRY_STATUSES
            ):
                return result
            wait = _retry_after_seconds(result.headers.get("retry-after"))
            if wait is None:
                wait = self.settings.backoff_base * 2 ** (attempt - 1)
                wait += random.uniform(0, self.settings.backoff_base)
            if wait > self.settings.max_retry_after:
                return result
            await asyncio.sleep(wait)

    async def _request(self, original: str, url: str) -> FetchResult:
        self.requests_made += 1
        try:
            async with self._client.stream("GET", url) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                body = bytearray()
                truncated = False
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > self.settings.max_bytes:
                        del body[self.settings.max_bytes :]
                        truncated = True
                        break
        except httpx.TimeoutException as exc:
            return FetchResult(original, url, error="timeout", detail=type(exc).__name__)
        except (httpx.HTTPError, OSError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
            return FetchResult(original, url, error="network", detail=detail)
        result = FetchResult(
            original,
            url,
            status=response.status_code,
            headers=headers,
            content=bytes(body),
            truncated=truncated,
        )
        if self._recorder is not None:
            headers_list = list(response.headers.items())
            self._recorder(url, response.status_code, headers_list, result.content)
        if result.status and 200 <= result.status < 300 and result.content_type:
            if not result.content_type.startswith(TEXT_TYPES):
                result.error = "unsupported_content_type"
                result.detail = result.content_type
        return result
