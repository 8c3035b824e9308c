"""Fetch what dates a company's announcements: its feeds, its newsroom, a few releases.

Called after site discovery with the pages already read. Under a small budget of its own
(`DEFAULT_NEWS_BUDGET` requests): the RSS/Atom feeds the pages announce, a newsroom page when
discovery found none, the latest funding or acquisition releases (their body states the round
and the total raised), and the release pages whose headline announces a signal but whose date
the listing does not give. A URL already fetched for the account is never requested again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from agent.models import PageRecord
from tools.html import ParsedPage, same_site
from tools.page_records import CpuRunner, PageParser, page_record, parse_here, run_here
from tools.signals.classify import classify_headline, company_aliases
from tools.signals.extract import date_near_headline
from tools.signals.feeds import FeedItem, feed_links, looks_like_feed_url, parse_feed, render_feed
from tools.web.fetcher import Fetcher

DEFAULT_NEWS_BUDGET = 4
MAX_FEEDS = 2
MAX_OWNERSHIP_RELEASES = 2
NEWSROOM_PATHS = ("/newsroom", "/news", "/press")


@dataclass
class NewsroomResearch:
    """Pages, parsed pages and feeds read for signals, and what could not be read."""

    pages: list[PageRecord] = field(default_factory=list)
    parsed: list[tuple[str, ParsedPage]] = field(default_factory=list)
    feeds: list[tuple[str, list[FeedItem]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _key(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def _feed_candidates(parsed: Sequence[tuple[str, ParsedPage]], domain: str) -> list[str]:
    found: list[str] = []
    for _, page in parsed:
        found.extend(feed_links(page.source, page.url))
        found.extend(link.url for link in page.links if looks_like_feed_url(link.url))
    return [url for url in dict.fromkeys(found) if same_site(url, domain)]


def _announcements_to_read(
    parsed: Sequence[tuple[str, ParsedPage]], domain: str, aliases: list[str]
) -> list[str]:
    """Return release URLs worth a request, funding and acquisitions first.

    A funding or acquisition release is read even when the listing dates it: its body names the
    round, the amount and the total raised, which a headline rarely does. Other signal headlines
    are read only when the listing gives no date.
    """
    ownership: list[str] = []
    undated: list[str] = []
    for kind, page in parsed:
        if kind != "press":
            continue
        for link in page.links:
            if not 20 <= len(link.text) <= 250 or not same_site(link.url, domain):
                continue
            if (signal := classify_headline(link.text, aliases)) is None:
                continue
            if signal.type in ("funding", "acquisition"):
                ownership.append(link.url)
            elif not date_near_headline(page.text, link.text, None):
                undated.append(link.url)
    return list(dict.fromkeys(ownership[:MAX_OWNERSHIP_RELEASES] + undated))


async def read_newsroom(
    fetcher: Fetcher,
    parsed: Sequence[tuple[str, ParsedPage]],
    pages: Sequence[PageRecord],
    domain: str,
    company_name: str | None = None,
    budget: int = DEFAULT_NEWS_BUDGET,
    parse: PageParser = parse_here,
    cpu: CpuRunner = run_here,
) -> NewsroomResearch:
    """Fetch feeds, a newsroom and undated releases of `domain` within `budget` requests.

    Pages are parsed by `parse` (a batch passes its worker pool's); reading markup, feeds and
    headlines runs on `cpu`.
    """
    research = NewsroomResearch()
    requested = {_key(p.url) for p in pages} | {_key(p.final_url) for p in pages if p.final_url}
    spent = 0

    async def fetch(url: str, kind: str) -> ParsedPage | None:
        nonlocal spent
        requested.add(_key(url))
        spent += 1
        result = await fetcher.get(url)
        if kind == "feed":
            items = await cpu(parse_feed, result.text, result.final_url) if result.ok else []
            if not items:
                research.notes.append(f"feed {url} could not be read")
                return None
            record = page_record(result, "feed").model_copy(
                update={"text": render_feed(items), "source": result.text}
            )
            research.pages.append(record)
            research.feeds.append((record.final_url or record.url, items))
            return None
        page = await parse(result)
        if page is not None:
            research.pages.append(page_record(result, kind, page))
            research.parsed.append((kind, page))
        elif kind != "press-guess":
            research.pages.append(page_record(result, kind))
        return page

    home = next((page for kind, page in parsed if kind == "home"), None)
    if home is None:
        return research
    for url in (await cpu(_feed_candidates, parsed, domain))[:MAX_FEEDS]:
        if spent < budget and _key(url) not in requested:
            await fetch(url, "feed")
    known = list(parsed)
    if not any(kind == "press" for kind, _ in known) and not research.feeds:
        origin = f"{urlsplit(home.url).scheme}://{urlsplit(home.url).netloc}"
        for path in NEWSROOM_PATHS:
            if spent >= budget - 1 or _key(origin + path) in requested:
                continue
            page = await fetch(origin + path, "press-guess")
            if page is not None:
                research.parsed[-1] = ("press", page)
                research.pages[-1] = research.pages[-1].model_copy(update={"kind": "press"})
                known.append(("press", page))
                break
    aliases = company_aliases(domain, company_name)
    for url in await cpu(_announcements_to_read, known, domain, aliases):
        if spent >= budget:
            break
        if _key(url) not in requested:
            await fetch(url, "press")
    return research
