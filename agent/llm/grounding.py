"""The grounding gate: an LLM value is kept only when its own evidence proves it.

For each citation, in order (the first failure is the drop reason):

1. the URL is one fetched for this account (`PageIndex`);
2. the quote is non-empty, at most `MAX_QUOTE_CHARS`, and occurs (whitespace, case and
   typography normalized) in that page's visible text;
3. the quote does not read like instructions to a model (a prompt-injection page);
4. the quote supports the value (`supports`): its numbers appear, the named entity, country,
   city or funding stage appears, the question's subject is mentioned.

A value no citation passes is dropped, and the `Drop` says why. Everything here is pure.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from agent.llm.value_support import coerce, supports
from agent.models import Evidence, PageRecord
from tools.evidence import (
    TextLines,
    looks_like_code,
    normalize_text,
    quote_occurs,
    reads_like_instructions,
)

MAX_QUOTE_CHARS = 300
MIN_QUOTE_CHARS = 8
MAX_EVIDENCE = 3
CONFIDENCE_CAP = 0.8
"""LLM values never claim more confidence than this: rules and structured data rank higher."""

ValueKind = Literal[
    "int", "headcount", "founded", "money", "name", "city", "country", "industry", "funding_stage",
    "business_model", "bool", "text", "list", "technology",
]  # fmt: skip

@dataclass(frozen=True)
class Drop:
    """A value the gate refused, and why."""

    target: str
    value: Any
    reason: str
    url: str | None = None
    quote: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the drop as a JSON-ready dict."""
        return {
            "target": self.target, "value": self.value, "reason": self.reason,
            "url": self.url, "quote": self.quote,
        }  # fmt: skip

    def note(self) -> str:
        """Return the drop as a one-line note for people."""
        return f"LLM value dropped: {self.target} = {self.value!r} ({self.reason})"


@dataclass(frozen=True)
class Claim:
    """One value the LLM proposes, with the citations it gave."""

    target: str
    kind: ValueKind
    value: Any
    citations: tuple[tuple[str, str], ...] = ()
    """(url, quote) pairs as the LLM wrote them."""
    confidence: float = 0.5
    question: str | None = None
    """The specialized question (bool/text answers must mention its subject)."""
    allowed: tuple[str, ...] = ()
    """Allowed labels (the ICP's industries); empty = any."""


@dataclass(frozen=True)
class Verdict:
    """What survives the gate: the value with its evidence, or None and the drops."""

    value: Any = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    drops: list[Drop] = field(default_factory=list)

    @property
    def kept(self) -> bool:
        """Whether a value passed the gate."""
        return self.value is not None and bool(self.evidence)


def url_key(url: str) -> str:
    """Return a URL in the form citations are matched by (no fragment or trailing slash)."""
    url = html.unescape(url.strip())
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


class PageIndex:
    """The pages fetched for one account, by URL (and final URL), with their visible text."""

    def __init__(self, pages: Iterable[PageRecord]):
        self._pages: dict[str, tuple[str, str]] = {}
        self._lines: dict[str, TextLines] = {}
        for page in pages:
            if not page.text:
                continue
            canonical = page.final_url or page.url
            for url in (page.final_url, page.url):
                if url:
                    self._pages.setdefault(url_key(url), (canonical, page.text))

    def lines(self, canonical: str) -> TextLines:
        """Return the text of a fetched page by line (built once per page)."""
        if canonical not in self._lines:
            text = next((t for c, t in self._pages.values() if c == canonical), "")
            self._lines[canonical] = TextLines(text)
        return self._lines[canonical]

    def lookup(self, url: str) -> tuple[str, str] | None:
        """Return (canonical URL, text) of a fetched page, or None when it was not fetched."""
        return self._pages.get(url_key(url)) if url and url.strip() else None


def looks_like_injection(quote: str) -> bool:
    """Return whether a quote reads like instructions to a model rather than a fact."""
    return reads_like_instructions(quote)


