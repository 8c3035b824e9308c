"""The outcome of one fetch, and the pure helpers that shape it (size cap, content type)."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/xhtml+xml",
    "application/rss+xml",
    "application/atom+xml",
)

FetchErrorKind = Literal[
    "invalid_url",
    "blocked_private_address",
    "robots_disallowed",
    "timeout",
    "network",
    "too_many_redirects",
    "unsupported_content_type",
]
"""Why a fetch produced no response: an expected failure, kept as a result, never raised."""


class _Body:
    """The `content` of a `FetchResult`: bytes, or the same held compressed (`pack`)."""

    def __get__(self, result: FetchResult | None, owner: type | None = None) -> bytes:
        if result is None:
            return b""  # the dataclass default
        state = result.__dict__
        if "_content" in state:
            return state["_content"]
        return zlib.decompress(state["_packed"])

    def __set__(self, result: FetchResult, value: bytes) -> None:
        result.__dict__.pop("_packed", None)
        result.__dict__.pop("_hash", None)
        result.__dict__["_content"] = value


@dataclass
class FetchResult:
    """The outcome of one GET: a response (maybe an HTTP error status) or a typed failure."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: _Body = _Body()
    error: FetchErrorKind | None = None
    detail: str | None = None
    truncated: bool = False
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    attempts: int = 0
    from_cache: bool = False
    final: bool = False
    """A failure that asking again cannot change (the host's name does not exist)."""

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
        if "_hash" not in self.__dict__:
            self.__dict__["_hash"] = hashlib.sha256(self.content).hexdigest()
        return self.__dict__["_hash"]

    def pack(self) -> FetchResult:
        """Hold the body compressed while it waits (for a worker to parse it); return self."""
        state = self.__dict__
        if "_content" in state:
            self.content_hash  # noqa: B018 - computed before, read after
            state["_packed"] = zlib.compress(state.pop("_content"), 1)
        return self


def cut_body(body: bytes, limit: int) -> bytes:
    """Cut `body` to at most `limit` bytes without leaving half a UTF-8 character at the end."""
    if len(body) <= limit:
        return body
    body = body[:limit]
    for back in range(1, min(4, len(body)) + 1):
        byte = body[-back]
        if byte & 0xC0 == 0xC0:  # a lead byte: is its sequence complete?
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return body if back >= needed else body[:-back]
        if byte & 0xC0 != 0x80:  # ASCII: nothing is cut in half
            return body
    return body


def check_content_type(result: FetchResult) -> bool:
    """Mark a 2xx response whose media type we do not read; return whether it was marked."""
    if result.error is None and result.ok and result.content_type:
        if not result.content_type.startswith(TEXT_TYPES):
            result.error = "unsupported_content_type"
            result.detail = result.content_type
            return True
    return False
