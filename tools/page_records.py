"""Turn fetch results into stored page records (the text evidence is checked against)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from agent.models import PageRecord
from tools.html import ParsedPage, parse_html
from tools.web.result import FetchResult

HTML_TYPES = ("text/html", "application/xhtml+xml")

T = TypeVar("T")

PageParser = Callable[[FetchResult], Awaitable[ParsedPage | None]]
"""Parses a fetched page (in this process, or in a worker process of a batch's pool)."""


class CpuRunner(Protocol):
    """Runs `function(*args)` (picklable) here or in a worker process of a batch's pool.

    The fetching steps hand it what costs CPU between their requests (reading a page's markup
    for a job board, parsing a feed), so a batch's event loop never waits on it.
    """

    def __call__(self, function: Callable[..., T], /, *args: Any) -> Awaitable[T]:
        """Return an awaitable of `function(*args)`."""
        ...


async def run_here(function: Callable[..., T], /, *args: Any) -> T:
    """Run `function(*args)` in this process (the default `CpuRunner`)."""
    return function(*args)


def is_html(result: FetchResult) -> bool:
    """Return whether a successful response is an HTML document."""
    return result.ok and (result.content_type in HTML_TYPES or not result.content_type)


def page_record(result: FetchResult, kind: str, parsed: ParsedPage | None = None) -> PageRecord:
    """Build the record of one fetch; `text` is visible text for HTML, the body otherwise.

    An HTML page's markup stays with its `ParsedPage` (one copy, packed in a batch), not in
    the record: `with_markup` lends it to the records for the extractors that read records.
    """
    if parsed is not None:
        text, source = parsed.text, ""
    elif result.ok:
        text, source = result.text, ""
    else:
        text, source = "", ""
    return PageRecord(
        url=result.url,
        final_url=result.final_url,
        kind=kind,
        status=result.status,
        content_type=result.content_type or None,
        error=result.error or (None if result.ok else f"HTTP {result.status}"),
        text=text,
        source=source,
        headers=result.headers,
        fetched_at=result.fetched_at,
        content_hash=result.content_hash if result.ok else None,
    )


def parse_result(result: FetchResult) -> ParsedPage | None:
    """Parse a successful HTML response (at its final URL); None for anything else."""
    if not is_html(result):
        return None
    return parse_html(result.text, result.final_url)


async def parse_here(result: FetchResult) -> ParsedPage | None:
    """Parse a fetched page in this process (the default `PageParser`)."""
    return parse_result(result)


def with_markup(records: list[PageRecord], pages: list[ParsedPage]) -> list[PageRecord]:
    """Return `records` with the markup of their parsed pages as `source` (for quote checks)."""
    markup = {page.url: page for page in pages}
    lent = []
    for record in records:
        page = markup.get(record.final_url or record.url)
        if page is not None and not record.source and record.kind != "feed":
            record = record.model_copy(update={"source": page.source})
        lent.append(record)
    return lent
