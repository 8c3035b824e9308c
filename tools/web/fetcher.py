"""The one place for HTTP manners: robots.txt, rate limits, retries, caps, cache and SSRF guard.

`Fetcher.get` never raises for expected failures: it returns a `FetchResult` whose `error`
names what happened (see `tools.web.result.FetchErrorKind`), so one bad page never sinks an
account. Defaults are explicit in `HttpSettings`. Every redirect hop is a request of its own:
checked by the SSRF guard, by robots.txt, looked up in the cache, spaced by the host's delay.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

from tools.web.cache import CachedResponse, ResponseCache
from tools.web.guarded_transport import GuardedTransport, HostNotFound
from tools.web.host_gates import HostGates, HostLeases, RobotsFile
from tools.web.result import FetchResult, check_content_type, cut_body
from tools.web.retry import backoff, retry_after
from tools.web.robots import RobotsRules, rules_from_response
from tools.web.ssrf import AddressBlocked, CachingResolver, Resolver, non_public, resolve_host

DEFAULT_USER_AGENT = "icp-agent/0.1 (+https://github.com/icp-agent/icp-agent; research bot)"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.5"


@dataclass(frozen=True)
class HttpSettings:
    """Politeness and safety settings of the fetcher; every default is deliberate."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    """Deadline of one request, body included: a server dripping bytes cannot hold us."""
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
    robots_ttl: float = 24 * 3600.0
    """How long a cached robots.txt is trusted (RFC 9309 asks for at most a day)."""
    allow_private_network: bool = False
    ca_bundle: str | None = None
    """A PEM file of extra CA certificates to trust (a staging or loopback farm); None = system."""


Recorder = Callable[[str, int, list[tuple[str, str]], bytes], None]


class Fetcher:
    """Async HTTP GET with manners; one instance is shared by every account of a batch.

    `cache` (a `ResponseCache`, e.g. the SQLite `HttpCache`) serves fresh entries without a
    request and revalidates stale ones; `refresh=True` ignores stored entries (and stores what
    it fetches). `gates` hold the per-host manners; by default the fetcher's own `HostLeases`,
    on a cluster one shared by every worker (`agent.cluster.gates`).
    """

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        recorder: Recorder | None = None,
        resolver: Resolver | None = None,
        cache: ResponseCache | None = None,
        refresh: bool = False,
        gates: HostGates | None = None,
    ):
        self.settings = s = settings or HttpSettings()
        self._resolve = CachingResolver(resolver or resolve_host)
        limits = httpx.Limits(max_connections=max(s.global_concurrency, 1) * 2)
        if transport is None:
            transport = GuardedTransport(
                self._resolve,
                allow_private_network=s.allow_private_network,
                limits=limits,
                ca_bundle=s.ca_bundle,
            )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            headers={
                "User-Agent": s.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
        )
        self._recorder = recorder
        self.cache = cache
        self.refresh = refresh
        self._global = asyncio.Semaphore(s.global_concurrency)
        self._gates = gates or HostLeases(s.per_host_concurrency, s.per_host_delay)
        self._robots: dict[str, asyncio.Future[RobotsRules]] = {}
        self._in_flight: dict[tuple[str, bool, bool], asyncio.Task[FetchResult]] = {}
        """GETs under way, so a URL asked again meanwhile shares the answer (see `get`)."""
        self.requests_made = 0
        self.stats: Counter[str] = Counter()
        """Counts of requests, cache_hits, revalidated, retries and each error kind."""

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying client."""
        await self._client.aclose()

    async def get(
        self, url: str, *, robots: bool = True, refresh: bool | None = None
    ) -> FetchResult:
        """GET `url` following redirects by hand, each hop checked by the SSRF guard.

        Asked again while the first request is under way (two accounts of a batch naming the
        same job board), the URL is not requested twice: every caller gets a copy of the one
        answer (later ones come from the HTTP cache, when it keeps the answer).
        """
        refresh = self.refresh if refresh is None else refresh
        key = (url, robots, refresh)
        running = self._in_flight.get(key)
        if running is None:
            # an empty context, as for robots.txt: the task must not keep its first caller's
            running = asyncio.get_running_loop().create_task(
                self._follow(url, robots=robots, refresh=refresh, ttl=None),
                context=contextvars.Context(),
            )
            self._in_flight[key] = running
            running.add_done_callback(lambda _: self._in_flight.pop(key, None))
        else:
            self.stats["shared"] += 1
        # shielded: one caller being cancelled must not cancel the others' request
        result = replace(await asyncio.shield(running))
        if result.error:
            self.stats[result.error] += 1
        return result

    async def post_json(self, url: str, payload: Any) -> FetchResult:
        """POST a JSON body (a job board's search endpoint) with the same manners as `get`.

        Checked by the SSRF guard and robots.txt, rate-limited and retried like a GET; never
        cached (the answer depends on the body) and never redirected.
        """
        parts = _split(url)
        if parts is None:
            return FetchResult(url, url, error="invalid_url", detail=url)
        refusal = await self._refusal(url, url, parts, robots=True)
        if refusal is None:
            headers = {"Content-Type": "application/json", "Accept": "application/json"}
            body = json.dumps(payload).encode("utf-8")
            result = await self._get_once(url, url, headers, False, body=body)
            check_content_type(result)
        else:
            result = refusal
        if result.error:
            self.stats[result.error] += 1
        return result

    async def _follow(
        self, url: str, *, robots: bool, refresh: bool, ttl: float | None, any_type: bool = False
    ) -> FetchResult:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            parts = _split(current)
            if parts is None:
                return FetchResult(url, current, error="invalid_url", detail=current)
            cache = None if refresh else self.cache
            entry = cache.lookup(current) if cache else None
            if cache and entry and cache.is_fresh(entry, ttl):
                # nothing is requested, so neither DNS nor robots.txt needs asking
                self.stats["cache_hits"] += 1
                result = self._from_cache(url, entry)
            else:
                refusal = await self._refusal(url, current, parts, robots)
                if refusal is not None:
                    return refusal
                validators = entry.validators() if entry else {}
                result = await self._get_once(url, current, validators, any_type)
                result = self._store(current, result, entry)
            if not any_type:
                check_content_type(result)
            location = result.headers.get("location")
            if result.error or result.status not in REDIRECT_STATUSES or not location:
                return result
            try:
                current = urljoin(current, location.strip())
            except ValueError:
                return FetchResult(url, location, error="invalid_url", detail=location)
        return FetchResult(url, current, error="too_many_redirects", detail=current)

    async def _refusal(
        self, url: str, current: str, parts: SplitResult, robots: bool
    ) -> FetchResult | None:
        if not self.settings.allow_private_network:
            host = parts.hostname or ""
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                addresses = await self._resolve(host, port)
            except OSError as exc:
                return FetchResult(url, current, error="network", detail=f"cannot resolve: {exc}")
            blocked = non_public(addresses)
            if blocked or not addresses:
                detail = f"{host} resolves to non-public {', '.join(blocked) or 'nothing'}"
                return FetchResult(url, current, error="blocked_private_address", detail=detail)
        if robots and self.settings.obey_robots:
            rules = await self._robots_rules(current)
            if rules.unreachable:
                return FetchResult(url, current, error=rules.unreachable, detail=rules.reason)
            if not rules.allows(current, self.settings.user_agent):
                return FetchResult(url, current, error="robots_disallowed", detail=rules.reason)
        return None

    def _from_cache(self, url: str, entry: CachedResponse) -> FetchResult:
        if self._recorder is not None:
            self._recorder(entry.url, entry.status, list(entry.headers.items()), entry.body)
        return FetchResult(
            url,
            entry.url,
            status=entry.status,
            headers=dict(entry.headers),
            content=entry.body,
            truncated=entry.truncated,
            fetched_at=entry.fetched_at,
            from_cache=True,
        )

    def _store(
        self, current: str, result: FetchResult, entry: CachedResponse | None
    ) -> FetchResult:
        if self.cache is None or result.status is None:
            return result
        if result.error and result.error != "unsupported_content_type":
            return result
        if result.status == 304 and entry is not None:
            self.stats["revalidated"] += 1
            fresh = self.cache.revalidated(current, result.headers) or entry
            revalidated = self._from_cache(result.url, fresh)
            revalidated.attempts = result.attempts
            return revalidated
        self.cache.store(
            current,
            result.status,
            result.headers,
            result.content,
            truncated=result.truncated,
            fetched_at=result.fetched_at,
        )
        return result

    # -- manners ---------------------------------------------------------------------------

    async def _robots_rules(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        task = self._robots.get(origin)
        if task is None:
            # kept for the whole batch, so it starts in an empty context: a task copies the
            # context it was created in, and the first account's (its whole graph run, pages
            # and all) would stay alive through this dict, one account per host
            task = self._robots[origin] = asyncio.get_running_loop().create_task(
                self._load_robots(origin), context=contextvars.Context()
            )
        # shielded: one caller being cancelled must not cancel the others' robots.txt
        return await asyncio.shield(task)

    async def _load_robots(self, origin: str) -> RobotsRules:
        robots = await self._gates.claim_robots(origin)
        if robots is None:  # ours to fetch; shared with every other fetcher of the gates
            try:
                robots = await self._fetch_robots(origin)
            finally:
                await self._gates.share_robots(origin, robots)
        rules = rules_from_response(None if robots.error else robots.status, robots.text)
        if robots.error in ("network", "timeout"):
            # the host itself is unreachable: say so, rather than report a robots refusal
            rules = replace(rules, unreachable=robots.error, reason=robots.detail or rules.reason)
        delay = min(rules.delay(self.settings.user_agent), self.settings.max_crawl_delay)
        await self._gates.raise_delay((urlsplit(origin).hostname or "").lower(), delay)
        return rules

    async def _fetch_robots(self, origin: str) -> RobotsFile:
        result = await self._follow(
            origin + "/robots.txt",
            robots=False,
            refresh=self.refresh,
            ttl=self.settings.robots_ttl,
            any_type=True,
        )
        return RobotsFile(result.status, result.text, result.error, result.detail)

    async def _get_once(
        self, original: str, url: str, headers: dict[str, str], any_type: bool,
        body: bytes | None = None,
    ) -> FetchResult:
        host = (urlsplit(url).hostname or "").lower()
        attempt = 0
        while True:
            attempt += 1
            lease = uuid.uuid4().hex  # unique across every worker sharing the gates
            await self._gates.acquire(host, lease)
            try:
                await self._start(host, lease)
                try:
                    result = await self._request(original, url, headers, any_type, host, body)
                finally:
                    self._global.release()
            finally:
                self._gates.release(host, lease)
            result.attempts = attempt
            if attempt > self.settings.retries or result.final or not (
                result.error in ("timeout", "network") or result.status in RETRY_STATUSES
            ):
                return result
            asked = retry_after(result.headers)
            wait = backoff(attempt, self.settings.backoff_base) if asked is None else asked
            if wait > self.settings.max_retry_after:
                return result
            self.stats["retries"] += 1
            await asyncio.sleep(wait)

    async def _start(self, host: str, lease: str) -> None:
        """Take a global slot and stamp the host's start (return holding the global slot).

        Starts are serialised per host and stamped once a global slot is held, so waiting for
        a slot can never squeeze two starts closer than the delay; an answer arriving meanwhile
        moves the stamp, hence the second look the gates take in `start`.
        """
        while True:
            await self._global.acquire()
            try:
                wait = await self._gates.start(host, lease)
            except BaseException:
                self._global.release()
                raise
            if wait <= 0:
                return
            self._global.release()
            await asyncio.sleep(wait)

    async def _request(
        self, original: str, url: str, headers: dict[str, str], any_type: bool, host: str,
        body: bytes | None = None,
    ) -> FetchResult:
        self.requests_made += 1
        self.stats["requests"] += 1
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                return await self._exchange(original, url, headers, any_type, host, body)
        except (TimeoutError, httpx.TimeoutException) as exc:
            return FetchResult(original, url, error="timeout", detail=type(exc).__name__)
        except AddressBlocked as exc:
            return FetchResult(original, url, error="blocked_private_address", detail=str(exc))
        except httpx.InvalidURL as exc:
            return FetchResult(original, url, error="invalid_url", detail=str(exc))
        except (httpx.HTTPError, OSError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
            final = isinstance(exc, HostNotFound)
            return FetchResult(original, url, error="network", detail=detail, final=final)

    async def _exchange(
        self, original: str, url: str, headers: dict[str, str], any_type: bool, host: str,
        content: bytes | None = None,
    ) -> FetchResult:
        limit = self.settings.max_bytes
        method = "GET" if content is None else "POST"
        async with self._client.stream(method, url, headers=headers, content=content) as response:
            self._gates.stamp(host)  # the server has seen the request by now
            result = FetchResult(
                original,
                url,
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
            )
            body = bytearray()
            # the body of a PDF or an image is never downloaded
            if any_type or not check_content_type(result):
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        result.truncated = True
                        break
            result.content = cut_body(bytes(body), limit)
            # a 304 is replaced by the cached response it confirms, which is recorded instead
            if self._recorder is not None and result.status != 304:
                raw_headers = list(response.headers.multi_items())
                self._recorder(url, result.status or 0, raw_headers, result.content)
        return result


def _split(url: str) -> SplitResult | None:
    """Return the parts of an http(s) URL with a host and a valid port, else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts
