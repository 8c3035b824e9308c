"""Hiring research: find a company's job board, read it, and turn postings into signals.

The order is fixed: an ATS board referenced from the company's pages (links, iframes, script
embeds) read through the vendor's public JSON API; else schema.org JobPosting JSON-LD on the
company's own pages; else job links on its careers page. "No open roles", "board not found"
and "fetch failed" stay distinct, so an empty list never stands for three different things.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import urlsplit

from agent.models import Hiring, PageRecord, Posting, Technology
from tools.evidence import quote_occurs
from tools.html import ParsedPage, same_site
from tools.jobs.ats_board import AtsBoard, detect_ats, unsupported_board
from tools.jobs.ats_parsers import (
    make_posting,
    parse_ashby,
    parse_greenhouse,
    parse_jsonld_postings,
    parse_lever,
    parse_smartrecruiters,
    parse_workable,
    smartrecruiters_detail_text,
)
from tools.jobs.board_vendors import MORE_VENDORS
from tools.jobs.hiring_signals import NO_OPENINGS, summarize_postings
from tools.jobs.job_titles import looks_like_job_title
from tools.jobs.stack_terms import technologies_in_postings
from tools.jobs.vendor_boards import fetch_failure, read_vendor_board
from tools.page_records import CpuRunner, PageParser, page_record, parse_here, run_here
from tools.safe_json import JsonRefused, loads_bounded
from tools.web.fetcher import Fetcher
from tools.web.result import FetchResult

HiringStatus = Literal["ok", "no_open_roles", "board_not_found", "fetch_failed", "not_found"]
SMARTRECRUITERS_MAX_PAGES = 20
SMARTRECRUITERS_DETAILS = 10
CAREERS_PAGES_TO_FETCH = 2
_PARSERS: dict[str, Callable[[Any], list[Posting]]] = {
    "greenhouse": parse_greenhouse, "lever": parse_lever, "ashby": parse_ashby,
    "workable": parse_workable, "smartrecruiters": parse_smartrecruiters,
}  # fmt: skip
_GTM_FUNCTIONS = ("sales_development", "account_executive", "marketing", "customer_success")
# Careers sections in the languages of the sample (en, de, fr, es, it, nl, pt).
_CAREERS_WORDS = (
    r"careers?|jobs|join(?:-us)?|work-with-us|open-(?:positions|roles)|openings|vacancies|hiring"
    r"|karrieren?|stellen(?:angebote)?|carri[eè]res?|emplois?|carreras?|empleos?|lavora-con-noi"
    r"|vacatures|werken-bij|vagas|trabalhe-conosco"
)
_CAREERS_PATH = re.compile(rf"/(?:{_CAREERS_WORDS})(?:[/.?#-]|$)", re.I)
_CAREERS_TEXT = re.compile(
    r"\b(?:careers?|jobs|join (?:us|the team)|we're hiring|open (?:positions|roles)"
    r"|work with us|karriere|stellenangebote|carri[eè]res?|emplois?|vacatures)\b",
    re.I,
)
_JOB_PATH = re.compile(
    rf"/(?:{_CAREERS_WORDS}|jobs?|positions?|vacanc(?:y|ies)|roles?|opportunities)/[^/?#]+", re.I
)


@dataclass
class HiringResearch:
    """Everything the hiring step learned, fetched and could not do for one account."""

    hiring: Hiring
    technologies: list[Technology] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    parsed: list[ParsedPage] = field(default_factory=list)
    """The careers pages it fetched and parsed (extractors read them too)."""
    notes: list[str] = field(default_factory=list)


def render_postings(postings: list[Posting]) -> str:
    """Render postings as the plain text of a job-board response (title, location, text)."""
    blocks = ("\n".join(part for part in (p.title, p.location, p.text) if part) for p in postings)
    return "\n\n".join(blocks)


def _board_record(result: FetchResult, kind: str, postings: list[Posting]) -> PageRecord:
    """Keep the raw JSON as source and the postings' plain text as the page's text."""
    record = page_record(result, kind)
    return record.model_copy(update={"text": render_postings(postings), "source": result.text})


async def _get_json(fetcher: Fetcher, url: str) -> tuple[FetchResult, Any, tuple | None]:
    result = await fetcher.get(url)
    failure = fetch_failure(result)
    if failure:
        return result, None, failure
    try:
        return result, loads_bounded(result.text), None
    except JsonRefused as exc:
        return result, None, ("fetch_failed", f"response refused: {exc}")
    except ValueError:
        return result, None, ("fetch_failed", "response is not JSON")


Sourced = list[tuple[Posting, str]]


async def _read_board(fetcher: Fetcher, board: AtsBoard, research: HiringResearch,
                      ) -> tuple[HiringStatus, Sourced, str]:  # fmt: skip
    """Read every posting of a board through its vendor API, each paired with its API URL.

    Returns the status, the postings and the URL of the (first) board response read.
    """
    if board.vendor in MORE_VENDORS:
        status, read, first = await read_vendor_board(fetcher, board.vendor, board.token,
                                                      board.region)  # fmt: skip
        research.pages += read.pages
        research.notes += read.notes
        return status, read.sourced, first
    sourced: Sourced = []
    first_url = ""
    offset, url, pages_read = 0, board.api_url(), 0
    while True:
        result, data, failure = await _get_json(fetcher, url)
        if failure and not result.error and board.has_lean_variant:
            # Too large, or descriptions refused: the lean list still counts the roles.
            lean_url = board.api_url(lean=True)
            lean_result, lean_data, lean_failure = await _get_json(fetcher, lean_url)
            if lean_failure is None:
                research.pages.append(_board_record(result, "job_board", []))
                result, data, failure, url = lean_result, lean_data, None, lean_result.url
            else:  # keep the first failure: it says more than a 404 of the fallback
                research.pages.append(_board_record(lean_result, "job_board", []))
        try:
            postings = _PARSERS[board.vendor](data) if not failure else []
        except (ValueError, TypeError, KeyError, AttributeError):
            failure = ("fetch_failed", "unexpected response shape")
        research.pages.append(_board_record(result, "job_board", [] if failure else postings))
        if failure:
            status, reason = failure
            if pages_read:  # the board exists, but without every page its counts are wrong
                status = "fetch_failed"
            what = "not found" if status == "board_not_found" else "could not be read"
            research.notes.append(f"{board.describe()} {what} ({reason}) at {url}")
            return status, [], first_url or url
        first_url = first_url or url
        sourced.extend((posting, url) for posting in postings)
        pages_read += 1
        if board.vendor != "smartrecruiters":
            break
        offset += len(data.get("content") or [])
        total = data.get("totalFound")
        if not data.get("content") or not isinstance(total, int) or offset >= total:
            break
        if pages_read >= SMARTRECRUITERS_MAX_PAGES:
            research.notes.append(f"{board.describe()}: read {offset} of {total} postings")
            break
        url = board.api_url(offset=offset)
    if board.vendor == "smartrecruiters":
        sourced = await _read_smartrecruiters_details(fetcher, board, sourced, research)
    if not sourced:
        research.notes.append(f"{board.describe()} has no open roles")
    return ("ok" if sourced else "no_open_roles"), sourced, first_url


async def _read_smartrecruiters_details(fetcher: Fetcher, board: AtsBoard, sourced: Sourced,
                                        research: HiringResearch) -> Sourced:  # fmt: skip
    """Fetch the job ads of a few GTM postings: the list API carries no descriptions."""
    order = sorted(range(len(sourced)), key=lambda i: sourced[i][0].function not in _GTM_FUNCTIONS)
    failed = 0
    for index in order[:SMARTRECRUITERS_DETAILS]:
        posting, _ = sourced[index]
        posting_id = (posting.url or "").rstrip("/").rsplit("/", 1)[-1]
        result, detail, failure = await _get_json(fetcher, board.detail_url(posting_id))
        if failure or not isinstance(detail, dict):
            failed += 1
            research.pages.append(page_record(result, "job_posting"))
            continue
        posting.text = smartrecruiters_detail_text(detail)
        posting.url = detail.get("postingUrl") or posting.url
        research.pages.append(_board_record(result, "job_posting", [posting]))
        sourced[index] = (posting, result.url)
    if failed:
        research.notes.append(f"{board.describe()}: {failed} posting details could not be read")
    return sourced


def _jsonld_postings(pages: list[ParsedPage], today: date) -> Sourced:
    sourced: Sourced = []
    seen: set[tuple[str, str | None]] = set()
    for page in pages:
        for posting in parse_jsonld_postings(page.jsonld, today):
            if (posting.title, posting.url) not in seen:
                seen.add((posting.title, posting.url))
                sourced.append((posting, page.url))
    return sourced


def _is_careers_page(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_CAREERS_PATH.search(parts.path)) or (parts.hostname or "").startswith(
        ("careers.", "jobs."))


def _link_postings(pages: list[ParsedPage], domain: str) -> Sourced:
    """Read job links ("Senior Data Engineer" -> /careers/senior-data-engineer) on careers pages."""
    sourced: Sourced = []
    seen: set[str] = set()
    for page in (p for p in pages if _is_careers_page(p.url)):
        for link in page.links:
            url = link.url.split("#")[0]
            is_job = _JOB_PATH.search(urlsplit(url).path) and looks_like_job_title(link.text)
            if url in seen or not same_site(url, domain) or not is_job:
                continue
            if not quote_occurs(link.text, page.text):  # e.g. a link inside <nav>
                continue
            seen.add(url)
            sourced.append((make_posting(link.text, url=url), page.url))
    return sourced


async def _fetch_careers_pages(fetcher: Fetcher, pages: list[ParsedPage], domain: str,
                               research: HiringResearch, parse: PageParser,
                               requested: set[str]) -> list[ParsedPage]:  # fmt: skip
    """Fetch careers pages linked from the company's pages when none was given."""
    if any(_is_careers_page(p.url) for p in pages):
        return []
    known = {p.url.split("#")[0] for p in pages} | requested
    candidates: list[str] = []
    for link in (link for page in pages for link in page.links):
        url = link.url.split("#")[0]
        careers = _is_careers_page(url) or _CAREERS_TEXT.search(link.text)
        if careers and same_site(url, domain) and url not in known and url not in candidates:
            candidates.append(url)
    fetched = []
    for url in candidates[:CAREERS_PAGES_TO_FETCH]:
        result = await fetcher.get(url)
        parsed = await parse(result)
        research.pages.append(page_record(result, "careers", parsed))
        if parsed is not None:
            fetched.append(parsed)
            research.parsed.append(parsed)
    return fetched


