"""The SQLite HTTP cache: responses by URL in a small file of their own beside the store.

Implements `tools.web.cache.ResponseCache` (freshness rules and the entry type live there).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from tools.web.cache import DEFAULT_TTL, CachedResponse, is_cacheable

# headers a 304 must not change (RFC 9111 §4.3.4 describes the body they belong to)
_BODY_HEADERS = frozenset(
    {"content-length", "content-type", "content-encoding", "transfer-encoding"}
)
TABLE = "http_responses"


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class HttpCache:
    """Responses by URL in SQLite; the file is the cache's alone (or a table set in a store)."""

    def __init__(
        self,
        path: str | Path,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], datetime] = _now,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl = ttl
        self._clock = clock
        self._db = sqlite_utils.Database(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        # a cache may lose its last writes in a power cut, but must not stall the event loop
        # on an fsync per response
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._table = self._db.table(TABLE)
        if not self._table.exists():
            self._table.create(
                {
                    "url": str,
                    "status": int,
                    "headers": str,
                    "body": bytes,
                    "truncated": int,
                    "fetched_at": str,
                    "validated_at": str,
                },
                pk="url",
            )

    def lookup(self, url: str) -> CachedResponse | None:
        """Return the stored response of `url`, fresh or not, or None."""
        rows = list(self._table.rows_where("url = ?", [url], limit=1))
        if not rows:
            return None
        row = rows[0]
        return CachedResponse(
            url=row["url"],
            status=row["status"],
            headers=json.loads(row["headers"]),
            body=row["body"] or b"",
            truncated=bool(row["truncated"]),
            fetched_at=row["fetched_at"],
            validated_at=row["validated_at"],
        )

    def is_fresh(self, entry: CachedResponse, ttl: float | None = None) -> bool:
        """Return whether `entry` may be used without asking the server."""
        return entry.age(self._clock()) < (self.ttl if ttl is None else ttl)

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
        """Store a response just received (at `fetched_at`); return whether it was cacheable."""
        if not is_cacheable(status, headers):
            return False
        now = _iso(self._clock())
        # one statement: a batch stores every response it fetches, on the event loop
        with self._db.conn:
            self._db.conn.execute(
                f"INSERT OR REPLACE INTO {TABLE} (url, status, headers, body, truncated, "
                "fetched_at, validated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, status, json.dumps(headers), body, int(truncated), fetched_at or now, now),
            )
        return True

    def revalidated(self, url: str, headers: dict[str, str]) -> CachedResponse | None:
        """Record a 304 for `url`: refresh its headers and its validation time; return it."""
        entry = self.lookup(url)
        if entry is None:
            return None
        merged = dict(entry.headers)
        merged.update({k: v for k, v in headers.items() if k not in _BODY_HEADERS})
        now = _iso(self._clock())
        with self._db.conn:
            self._table.update(url, {"headers": json.dumps(merged), "validated_at": now})
        return self.lookup(url)

    def clear(self) -> None:
        """Forget every stored response."""
        with self._db.conn:
            self._table.delete_where()

    def __len__(self) -> int:
        return self._table.count

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()