def check_citation(url: str, quote: str, pages: PageIndex) -> tuple[str | None, str | None]:
    """Return (canonical URL, None) for a valid citation, or (None, reason) for a bad one."""
    found = pages.lookup(url)
    if found is None:
        return None, f"URL {url!r} was not fetched for this account"
    canonical, text = found
    size = len(normalize_text(quote))
    if size < MIN_QUOTE_CHARS:
        return None, "quote is empty or too short to prove anything"
    if size > MAX_QUOTE_CHARS:
        return None, f"quote is longer than {MAX_QUOTE_CHARS} characters"
    if not quote_occurs(quote, text):
        return None, f"quote does not occur on {canonical}"
    if looks_like_injection(quote):
        return None, "quote reads like instructions to the model, not a fact"
    if looks_like_code(quote) or pages.lines(canonical).quote_in_bad_line(quote):
        # a JSON block or code on a page is data shown to readers, and a harmless-looking
        # piece of an instruction line is still that instruction
        return None, "quote is data or code, or part of an instruction line; not a fact"
    return canonical, None


def ground(claim: Claim, pages: PageIndex) -> Verdict:
    """Run a claim through the gate; return the kept value with evidence, or the drop."""
    if claim.value is None or claim.value == [] or claim.value == "":
        return Verdict()
    value, problem = coerce(claim.kind, claim.value, claim.allowed)
    if problem:
        return Verdict(drops=[Drop(claim.target, claim.value, problem)])
    if not claim.citations:
        return Verdict(drops=[Drop(claim.target, value, "no evidence given")])
    valid: list[tuple[str, str]] = []
    reasons: list[tuple[str, str, str]] = []
    for url, quote in claim.citations:
        canonical, reason = check_citation(url, quote, pages)
        if canonical is None:
            reasons.append((reason or "invalid citation", url, quote))
        else:
            valid.append((canonical, quote))
    if claim.kind == "list":
        return _ground_list(claim, value, valid, reasons)
    evidence = []
    for url, quote in valid:
        reason = supports(claim.kind, value, quote, claim.question)
        if reason is None:
            evidence.append(Evidence(url=url, quote=quote))
        else:
            reasons.append((reason, url, quote))
    if evidence:
        return Verdict(value, _unique(evidence), _confidence(claim.confidence))
    reason, url, quote = reasons[0]
    return Verdict(drops=[Drop(claim.target, value, reason, url, quote)])


def _ground_list(
    claim: Claim,
    items: list[str],
    valid: list[tuple[str, str]],
    reasons: list[tuple[str, str, str]],
) -> Verdict:
    kept: list[str] = []
    evidence: list[Evidence] = []
    drops: list[Drop] = []
    for item in items:
        proof = [(u, q) for u, q in valid if supports("list", item, q, claim.question) is None]
        if proof:
            kept.append(item)
            evidence.append(Evidence(url=proof[0][0], quote=proof[0][1]))
        elif valid or not reasons:
            drops.append(Drop(f"{claim.target}[{item}]", item, "item is not named in any quote"))
        else:
            reason, url, quote = reasons[0]
            drops.append(Drop(f"{claim.target}[{item}]", item, reason, url, quote))
    if not kept:
        return Verdict(drops=drops)
    return Verdict(kept, _unique(evidence, len(kept)), _confidence(claim.confidence), drops)


def _unique(evidence: list[Evidence], limit: int = MAX_EVIDENCE) -> list[Evidence]:
    seen: dict[tuple[str, str], Evidence] = {}
    for item in evidence:
        seen.setdefault((item.url, normalize_text(item.quote)), item)
    return list(seen.values())[:limit]


def _confidence(reported: Any) -> float:
    try:
        value = float(reported)
    except (TypeError, ValueError):
        value = 0.5
    return round(min(max(value, 0.0), 1.0) * CONFIDENCE_CAP, 3)
