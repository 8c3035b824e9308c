"""Site discovery: which few pages of a company site to fetch, under a page budget.

No wandering crawl: the home page (apex ↔ www), then pages of known kinds found through the
home page's links, in order of what they tell about the company (about, careers, press, contact,
legal notice, investor relations, team, pricing, customers, integrations, events), then
sitemap.xml, then a few common paths for kinds still missing. Every page request counts against
the budget (home attempts, chosen pages, guesses); robots.txt and sitemap.xml are not pages.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from agent.models import PageRecord
from tools.html import ParsedPage, same_site
from tools.page_records import PageParser, page_record, parse_here
from tools.web.fetcher import Fetcher
from tools.web.result import FetchResult

DEFAULT_PAGE_BUDGET = 12

# kind → (URL path words, anchor-text words); order = priority when the budget is tight.
# Words are compared without accents, so "über uns" is written "uber uns".
PAGE_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "about": (
        ("about", "about-us", "aboutus", "company", "our-company", "who-we-are", "our-story",
         "unternehmen", "ueber-uns", "uber-uns", "wir-ueber-uns", "a-propos", "apropos",
         "qui-sommes-nous", "entreprise", "societe", "notre-histoire", "sobre-nosotros",
         "quienes-somos", "empresa", "nosotros", "chi-siamo", "azienda", "over-ons",
         "la-nostra-storia", "nuestra-historia", "wie-zijn-wij", "wie-we-zijn", "quem-somos",
         "sobre-nos", "a-empresa", "our-history", "history", "geschichte", "histoire"),
        ("about", "company", "who we are", "our story", "uber uns", "ueber uns", "wir uber uns",
         "unternehmen", "a propos", "qui sommes-nous", "qui sommes nous", "l'entreprise",
         "entreprise", "notre histoire", "sobre nosotros", "quienes somos", "empresa",
         "chi siamo", "azienda", "l'azienda", "la nostra storia", "nuestra historia",
         "over ons", "wie zijn wij", "wie we zijn", "quem somos", "sobre nos", "a empresa",
         "our history"),
    ),
    "careers": (
        ("careers", "career", "jobs", "join-us", "join", "join-our-team", "work-with-us",
         "karriere", "stellen", "stellenangebote", "carrieres", "carriere", "recrutement",
         "emplois", "nous-rejoindre", "rejoignez-nous", "offres-emploi", "hiring", "empleo",
         "trabaja-con-nosotros", "carreras", "lavora-con-noi", "vacatures", "werken-bij",
         "empleos", "ofertas-de-empleo", "posizioni-aperte", "offerte-di-lavoro", "carreiras",
         "trabalhe-conosco", "vagas"),
        ("careers", "career", "jobs", "join us", "join our team", "join the team", "we're hiring",
         "work with us", "karriere", "stellenangebote", "offene stellen", "carrieres",
         "recrutement", "nous rejoindre", "rejoignez-nous", "emplois", "offres d'emploi",
         "open positions", "open roles", "empleo", "trabaja con nosotros", "lavora con noi",
         "posizioni aperte", "vacatures", "werken bij", "carreiras", "trabalhe conosco",
         "vagas"),
    ),
    "press": (
        ("press", "news", "newsroom", "media", "presse", "blog", "blogs", "actualites",
         "press-releases", "pressemitteilungen", "aktuelles", "neuigkeiten", "noticias", "prensa",
         "in-the-news", "company-news", "announcements", "updates", "resources", "notizie",
         "nieuws", "imprensa", "sala-de-prensa", "comunicati-stampa", "sala-stampa", "stampa",
         "pers", "persberichten", "noticias-e-imprensa"),
        ("press", "news", "newsroom", "media", "presse", "actualites", "aktuelles",
         "neuigkeiten", "noticias", "prensa", "in the news", "blog", "notizie", "nieuws",
         "comunicati stampa", "sala stampa", "stampa", "pers", "persberichten", "imprensa",
         "sala de prensa"),
    ),
    "contact": (
        ("contact", "contact-us", "contactus", "kontakt", "locations", "offices",
         "nous-contacter", "contactez-nous", "contacto", "contatti", "standorte", "contato",
         "contactos", "contacteer-ons", "neem-contact-op", "fale-conosco"),
        ("contact", "contact us", "kontakt", "offices", "locations", "nous contacter",
         "contactez-nous", "contacto", "contatti", "standorte", "contato", "contacteer ons",
         "neem contact op", "fale conosco"),
    ),
    # The legal notice names the legal entity, its registered address and company number;
    # terms and privacy pages often do too: slugs in order of preference.
    "legal": (
        ("impressum", "imprint", "legal-notice", "mentions-legales", "aviso-legal", "note-legali",
         "colofon", "legal", "legal-information", "informacion-legal", "terms", "terms-of-service",
         "terms-of-use", "terms-and-conditions", "agb", "cgu", "cgv", "privacy", "privacy-policy",
         "datenschutz", "politique-de-confidentialite", "privacidad", "privacy-notice",
         "disclaimer", "privacybeleid", "informativa-privacy", "politica-de-privacidad",
         "privacidade", "termos"),
        ("impressum", "imprint", "legal notice", "mentions legales", "aviso legal",
         "note legali", "legal", "terms of service", "terms of use", "terms", "agb",
         "privacy policy", "privacy", "datenschutz", "datenschutzerklarung", "colofon",
         "disclaimer", "privacybeleid", "informativa privacy", "politica de privacidad"),
    ),
    # Investor relations: a listed company's exchange and ticker, headcount, founding, HQ.
    "investors": (
        ("investors", "investor-relations", "investor", "ir", "investisseurs",
         "relations-investisseurs", "investoren", "inversores", "investitori"),
        ("investors", "investor relations", "relations investisseurs", "investisseurs",
         "investoren", "inversores", "relacion con inversores", "investitori"),
    ),
    "team": (
        ("team", "our-team", "the-team", "meet-the-team", "leadership", "leadership-team",
         "management", "management-team", "people", "unser-team", "equipe", "notre-equipe",
         "l-equipe", "founders", "equipo", "geschaeftsfuehrung"),
        ("team", "our team", "meet the team", "leadership", "management", "our people",
         "das team", "unser team", "equipe", "notre equipe", "l'equipe", "founders", "equipo",
         "geschaftsfuhrung"),
    ),
    "pricing": (
        ("pricing", "plans", "prices", "preise", "tarifs", "prix", "precios"),
        ("pricing", "plans", "preise", "tarifs", "prix", "precios"),
    ),
    "customers": (
        ("customers", "case-studies", "customer-stories", "success-stories", "clients",
         "testimonials", "kunden", "references", "referenzen", "temoignages", "clientes",
         "casos-de-exito"),
        ("customers", "case studies", "customer stories", "success stories", "clients",
         "kunden", "references", "referenzen", "temoignages", "clientes"),
    ),
    "integrations": (
        ("integrations", "partners", "marketplace", "apps", "integrationen", "partenaires",
         "ecosystem"),
        ("integrations", "partners", "integrationen", "partenaires", "marketplace"),
    ),
    "events": (
        ("events", "webinars", "conferences", "veranstaltungen", "evenements", "webinaires",
         "eventos"),
        ("events", "webinars", "veranstaltungen", "evenements", "webinaires", "eventos"),
    ),
}  # fmt: skip
COMMON_PATHS: dict[str, tuple[str, ...]] = {
    "about": ("/about", "/about-us", "/company"),
    "careers": ("/careers", "/jobs"),
}
# Product and industry pages reuse kind words ("/solutions/industries/media"): not pages of a kind.
_PRODUCT_SECTIONS = frozenset(
    {"industries", "industry", "solutions", "solution", "use-cases", "product", "products",
     "platform", "features"}
)  # fmt: skip
# a page below these is one post among hundreds: never worth a slot of the budget ...
_POST_SECTIONS = frozenset({"blog", "articles", "posts", "insights", "magazine"})
# ... except below a press section, where a release may carry the funding round
_PRESS_SECTIONS = frozenset(PAGE_KINDS["press"][0]) - _POST_SECTIONS
_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2,4})?$")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php|aspx?|jsp|cfm)$")
_FILE_SUFFIX = re.compile(r"\.[a-z0-9]{2,5}$")
_EDGE_SYMBOLS = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass
class SiteResult:
    """The pages fetched for one account."""

    home_url: str | None
    pages: list[PageRecord] = field(default_factory=list)
    parsed: list[tuple[str, ParsedPage]] = field(default_factory=list)
    """The readable pages of their own kind (a page redirecting home is not one)."""
    html_pages: list[tuple[str, ParsedPage]] = field(default_factory=list)
    """Every HTML page fetched, with the kind it was fetched as, in the order of `pages`."""
    requested: set[str] = field(default_factory=set)
    """Every URL requested (a later step asks none of them again)."""
    notes: list[str] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        """Whether at least one HTML page was read."""
        return bool(self.parsed)


def _plain(text: str) -> str:
    """Lower-case `text` without accents, curly apostrophes or runs of spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_SLUG_KINDS = {kind: frozenset(_plain(s) for s in slugs) for kind, (slugs, _) in PAGE_KINDS.items()}
