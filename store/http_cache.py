"""The SQLite HTTP cache: responses by URL in a small file of their own beside the store.

Implements `tools.web.cache.ResponseCache` (freshness rules and the entry type live there).
Writes go to a thread of their own: a batch stores every page it fetches (~300 MB per 1,000
accounts), and writing that from the event loop blocked it on the disk. A response waiting
to be written is already served by `lookup`; `close` writes what is left. A killed batch may
lose its last few entries, which only means fetching those pages again.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
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
_COLUMNS = ("url", "status", "headers", "body", "truncated", "fetched_at", "validated_at")
_INSERT = f"INSERT OR REPLACE INTO {TABLE} ({', '.join(_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
Row = tuple[str, int, str, bytes, int, str, str]


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
        self._pending: dict[str, Row] = {}
        """Responses stored but not yet written, by URL (served by `lookup` meanwhile)."""
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[str | threading.Event | None] = queue.SimpleQueue()
        self.write_errors = 0
        self._writer = threading.Thread(
            target=self._write_pending, name="http-cache-writer", daemon=True
        )
        self._writer.start()

    def lookup(self, url: str) -> CachedResponse | None:
        """Return the stored response of `url`, fresh or not, or None."""
        with self._lock:
            pending = self._pending.get(url)
        if pending is not None:
            return _entry(pending)
        rows = list(self._table.rows_where("url = ?", [url], limit=1))
        if not rows:
            return None
        return _entry(tuple(rows[0][column] for column in _COLUMNS))

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
        fetched_at = fetched_at or now
        self._write((url, status, json.dumps(headers), body, int(truncated), fetched_at, now))
        return True

    def revalidated(self, url: str, headers: dict[str, str]) -> CachedResponse | None:
        """Record a 304 for `url`: refresh its headers and its validation time; return it."""
        entry = self.lookup(url)
        if entry is None:
            return None
        merged = dict(entry.headers)
        merged.update({k: v for k, v in headers.items() if k not in _BODY_HEADERS})
        now = _iso(self._clock())
        row = (url, entry.status, json.dumps(merged), entry.body, int(entry.truncated),
               entry.fetched_at, now)  # fmt: skip
        self._write(row)
        return _entry(row)

    def clear(self) -> None:
        """Forget every stored response."""
        self.flush()
        with self._db.conn:
            self._table.delete_where()

    def __len__(self) -> int:
        self.flush()
        return self._table.count

    def flush(self) -> None:
        """Wait until every response stored so far is written."""
        if self._writer.is_alive():
            done = threading.Event()
            self._queue.put(done)
            done.wait()

    def close(self) -> None:
        """Write what is pending, stop the writer and close the database connection."""
        if self._writer.is_alive():
            self._queue.put(None)
            self._writer.join()
        self._db.close()

    def _write(self, row: Row) -> None:
        with self._lock:
            self._pending[row[0]] = row
        self._queue.put(row[0])

    def _write_pending(self) -> None:
        """The writer thread: write each pending response, in its own connection."""
        connection = sqlite3.connect(self.path, timeout=60)
        connection.execute("PRAGMA synchronous=NORMAL")
        try:
            while (item := self._queue.get()) is not None:
                if isinstance(item, threading.Event):
                    item.set()
                    continue
                with self._lock:
                    row = self._pending.get(item)
                if row is None:  # written already, with a newer answer queued after it
                    continue
                try:
                    with connection:
                        connection.execute(_INSERT, row)
                except sqlite3.Error:
                    self.write_errors += 1  # a cache: the page is fetched again next time
                with self._lock:
                    if self._pending.get(item) is row:
                        del self._pending[item]
        finally:
            connection.close()


def _entry(row: Row) -> CachedResponse:
    url, status, headers, body, truncated, fetched_at, validated_at = row
    return CachedResponse(
        url=url,
        status=status,
        headers=json.loads(headers),
        body=body or b"",
        truncated=bool(truncated),
        fetched_at=fetched_at,
        validated_at=validated_at,
    )
