"""Dated buying signals from a company's own pages, feeds and job board.

Where headlines come from: schema.org articles (`NewsArticle`, `BlogPosting`, `PressRelease`
with `headline` and `datePublished`), the page itself when it is one article (its title with
`article:published_time` or a `<time datetime>`), the headlines listed on a newsroom page (link
texts, dated by the date written next to them), and feed items. Each is classified by
`tools.signals.classify`; its date is read from the page or feed, never assumed; its quote is
verbatim text of the page (or feed) it is cited from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from urllib.parse import urlsplit

from agent.models import Evidence, Hiring, PageRecord, Signal
from tools.evidence import quote_occurs
from tools.html import ParsedPage, same_site
from tools.signals.classify import classify_headline, company_aliases
from tools.signals.dates import (
    fetched_day,
    find_relative_date,
    find_written_date,
    parse_stamp,
)
from tools.signals.feeds import FeedItem

ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "pressrelease", "reportagenewsarticle",
     "analysisnewsarticle", "techarticle", "socialmediaposting"}
)  # fmt: skip
_DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "publish-date",
    "publish_date", "pubdate", "date", "dc.date", "dc.date.issued", "sailthru.date",
    "parsely-pub-date",
)  # fmt: skip
_TIME_TAG = re.compile(r"<time\b[^>]{0,500}?\bdatetime\s*=\s*[\"']([^\"'>]{4,40})[\"']", re.I)
_TITLE_SUFFIX = re.compile(r"\s+[|–—:-]\s+[^|–—]{1,60}$")
SURGE_MIN_ROLES = 5
"""Roles opened in 30 days that make a hiring surge (and at least a third of open roles)."""
MAX_SUMMARY = 200


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _types(node: dict) -> set[str]:
    return {str(t).lower() for t in _as_list(node.get("@type")) if isinstance(t, str)}


def _line_with(text: str, headline: str) -> int | None:
    lines = text.split("\n")
    wanted = " ".join(headline.split()).casefold()
    for index, line in enumerate(lines):
        if wanted and wanted in " ".join(line.split()).casefold():
            return index
    return None


def date_near_headline(text: str, headline: str, fetched: date | None) -> date | None:
    """Return the date written on the headline's line or the lines next to it."""
    lines = text.split("\n")
    index = _line_with(text, headline)
    if index is None:
        return None
    own = lines[index]
    rest = own.replace(headline, " ") if headline in own else ""
    for line in (rest, *lines[index + 1 : index + 3], *lines[max(index - 2, 0) : index][::-1]):
        if not line.strip() or len(line) > 160:
            continue
        written = find_written_date(line)
        if written:
            return written[0]
        if fetched is not None:
            relative = find_relative_date(line, fetched)
            if relative:
                return relative[0]
    return None


def _page_date(page: ParsedPage) -> date | None:
    for key in _DATE_META:
        if key in page.meta and (found := parse_stamp(page.meta[key])):
            return found
    match = _TIME_TAG.search(page.source[:300_000])
    return parse_stamp(match[1]) if match else None


def _clean_title(title: str) -> str:
    return _TITLE_SUFFIX.sub("", title).strip()


def _signal(kind: str, day: date | None, headline: str, url: str) -> Signal:
    summary = " ".join(headline.split())
    if len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
    return Signal(
        type=kind,  # type: ignore[arg-type]
        date=day.isoformat() if day else None,
        summary=summary,
        evidence=[Evidence(url=url, quote=" ".join(headline.split()))],
    )