_TEXT_KINDS = {kind: tuple(_plain(w) for w in words) for kind, (_, words) in PAGE_KINDS.items()}


def _slug_kind(slug: str) -> str | None:
    return next((kind for kind, slugs in _SLUG_KINDS.items() if slug in slugs), None)


def _text_kind(anchor_text: str) -> str | None:
    text = _EDGE_SYMBOLS.sub("", _plain(anchor_text))
    if not text or len(text) >= 40:
        return None
    for kind, words in _TEXT_KINDS.items():
        if any(text == w or text.startswith(w + " ") for w in words):
            return kind
    return None


def classify_url(url: str, anchor_text: str = "") -> str | None:
    """Return the page kind a URL (and its anchor text) points to, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    segments = [_plain(s) for s in unquote(parts.path).split("/") if s.strip()]
    if len(segments) > 1 and _LOCALE.match(segments[0]):
        segments = segments[1:]  # /en/about, /de-de/karriere
    if not segments:
        # the root of a subdomain may be a page of a kind (careers.acme.com, or "Careers" on
        # work.acme.com); the root of the site itself never is
        labels = host.split(".")
        if len(labels) < 3 or labels[0] == "www":
            return None
        return _slug_kind(labels[0]) or _text_kind(anchor_text)
    last = _PAGE_SUFFIX.sub("", segments[-1])
    if _FILE_SUFFIX.search(last):
        return None  # a PDF, an image, a feed
    first = segments[0]
    if len(segments) > 1 and first in _POST_SECTIONS:
        return None
    if len(segments) > 1 and _PRODUCT_SECTIONS & set(segments[:-1]):
        return None
    if len(segments) > 1 and first in _PRESS_SECTIONS:
        return "press"
    # the last segment names the page (/company/careers is careers, not about) ...
    kind = _slug_kind(last)
    # ... else a page right below a section belongs to it (/customers/acme-corp)
    if kind is None and len(segments) == 2:
        kind = _slug_kind(first)
    return kind or _text_kind(anchor_text)


def _page_key(url: str) -> tuple[str, str, str]:
    """Return what makes two URLs the same page: host without www, path, query."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    return host, parts.path.rstrip("/").lower(), parts.query


