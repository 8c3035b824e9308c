"""What the fetcher needs of an HTTP cache: a stored response, the rules, the interface.

The SQLite implementation is `store.http_cache.HttpCache` (SQL lives in store/). Reruns cost
no requests, stale pages are revalidated.

Freshness is our own TTL (default 30 days, because B2B facts decay about 3 % a month), not the
server's max-age: research wants stable, dated snapshots rather than browser semantics. After
the TTL an entry is revalidated with If-None-Match / If-Modified-Since when it has validators,
and a 304 keeps the stored body. `Cache-Control: no-store` is honoured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

DEFAULT_TTL = 30 * 24 * 3600.0
# statuses a cache may keep without explicit freshness (RFC 9111 §4.2.2), minus the exotic
CACHEABLE_STATUSES = frozenset({200, 203, 300, 301, 308, 404, 410})


@dataclass(frozen=True)
class CachedResponse:
    """One stored response; `validated_at` is when the server last confirmed the body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    truncated: bool
    fetched_at: str
    validated_at: str

    def age(self, now: datetime) -> float:
        """Return the seconds since the body was last confirmed."""
        return (now - datetime.fromisoformat(self.validated_at)).total_seconds()

    def validators(self) -> dict[str, str]:
        """Return the conditional-request headers that revalidate this entry."""
        headers = {}
        if self.headers.get("etag"):
            headers["If-None-Match"] = self.headers["etag"]
        if self.headers.get("last-modified"):
            headers["If-Modified-Since"] = self.headers["last-modified"]
        return headers


def is_cacheable(status: int | None, headers: dict[str, str]) -> bool:
    """Return whether a response may be stored (lower-case header keys)."""
    directives = {d.strip().split("=")[0] for d in headers.get("cache-control", "").split(",")}
    return status in CACHEABLE_STATUSES and "no-store" not in directives


class ResponseCache(Protocol):
    """What the fetcher needs of a response cache (`HttpCache` is the SQLite one)."""

    def lookup(self, url: str) -> CachedResponse | None:
        """Return the stored response of `url`, fresh or not, or None."""

    def is_fresh(self, entry: CachedResponse, ttl: float | None = None) -> bool:
        """Return whether `entry` may be used without asking the server."""

    def store(
        self,
        url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        *,
        truncated: bool = False,
        fetched_at: str | None = None,
    ) -> bool:
        """Store a response just received; return whether it was cacheable."""

    def revalidated(self, url: str, headers: dict[str, str]) -> CachedResponse | None:
        """Record a 304 for `url`; return the refreshed entry."""