def _no_openings_page(pages: list[ParsedPage]) -> ParsedPage | None:
    return next((p for p in pages if _is_careers_page(p.url) and NO_OPENINGS.search(p.text)), None)


def _own_product(name: str, domain: str) -> bool:
    """Whether a tool is the company itself (Demandbase's posts name Demandbase)."""
    label = re.sub(r"[^a-z0-9]", "", domain.lower().removeprefix("www.").split(".")[0])
    return bool(label) and re.sub(r"[^a-z0-9]", "", name.lower()) == label


class _Texts:
    """The text and markup of each page by URL, the markup unpacked only when asked for."""

    def __init__(self, records: list[PageRecord], pages: list[ParsedPage]):
        self._records = {record.url: record for record in records}
        self._pages = {page.url: page for page in pages}

    def get(self, url: str, default: tuple[str, ...]) -> tuple[str, ...]:
        """Return (text, markup) of the page fetched at `url`, or `default`."""
        if (page := self._pages.get(url)) is not None:
            return page.text, page.source
        if (record := self._records.get(url)) is not None:
            return record.text, record.source
        return default


def _finish(research: HiringResearch, sourced: Sourced, texts: _Texts,
            domain: str, today: date) -> None:  # fmt: skip
    """Fill counts and technologies from the postings; drop evidence no page can back."""
    postings = [posting for posting, _ in sourced]
    research.hiring.postings = postings
    if research.hiring.status in ("ok", "no_open_roles"):
        summary = summarize_postings(postings, today)
        for key in ("open_roles", "by_function", "by_seniority", "locations", "countries",
                    "remote", "opened_last_30_days", "opened_last_90_days"):  # fmt: skip
            setattr(research.hiring, key, summary[key])
    source_of = {id(posting): url for posting, url in sourced}
    for tech in technologies_in_postings(postings, lambda p: source_of[id(p)]):
        if _own_product(tech.name, domain):
            continue
        tech.evidence = [e for e in tech.evidence if quote_occurs(e.quote, *texts.get(e.url, ()))]
        if tech.evidence:
            research.technologies.append(tech)