def plan_pages(
    home: ParsedPage | None, domain: str, extra_urls: list[str], budget: int
) -> list[tuple[str, str]]:
    """Choose up to `budget` (url, kind) pairs from the home page's links and the sitemap."""
    candidates: dict[str, list[str]] = {kind: [] for kind in PAGE_KINDS}
    links = [(link.url, link.text) for link in home.links] if home else []
    seen = {_page_key(home.url)} if home else set()
    for url, text in links + [(u, "") for u in extra_urls]:
        try:
            parts = urlsplit(url.strip())
            key = _page_key(url.strip())
        except ValueError:
            continue
        if parts.scheme not in ("http", "https") or not same_site(url, domain) or key in seen:
            continue
        kind = classify_url(url.strip(), text)
        if kind:
            seen.add(key)
            candidates[kind].append(urlunsplit(parts._replace(fragment="")))
    legal_order = PAGE_KINDS["legal"][0]
    candidates["legal"].sort(key=lambda url: _preference(url, legal_order))
    chosen: list[tuple[str, str]] = []
    # one page of each kind first, then second pages (e.g. a press release) while budget lasts
    for round_index in range(2):
        for kind, urls in candidates.items():
            if len(urls) > round_index and len(chosen) < budget:
                chosen.append((urls[round_index], kind))
    return chosen


def _preference(url: str, slugs: tuple[str, ...]) -> int:
    """Rank a URL by the first of `slugs` its last path segment is (unknown ones last)."""
    segments = [_plain(s) for s in unquote(urlsplit(url).path).split("/") if s.strip()]
    last = _PAGE_SUFFIX.sub("", segments[-1]) if segments else ""
    return slugs.index(last) if last in slugs else len(slugs)


def parse_sitemap(xml: str, limit: int = 500) -> list[str]:
    """Return the page URLs listed in a sitemap (index files are not followed)."""
    soup = BeautifulSoup(xml, "xml")
    if soup.find("urlset") is None:
        return []  # a sitemap index, or not a sitemap at all (an HTML "not found" page)
    urls = (url.find("loc", recursive=False) for url in soup.find_all("url"))
    return [loc.get_text(strip=True) for loc in urls if loc is not None][:limit]


