"""Reading the ten career-site boards of `tools.jobs.board_vendors` (fetching and paging).

Each board is read through its public endpoint with bounded paging (`MAX_PAGES` requests at
most); the outcome is one of the hiring statuses: `ok`, `no_open_roles`, `board_not_found`
(HTTP 404/410, or a JOIN page without a company) and `fetch_failed` (anything else, including
a later page failing, since the counts would then be wrong). Every response read is kept as a
page record, so the evidence of a posting can be checked against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from agent.models import PageRecord, Posting
from tools.html import parse_html
from tools.jobs.board_vendors import board_page_url, endpoint_url, join_jobs_url
from tools.jobs.feed_board_parsers import (
    join_company_id,
    parse_icims,
    parse_jazzhr,
    parse_personio,
    parse_teamtailor,
)
from tools.jobs.json_board_parsers import (
    parse_bamboohr,
    parse_breezy,
    parse_join,
    parse_recruitee,
    parse_rippling,
    parse_workday,
)
from tools.page_records import page_record
from tools.web.fetcher import Fetcher
from tools.web.result import FetchResult

HiringStatus = Literal["ok", "no_open_roles", "board_not_found", "fetch_failed", "not_found"]
MAX_PAGES = 10
"""Requests per board at most (Workday: 20 postings a page; JOIN: 50; iCIMS: one page each)."""
WORKDAY_PAGE_SIZE = 20  # the largest page Workday's endpoint serves
JOIN_PAGE_SIZE = 50


class BoardFailure(Exception):
    """A board response that cannot be used: the hiring status and the reason."""

    def __init__(self, status: HiringStatus, reason: str, url: str):
        super().__init__(reason)
        self.status, self.reason, self.url = status, reason, url


def fetch_failure(result: FetchResult) -> tuple[HiringStatus, str] | None:
    """Return (status, reason) when a board response is unusable, else None."""
    if result.error:
        return "fetch_failed", result.error.replace("_", " ")
    if result.status in (404, 410):
        return "board_not_found", f"HTTP {result.status}"
    if not result.ok:
        return "fetch_failed", f"HTTP {result.status}"
    if result.truncated:
        return "fetch_failed", "response larger than the size cap"
    return None


@dataclass
class VendorRead:
    """What reading one board gave: postings with the URL each came from, pages, notes."""

    sourced: list[tuple[Posting, str]] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _rendered(postings: list[Posting]) -> str:
    blocks = ("\n".join(part for part in (p.title, p.location, p.text) if part) for p in postings)
    return "\n\n".join(blocks)


class _Reader:
    def __init__(self, fetcher: Fetcher, vendor: str, token: str, region: str) -> None:
        self.fetcher, self.vendor, self.token, self.region = fetcher, vendor, token, region
        self.read = VendorRead()
        self.board_url = board_page_url(vendor, token, region)

    async def fetch(self, url: str, payload: dict[str, Any] | None = None) -> FetchResult:
        if payload is None:
            result = await self.fetcher.get(url)
        else:
            result = await self.fetcher.post_json(url, payload)
        failure = fetch_failure(result)
        self.read.pages.append(page_record(result, "job_board"))
        if failure:
            raise BoardFailure(*failure, url)
        return result

    def keep(self, result: FetchResult, postings: list[Posting]) -> None:
        """Keep the postings of one response, its raw body as source and their text."""
        record = self.read.pages[-1]
        self.read.pages[-1] = record.model_copy(
            update={"text": _rendered(postings), "source": result.text}
        )
        self.read.sourced += [(posting, result.url) for posting in postings]

    @staticmethod
    def json_of(result: FetchResult) -> Any:
        try:
            return json.loads(result.text)
        except ValueError:
            raise BoardFailure("fetch_failed", "response is not JSON", result.url) from None

    async def workday(self) -> None:
        url = endpoint_url("workday", self.token, self.region)
        total: int | None = None
        for page in range(MAX_PAGES):
            payload = {"appliedFacets": {}, "limit": WORKDAY_PAGE_SIZE,
                       "offset": page * WORKDAY_PAGE_SIZE, "searchText": ""}  # fmt: skip
            result = await self.fetch(url, payload)
            postings, page_total = parse_workday(self.json_of(result), self.board_url)
            total = total or page_total  # Workday sends the total on the first page only
            self.keep(result, postings)
            read = len(self.read.sourced)
            if not postings or total is None or read >= total:
                return
        self.read.notes.append(f"workday board '{self.token}': read {read} of {total} postings")

    async def paged_html(self, parse: Any) -> None:
        seen: set[str | None] = set()
        for page in range(MAX_PAGES):
            result = await self.fetch(endpoint_url(self.vendor, self.token, self.region, page))
            postings = [p for p in parse(parse_html(result.text, result.url)) if p.url not in seen]
            self.keep(result, postings)
            seen |= {p.url for p in postings}
            # iCIMS pages with `pr=N`; the last page has no link to the next one
            if not postings or self.vendor != "icims" or f"pr={page + 1}" not in result.text:
                return

    async def join(self) -> None:
        company = await self.fetch(endpoint_url("join", self.token, self.region))
        company_id = join_company_id(company.text)
        if company_id is None:
            raise BoardFailure("board_not_found", "no JOIN company on the page", company.url)
        for page in range(1, MAX_PAGES + 1):
            result = await self.fetch(join_jobs_url(company_id, page, JOIN_PAGE_SIZE))
            postings, page_count = parse_join(self.json_of(result), self.board_url)
            self.keep(result, postings)
            if page >= page_count or not postings:
                return

    async def single(self) -> None:
        result = await self.fetch(endpoint_url(self.vendor, self.token, self.region))
        if self.vendor in ("personio", "teamtailor"):
            parse_text = parse_personio if self.vendor == "personio" else None
            postings = (parse_text(result.text, self.board_url) if parse_text
                        else parse_teamtailor(result.text))  # fmt: skip
        else:
            data = self.json_of(result)
            postings = {
                "recruitee": lambda: parse_recruitee(data),
                "bamboohr": lambda: parse_bamboohr(data, self.board_url),
                "rippling": lambda: parse_rippling(data),
                "breezy": lambda: parse_breezy(data),
            }[self.vendor]()
        self.keep(result, postings)


async def read_vendor_board(
    fetcher: Fetcher, vendor: str, token: str, region: str
) -> tuple[HiringStatus, VendorRead, str]:
    """Read one board; return (status, what was read, the URL of its first response)."""
    reader = _Reader(fetcher, vendor, token, region)
    describe = f"{vendor} board '{token}'"
    try:
        if vendor == "workday":
            await reader.workday()
        elif vendor in ("icims", "jazzhr"):
            await reader.paged_html(parse_icims if vendor == "icims" else parse_jazzhr)
        elif vendor == "join":
            await reader.join()
        else:
            await reader.single()
    except BoardFailure as failure:
        status = failure.status
        if reader.read.sourced:  # the board exists, but without every page its counts are wrong
            status = "fetch_failed"
        what = "not found" if status == "board_not_found" else "could not be read"
        reader.read.notes.append(f"{describe} {what} ({failure.reason}) at {failure.url}")
        reader.read.sourced = []
        return status, reader.read, failure.url
    except (ValueError, TypeError, KeyError, AttributeError):
        reader.read.notes.append(f"{describe} could not be read (unexpected response shape)")
        reader.read.sourced = []
        return "fetch_failed", reader.read, reader.read.pages[-1].url
    if not reader.read.sourced:
        reader.read.notes.append(f"{describe} has no open roles")
    first_url = reader.read.pages[0].url if reader.read.pages else reader.board_url
    return ("ok" if reader.read.sourced else "no_open_roles"), reader.read, first_url