def _headlines(
    page: ParsedPage, kind: str, fetched: date | None
) -> Iterable[tuple[str, date | None]]:
    """Yield (headline, date) pairs a page offers."""
    articles = [node for node in page.jsonld if _types(node) & ARTICLE_TYPES]
    for node in articles:
        headline = node.get("headline") or node.get("name")
        if isinstance(headline, str):
            yield headline, parse_stamp(node.get("datePublished") or node.get("dateCreated"))
    page_date = _page_date(page)
    is_article = page.meta.get("og:type", "").lower() == "article"
    if not articles and (is_article or (page_date and kind == "press")):
        title = _clean_title(page.meta.get("og:title") or page.title)
        if title:
            yield title, page_date or date_near_headline(page.text, title, fetched)
    if kind == "press":
        for link in page.links:
            text = link.text
            if 20 <= len(text) <= 250 and same_site(link.url, urlsplit(page.url).hostname or ""):
                yield text, date_near_headline(page.text, text, fetched)


def signals_from_pages(
    pages: Sequence[tuple[str, ParsedPage]],
    records: Sequence[PageRecord],
    domain: str,
    company_name: str | None,
) -> list[Signal]:
    """Return the signals announced on the company's pages (deduplicated, newest first)."""
    aliases = company_aliases(domain, company_name)
    fetched = {record.final_url or record.url: fetched_day(record.fetched_at) for record in records}
    found: list[Signal] = []
    for kind, page in pages:
        for headline, day in _headlines(page, kind, fetched.get(page.url)):
            classified = classify_headline(headline, aliases)
            if classified is None or not quote_occurs(headline, page.text):
                continue  # no signal, or a headline the visitor cannot see
            found.append(_signal(classified.type, day, headline, page.url))
    return found


def signals_from_feed(
    items: Sequence[FeedItem], feed_url: str, domain: str, company_name: str | None
) -> list[Signal]:
    """Return the signals announced in a feed's items (the feed URL is the evidence)."""
    aliases = company_aliases(domain, company_name)
    found = []
    for item in items:
        classified = classify_headline(item.title, aliases)
        if classified is not None:
            found.append(_signal(classified.type, item.published, item.title, feed_url))
    return found


def page_showing(quote: str, pages: Sequence[PageRecord]) -> str | None:
    """Return the URL of the first page whose text holds `quote`, or None."""
    return next((p.final_url or p.url for p in pages if quote_occurs(quote, p.text)), None)


def hiring_surge(hiring: Hiring, pages: Sequence[PageRecord], today: date) -> Signal | None:
    """Return a hiring surge: at least `SURGE_MIN_ROLES` roles opened in the last 30 days."""
    recent = []
    for posting in hiring.postings:
        day = parse_stamp(posting.posted_at or "")
        if day is not None and today - timedelta(days=30) <= day <= today:
            recent.append((day, posting))
    open_roles = hiring.open_roles or 0
    if len(recent) < SURGE_MIN_ROLES or len(recent) * 3 < open_roles:
        return None
    recent.sort(key=lambda item: item[0], reverse=True)
    functions: dict[str, int] = {}
    for _, posting in recent:
        functions[posting.function] = functions.get(posting.function, 0) + 1
    top = ", ".join(
        f"{count} {name.replace('_', ' ')}"
        for name, count in sorted(functions.items(), key=lambda item: -item[1])[:3]
    )
    evidence = []
    for _, posting in recent[:3]:
        boards = [p for p in pages if p.kind in ("job_board", "job_posting", "careers")]
        url = page_showing(posting.title, boards)
        if url:
            evidence.append(Evidence(url=url, quote=posting.title))
    if not evidence:
        return None
    return Signal(
        type="hiring_surge",
        date=recent[0][0].isoformat(),
        summary=f"{len(recent)} roles opened in the last 30 days ({top})",
        evidence=evidence,
    )


def dedupe(signals: Iterable[Signal]) -> list[Signal]:
    """Merge signals announcing the same event; keep the dated one; newest first."""
    kept: dict[tuple[str, str], Signal] = {}
    for signal in signals:
        key = (signal.type, " ".join(signal.summary.casefold().split()))
        old = kept.get(key)
        if old is None or (old.date is None and signal.date is not None):
            kept[key] = signal
    return sorted(kept.values(), key=lambda s: (s.date or "", s.type, s.summary), reverse=True)