def _www_variant(domain: str) -> str:
    return domain.removeprefix("www.") if domain.startswith("www.") else f"www.{domain}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(result: FetchResult) -> str:
    if result.error:
        detail = f": {result.detail[:160]}" if result.detail else ""
        return f"{result.error}{detail}"
    return f"HTTP {result.status}" if not result.ok else "not HTML"


async def fetch_site(
    fetcher: Fetcher,
    domain: str,
    budget: int = DEFAULT_PAGE_BUDGET,
    parse: PageParser = parse_here,
) -> SiteResult:
    """Fetch the home page and up to `budget - 1` other pages of the site of `domain`.

    Each page is parsed once, by `parse` (a batch passes its worker pool's).
    """
    site = SiteResult(home_url=None)
    get = _recording_get(fetcher, site.requested)
    budget = max(budget, 1)
    domain = domain.strip().rstrip(".").lower()
    attempts: list[FetchResult] = []
    for host in (domain, _www_variant(domain)):
        if len(attempts) >= budget or any(urlsplit(r.final_url).hostname == host for r in attempts):
            break  # the apex already redirected to www (or the budget is one page)
        result = await get(f"https://{host}/")
        attempts.append(result)
        site.pages.append(page_record(result, "home"))
        if result.ok:
            break
        site.notes.append(f"home page https://{host}/ not available ({_reason(result)})")
    home_result = attempts[-1] if attempts[-1].ok else None
    home = await parse(home_result) if home_result is not None else None
    if home_result is not None:
        site.home_url = home_result.final_url
    if home is not None and home_result is not None:
        site.pages[-1] = page_record(home_result, "home", home)
        site.parsed.append(("home", home))
        site.html_pages.append(("home", home))
        origin = _origin(home.url)
    else:
        # the server answers but its home page fails (a 500, a non-HTML page): the sitemap
        # and the usual paths may still lead to the About and Careers pages
        answered = home_result or next((r for r in attempts if r.status not in (None, 404)), None)
        if answered is None:
            return site
        if home_result is not None:
            site.notes.append(f"home page {home_result.final_url} is not HTML")
        origin = _origin(answered.final_url)
    spent = len(attempts)
    site_domain = urlsplit(origin).hostname or domain
    plan = plan_pages(home, site_domain, [], budget - spent)
    if len({kind for _, kind in plan}) < 3 and spent < budget:
        sitemap = await get(f"{origin}/sitemap.xml")
        if sitemap.ok:
            plan = plan_pages(home, site_domain, parse_sitemap(sitemap.text), budget - spent)
    home_key = _page_key(home.url) if home else None


    async def fetch_and_parse(url: str) -> tuple[FetchResult, ParsedPage | None]:
        result = await get(url)
        return result, await parse(result)

    fetched = await asyncio.gather(*(fetch_and_parse(url) for url, _ in plan))
    spent += len(plan)
    found: set[str] = set()
    for (_url, kind), (result, parsed) in zip(plan, fetched, strict=True):
        if _add(site, result, kind, home_key, parsed):
            found.add(kind)
    requested = {_page_key(url) for url, _ in plan} | {_page_key(r.url) for r in attempts}
    for kind, paths in COMMON_PATHS.items():
        for url in (origin + path for path in paths):
            if kind in found or spent >= budget or _page_key(url) in requested:
                continue
            requested.add(_page_key(url))
            result = await get(url)
            spent += 1
            # a missing guess is expected, not worth a record
            if result.ok and _add(site, result, kind, home_key, await parse(result)):
                found.add(kind)
    return site


def _recording_get(fetcher: Fetcher, requested: set[str]):
    """Return `fetcher.get` that also notes every URL asked."""

    async def get(url: str) -> FetchResult:
        requested.add(url)
        result = await fetcher.get(url)
        requested.add(result.final_url)
        return result

    return get


def _add(
    site: SiteResult,
    result: FetchResult,
    kind: str,
    home_key: tuple[str, str, str] | None,
    parsed: ParsedPage | None,
) -> bool:
    """Record one fetched page; return whether it is a readable page of its own."""
    if parsed is not None:
        site.html_pages.append((kind, parsed))
    if parsed is not None and _page_key(result.final_url) == home_key:
        # /about redirecting to the home page is not an About page
        site.pages.append(page_record(result, kind, parsed))
        site.notes.append(f"{kind} page {result.url} redirects to the home page")
        return False
    site.pages.append(page_record(result, kind, parsed))
    if parsed is None:
        site.notes.append(f"{kind} page {result.url} not available ({_reason(result)})")
        return False
    site.parsed.append((kind, parsed))
    return True
