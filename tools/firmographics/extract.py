"""Firmographics of one company from its fetched pages, each value with URL + verbatim quote.

Candidates come from structured markup (`tools.firmographics.structured_data`), fact sheets
(`labelled_facts`), prose rules named for their field (`founded_year`, `headcount`,
`headquarters`, `addresses`, `funding`, `ownership`, `business_model`), name fallbacks read
from the title, copyright line and logo (`tools.firmographics.company_names`), and, for the
industry, the company's self-descriptions across its home and About pages
(`tools.firmographics.industry_sources`). Which page kinds are read as prose matters:
customer stories and integrations describe other companies, and the business model is read
only where the company presents its offer. One value per field is chosen in
`tools.firmographics.ranking`; every losing candidate is kept in `alternatives`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from agent.models import Field, Firmographics
from tools.evidence import TextLines, is_not_evidence, normalize_text, reads_like_instructions
from tools.firmographics import company_names, structured_data
from tools.firmographics.addresses import extract_addresses
from tools.firmographics.business_model import extract_business_model
from tools.firmographics.founded_year import extract_founded_year
from tools.firmographics.funding import extract_funding
from tools.firmographics.headcount import extract_headcount
from tools.firmographics.headquarters import extract_headquarters
from tools.firmographics.industries import canonical_industry, map_to_icp
from tools.firmographics.industry_sources import fallback_industries, infer_industries
from tools.firmographics.labelled_facts import extract_labelled_facts
from tools.firmographics.ownership import extract_ownership
from tools.firmographics.ranking import (
    Ranked,
    drop_former_cities,
    drop_stale_totals,
    pick,
    sort_key,
    total_from_rounds,
    with_corroboration,
)
from tools.html import ParsedPage

Candidate = tuple[str, Field]
# Customer stories, integrations and event pages mostly describe other companies: only their
# structured markup is read, not their prose.
_PROSE_KINDS = {
    "home", "about", "team", "careers", "pricing", "contact", "press", "investors", "other",
}  # fmt: skip
# Whom the company sells to is said where it presents its offer, not in blog posts about
# customers or careers pages ("benefits for you and your family").
_OFFER_KINDS = {"home", "about", "pricing", "contact", "other"}
_KIND_TIER = {
    "about": 2.0,
    "home": 1.0,
    "contact": 1.0,
    "legal": 1.0,
    "investors": 1.0,
    "team": 1.0,
    "careers": 1.0,
    "pricing": 1.0,
}
_METHOD_TIER = {"json-ld": 3.0, "meta": 2.0}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass
class FirmographicsResult:
    """Resolved firmographics plus every losing candidate (for the store)."""

    firmographics: Firmographics
    alternatives: list[tuple[str, Field]] = field(default_factory=list)
    extras: list[tuple[str, Field]] = field(default_factory=list)
    """Facts outside the contract, with evidence: acquisitions, investors, same_as (URL lists)."""


def _domain_label(url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "ac"):
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else host


def _statement_date(candidate: Field, page_date: str | None) -> str:
    """Date a statement: the page's own date, else the latest year written in the quote."""
    if page_date:
        return page_date
    years = [y for y in _YEAR.findall(candidate.evidence[0].quote) if y != str(candidate.value)]
    return f"{max(years)}-00-00" if years else ""


def _page_candidates(kind: str, page: ParsedPage, names: list[str]) -> list[Candidate]:
    label = _domain_label(page.url)
    found = structured_data.parse_jsonld_organization(page)
    found += structured_data.parse_microdata_organization(page)
    found += structured_data.parse_meta(page)
    found += company_names.title_name(page, label)
    text, url = page.text, page.url
    found += extract_labelled_facts(text, url)
    if kind in _PROSE_KINDS:
        found += extract_founded_year(text, url, names)
        found += extract_headcount(text, url, names)
        found += extract_headquarters(text, url, names)
        found += extract_funding(text, url, names)
        found += extract_ownership(text, url, names)
    if kind in _OFFER_KINDS:
        found += extract_business_model(text, url)
        for key in ("description", "og:description"):  # the company's one-line pitch
            if hit := structured_data.meta_tag_quote(page, key):
                found += extract_business_model(hit[0], url)
    if kind in ("contact", "legal", "about", "home"):
        found += extract_addresses(text, url, names)
        found += company_names.logo_name(page, label)
    found += company_names.copyright_name(page, label)  # a footer is on every page
    return _verified(found, page)


def _verified(found: list[Candidate], page: ParsedPage) -> list[Candidate]:
    """Keep the candidates whose quote occurs in the page (normalized once, not per quote)."""
    lines = TextLines(page.text)
    return [
        (n, f)
        for n, f in found
        if all(_occurs(e.quote, page) for e in f.evidence)
        # text addressed to a model or the scorer is not a statement of fact; for prose rules,
        # neither is data shown as code, nor an innocent-looking piece of such a line
        # (structured data quotes its JSON-LD or meta tag, which is code by nature)
        and not any(
            reads_like_instructions(e.quote)
            or (
                f.method == "rule"
                and (is_not_evidence(e.quote) or lines.quote_in_bad_line(e.quote))
            )
            for e in f.evidence
        )
    ]


def _verified_anywhere(field: Field, pages_by_url: dict[str, ParsedPage]) -> bool:
    """Whether every quote of a site-level candidate occurs in the page it names."""
    for evidence in field.evidence:
        page = pages_by_url.get(evidence.url)
        if page is None or not _occurs(evidence.quote, page):
            return False
    return True


