"""Site discovery: which few pages of a company site to fetch, under a page budget.

No wandering crawl: the home page (apex ↔ www), then pages of known kinds (about, team,
careers, pricing, customers, contact, press, integrations, events) found through the home
page's links, then sitemap.xml, then a few common paths for kinds still missing.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup

from agent.models import PageRecord
from tools.html import ParsedPage, same_site
from tools.http import Fetcher, FetchResult
from tools.pages import page_record, parse_result

DEFAULT_PAGE_BUDGET = 12

# kind → (URL path words, anchor-text words); order = priority when the budget is tight.
PAGE_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "about": (
        ("about", "about-us", "company", "who-we-are", "unternehmen", "ueber-uns", "uber-uns",
         "a-propos", "qui-sommes-nous", "entreprise", "our-story"),
        ("about", "company", "who we are", "our story", "über uns", "unternehmen", "à propos",
         "qui sommes-nous"),
    ),
    "careers": (
        ("careers", "career", "jobs", "join-us", "join", "work-with-us", "karriere", "stellen",
         "carrieres", "recrutement", "emplois", "hiring"),
        ("careers", "jobs", "join us", "we're hiring", "work with us", "karriere", "carrières",
         "open positions", "open roles"),
    ),
    "team": (
        ("team", "leadership", "management", "our-team", "people", "equipe", "founders"),
        ("team", "leadership", "management", "our people", "équipe", "founders"),
    ),
    "contact": (
        ("contact", "contact-us", "kontakt", "impressum", "locations", "offices"),
        ("contact", "kontakt", "impressum", "offices", "locations"),
    ),
    "press": (
        ("press", "news", "newsroom", "media", "presse", "blog", "actualites"),
        ("press", "news", "newsroom", "media", "presse"),
    ),
    "customers": (
        ("customers", "case-studies", "customer-stories", "clients", "kunden", "references"),
        ("customers", "case studies", "customer stories", "clients", "kunden"),
    ),
    "pricing": (("pricing", "plans", "preise", "tarifs"), ("pricing", "plans", "preise", "tarifs")),
    "integrations": (
        ("integrations", "partners", "marketplace", "apps", "integrationen"),
        ("integrations", "partners", "integrationen"),
    ),
    "events": (("events", "webinars", "conferences"), ("events", "webinars")),
}  # fmt: skip
COMMON_PATHS: dict[str, tuple[str, ...]] = {
    "about": ("/about", "/about-us", "/company"),
    "careers": ("/careers", "/jobs"),
}
_SLUG_SPLIT = re.compile(r"[/_.\-]+")


@dataclass
class SiteResult:
    """The pages fetched for one account."""

    home_url: str | None
    pages: list[PageRecord] = field(default_factory=list)
    parsed: list[tuple[str, ParsedPage]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        """Whether at least one HTML page was read."""
        return bool(self.parsed)


def classify_url(url: str, anchor_text: str = "") -> str | None:
    """Return the page kind a URL (and its anchor text) points to, or None."""
    path = urlsplit(url).path.lower().strip("/")
    if not path:
        return None
    segments = path.split("/")
    last, first = segments[-1], segments[0]
    text = anchor_text.strip().lower()
    for kind, (slugs, words) in PAGE_KINDS.items():
        if last in slugs or (len(segments) <= 2 and first in slugs and kind != "press"):
            return kind
        if text and len(text) < 40 and any(text == w or text.startswith(w + " ") for w in words):
            return kind
    return None


def plan_pages(
    home: ParsedPage | None, domain: str, extra_urls: list[str], budget: int
) -> list[tuple[str, str]]:
    """Choose up to `budget` (url, kind) pairs from the home page's links and the sitemap."""
    candidates: dict[str, list[str]] = {kind: [] for kind in PAGE_KINDS}
    links = [(link.url, link.text) for link in home.links] if home else []
    home_url = home.url.rstrip("/") if home else ""
    for url, text in links + [(u, "") for u in extra_urls]:
        if not same_site(url, domain):
            continue
        clean = urlunsplit(urlsplit(url)._replace(fragment=""))
        kind = classify_url(clean, text)
        if kind and clean not in candidates[kind] and clean.rstrip("/") != home_url:
            candidates[kind].append(clean)
    chosen: list[tuple[str, str]] = []
    # one page of each kind first, then second pages (e.g. a press release) while budget lasts
    for round_index in range(2):
        for kind, urls in candidates.items():
            if len(urls) > round_index and len(chosen) < budget:
                chosen.append((urls[round_index], kind))
    return chosen


def parse_sitemap(xml: str, limit: int = 500) -> list[str]:
    """Return the page URLs listed in a sitemap (index files are not followed)."""
    soup = BeautifulSoup(xml, "xml")
    return [loc.get_text(strip=True) for loc in soup.find_all("loc")][:limit]


def _www_variant(domain: str) -> str:
    return domain.removeprefix("www.") if domain.startswith("www.") else f"www.{domain}"


async def fetch_site(
    fetcher: Fetcher, domain: str, budget: int = DEFAULT_PAGE_BUDGET
) -> SiteResult:
    """Fetch the home page and up to `budget - 1` other pages of the site of `domain`."""
    site = SiteResult(home_url=None)
    home_result: FetchResult | None = None
    for host in (domain, _www_variant(domain)):
        result = await fetcher.get(f"https://{host}/")
        site.pages.append(page_record(result, "home"))
        if result.ok:
            home_result = result
            break
        reason = result.error or f"HTTP {result.status}"
        site.notes.append(f"home page https://{host}/ not available ({reason})")
    home = parse_result(home_result) if home_result is not None else None
    if home is not None and home_result is not None:
        site.home_url = home_result.final_url
        site.pages[-1] = page_record(home_result, "home", home)
        site.parsed.append(("home", home))
        root = home_result.final_url.rstrip("/")
    elif any(page.status and page.status != 404 for page in site.pages):
        # the server answers but its home page fails (a 500, a non-HTML page): the sitemap
        # and the usual paths may still lead to the About and Careers pages
        if home_result is not None:
            site.notes.append(f"home page {home_result.final_url} is not HTML")
        root = f"https://{domain}"
    else:
        return site
    site_domain = (urlsplit(root).hostname or domain).removeprefix("www.")
    plan = plan_pages(home, site_domain, [], budget - len(site.pages))
    if len({kind for _, kind in plan}) < 3 and len(site.pages) < budget:
        sitemap = await fetcher.get(f"{root}/sitemap.xml")
        if sitemap.ok:
            sitemap_urls = parse_sitemap(sitemap.text)
            plan = plan_pages(home, site_domain, sitemap_urls, budget - len(site.pages))
    found_kinds = {kind for _, kind in plan}
    guesses = [
        (root + path, kind)
        for kind, paths in COMMON_PATHS.items()
        if kind not in found_kinds
        for path in paths
    ]
    results = await asyncio.gather(*(fetcher.get(url) for url, _ in plan))
    for (_url, kind), result in zip(plan, results, strict=True):
        _add(site, result, kind)
    for url, kind in guesses:
        if len(site.pages) >= budget:
            break
        if kind in found_kinds:
            continue
        result = await fetcher.get(url)
        if result.ok:
            _add(site, result, kind)
            found_kinds.add(kind)
    return site


def _add(site: SiteResult, result: FetchResult, kind: str) -> None:
    parsed = parse_result(result)
    site.pages.append(page_record(result, kind, parsed))
    if parsed is not None:
        site.parsed.append((kind, parsed))
    else:
        site.notes.append(
            f"{kind} page {result.url} not available ({result.error or result.status})"
        )