async def research_hiring(fetcher: Fetcher, pages: list[ParsedPage], *, domain: str,
                          today: date | None = None, parse: PageParser = parse_here,
                          requested: set[str] | None = None,
                          cpu: CpuRunner = run_here) -> HiringResearch:  # fmt: skip
    """Find and read the company's job board; fall back to JSON-LD, then careers links.

    `requested` holds URLs already asked for this account (never asked again); careers pages
    are parsed by `parse`; reading the pages' markup for a board runs on `cpu`.
    """
    today = today or date.today()
    research = HiringResearch(hiring=Hiring())
    pages = list(pages)
    board = await cpu(detect_ats, pages)
    if board is None:
        careers = await _fetch_careers_pages(
            fetcher, pages, domain, research, parse, requested or set()
        )
        pages += careers
        board = await cpu(detect_ats, careers) if careers else None
    sourced: Sourced = []
    if board is not None:
        status, sourced, board_url = await _read_board(fetcher, board, research)
        research.hiring = Hiring(ats=board.vendor, board_url=board_url, status=status)
    if board is None or research.hiring.status in ("board_not_found", "fetch_failed"):
        jsonld = _jsonld_postings(pages, today)
        links = [] if jsonld or board is not None else _link_postings(pages, domain)
        empty_page = None if board is not None else _no_openings_page(pages)
        if jsonld:
            sourced = jsonld
            research.hiring = Hiring(ats="jsonld", board_url=jsonld[0][1], status="ok")
            research.notes.append(f"read {len(jsonld)} JobPosting items from the company's pages")
        elif links:
            sourced = links
            research.hiring = Hiring(board_url=links[0][1], status="ok")
            research.notes.append(f"read {len(links)} job links from {links[0][1]}")
        elif empty_page is not None:
            research.hiring = Hiring(board_url=empty_page.url, status="no_open_roles")
            research.notes.append(f"careers page says there are no open roles: {empty_page.url}")
        elif (other := unsupported_board(pages)) is not None:
            research.notes.append(f"jobs are on {other[0]} ({other[1]}), which is not read")
        elif board is None:
            research.notes.append("no job board, JobPosting data or job links found")
    _finish(research, sourced, _Texts(research.pages, pages), domain, today)
    return research