def _occurs(quote: str, page: ParsedPage) -> bool:
    """Whether a quote occurs in the page's text or markup (the markup normalized only if asked)."""
    needle = normalize_text(quote)
    return bool(needle) and (needle in page.normalized_text or needle in page.normalized_source)


def _site_candidates(pages: list[tuple[str, ParsedPage]]) -> list[tuple[str, Ranked]]:
    """Candidates read across the site: the title part every page repeats, the industry."""
    if not pages:
        return []
    by_url = {page.url: page for _, page in pages}
    found = company_names.repeated_title_name([page for _, page in pages])
    site_label = Counter(_domain_label(page.url) for _, page in pages).most_common(1)[0][0]
    stated = infer_industries(pages, site_label)
    found += [("industry_label", field) for _, field in stated]
    # how it sells (a cart, seat prices), used when no stated industry is on the ICP's list
    found += [("industry_fallback", field) for _, field in fallback_industries(pages) if stated]
    return [
        (name, Ranked(name, candidate, 0.0, ""))
        for name, candidate in found
        if _verified_anywhere(candidate, by_url)
    ]


def _industry_candidates(
    ranked: list[Ranked], industries: list[str] | None
) -> tuple[list[Ranked], list[Candidate]]:
    """Map stated/prose industries to canonical labels, then onto the ICP list when given.

    Returns the mapped candidates and, as alternatives, canonical labels the list lacks.
    """
    mapped, unmapped = [], []
    for c in ranked:
        canonical = canonical_industry(str(c.field.value))
        if canonical is None:
            continue
        value = map_to_icp(canonical, industries) if industries else canonical
        if value is None:
            unmapped.append(("industry", c.field.model_copy(update={"value": canonical})))
            continue
        updated = c.field.model_copy(update={"value": value})
        mapped.append(Ranked("industry", updated, c.tier, c.date))
    return mapped, unmapped


def _company_names(pages: list[tuple[str, ParsedPage]]) -> list[str]:
    """Names the company goes by (domain, markup, title), to recognise it as a subject.

    The first word of a name counts too ("Northwind started in 2013" on northwindandco.com).
    """
    names = {_domain_label(page.url) for _, page in pages} - {""}
    for _, page in pages:
        for node in structured_data.organization_nodes(page)[:1]:
            if isinstance(node.get("name"), str):
                names.add(node["name"])
        found = structured_data.parse_meta(page) + company_names.title_name(
            page, _domain_label(page.url)
        )
        names |= {str(f.value) for n, f in found if n == "company_name"}
    # the title part every page repeats, when it does not spell the domain ("Harbor & Finch")
    names |= {str(f.value) for _, f in company_names.repeated_title_name([p for _, p in pages])}
    for name in list(names):
        first = company_names.strip_legal_suffix(name).split(" ")[0].strip(",")
        if len(first) >= 4 and first[:1].isupper():
            names.add(first)
    return sorted(names)


def extract_firmographics(
    pages: list[tuple[str, ParsedPage]], industries: list[str] | None = None
) -> FirmographicsResult:
    """Extract and reconcile firmographics from (kind, parsed page) pairs of one company."""
    names = _company_names(pages)
    by_field: dict[str, list[Ranked]] = defaultdict(list)
    extras: list[Candidate] = []
    for kind, page in pages:
        page_date = structured_data.page_date(page)
        for name, candidate in _page_candidates(kind, page, names):
            tier = _METHOD_TIER.get(candidate.method or "", _KIND_TIER.get(kind, 0.0))
            # A name does not age; the year of a copyright line must not make it win.
            date = "" if name == "company_name" else _statement_date(candidate, page_date)
            by_field[name].append(Ranked(name, candidate, tier, date))
    for name, ranked in _site_candidates(pages):
        by_field[name].append(ranked)
    by_field["industry"], alternatives = _industry_candidates(
        by_field.pop("industry_label", []), industries
    )
    fallback = by_field.pop("industry_fallback", [])
    if not by_field["industry"] and fallback:
        # a coffee roaster (Agriculture & Food) with a cart, on a list without food: Retail
        by_field["industry"], _ = _industry_candidates(fallback, industries)
    alternatives += drop_former_cities(by_field, by_field.get("former_hq_city", []))
    alternatives += drop_stale_totals(by_field)
    total_from_rounds(by_field)
    for extra_name in ("acquisitions", "investors", "same_as", "former_hq_city", "funding_round"):
        extras += [(extra_name, c.field) for c in by_field.pop(extra_name, [])]
    firmographics = Firmographics()
    for name in Firmographics.model_fields:  # hq_city is settled before hq_country
        if not (candidates := by_field.get(name)):
            continue
        winner = pick(candidates, name)
        if name == "hq_country" and (city := firmographics.hq_city).known:
            same_source = [c for c in candidates if c.field.evidence[0] == city.evidence[0]]
            winner = max(same_source, key=sort_key) if same_source else winner
        setattr(firmographics, name, with_corroboration(winner, candidates))
        alternatives += [(name, c.field) for c in candidates if c.field.value != winner.field.value]
    return FirmographicsResult(firmographics, _dedupe(alternatives), extras)


def _dedupe(alternatives: list[Candidate]) -> list[Candidate]:
    seen, unique = set(), []
    for name, candidate in alternatives:
        key = (name, repr(candidate.value), candidate.evidence[0].url, candidate.evidence[0].quote)
        if key not in seen:
            seen.add(key)
            unique.append((name, candidate))
    return unique
