"""Wappalyzer-format fingerprint database: loading and pattern compilation.

The data is vendored as package data: `tools/technographics/data/fingerprints.json.gz` holds
the fingerprints of the maintained community source (enthec/webappanalyzer, GPL-3.0; 7,586
technologies, 109 categories) reduced to the keys this matcher reads, and `SOURCE.json` beside
it records the commit. `scripts/refresh_fingerprints.py` refreshes both. A folder holding
Wappalyzer's own `technologies.json` + `categories.json` (or the single-file layout
`{"categories": ..., "technologies": ...}`) loads too, for tests and comparisons. Our own
additions (`tools.technographics.fingerprint_extras`) are merged in before compiling.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.regex_literals import required_literals_and_groups
from tools.technographics.css_selectors import Selector, parse_selector, split_selector_list
from tools.technographics.fingerprint_extras import with_extras

VENDORED_DATA = Path(__file__).resolve().parent / "data" / "fingerprints.json.gz"
MIN_CONFIDENCE = 50
"""Technologies whose summed pattern confidence stays below this are not reported."""

# Known errors in the vendored data, removed before compiling: PyScript carries Marketo's
# `_mkto_trk` cookie, which would report PyScript (and Python) on every Marketo site; Naver
# Analytics counts the `naver-site-verification` meta tag (search-console ownership, not
# analytics); "Cart Functionality" fires on any element whose class contains "checkout".
CORRECTIONS: dict[str, tuple[str, ...]] = {
    "PyScript": ("cookies",),
    "Naver Analytics": ("meta",),
    "Cart Functionality": ("dom",),
}

_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")


@dataclass(frozen=True)
class Pattern:
    """One compiled Wappalyzer pattern; `regex is None` matches any value (presence test).

    `literals` are lower-case texts of which every match contains one (none when the regex
    has no such text): testing them with `in` first skips the regex on almost every page.
    `required` holds every such group of texts the regex has (`literals` is the most telling
    one): a match contains one text of each group.
    """

    regex: re.Pattern[str] | None
    confidence: int = 100
    version: str = ""
    literals: tuple[str, ...] = ()
    required: tuple[tuple[str, ...], ...] = ()

    @property
    def literal(self) -> str:
        """Return the one text every match contains, or "" (none, or one of several)."""
        return self.literals[0] if len(self.literals) == 1 else ""

    def may_occur_in(self, lower_text: str) -> bool:
        """Cheap pre-check: whether a match is possible in this lower-cased text."""
        return not self.literals or any(text in lower_text for text in self.literals)

    def may_occur_among(self, found_literals: set[str]) -> bool:
        """Pre-check every group of `required`, given the texts a page holds (`literals_in`)."""
        return all(not found_literals.isdisjoint(group) for group in self.required)

    def search(self, value: str) -> re.Match[str] | None:
        """Return the match of this pattern in `value` (a zero-width match when it is empty)."""
        if self.regex is None:
            return re.match("", value)
        return self.regex.search(value)


@dataclass
class DomRule:
    """One parsed CSS selector of a `dom` entry, with attribute patterns on the selected tag.

    `joined` holds the attribute patterns compiled with re.MULTILINE, to test them once against
    all of a page's values of that attribute joined by newlines before testing tag by tag.
    """

    selector: Selector
    attributes: dict[str, Pattern] = field(default_factory=dict)
    confidence: int = 100
    joined: dict[str, re.Pattern[str]] = field(default_factory=dict)


@dataclass
class Fingerprint:
    """The patterns of one technology."""

    name: str
    categories: list[str]
    html: list[Pattern] = field(default_factory=list)
    script_src: list[Pattern] = field(default_factory=list)
    scripts: list[Pattern] = field(default_factory=list)
    meta: dict[str, list[Pattern]] = field(default_factory=dict)
    headers: dict[str, list[Pattern]] = field(default_factory=dict)
    cookies: dict[str, list[Pattern]] = field(default_factory=dict)
    js: dict[str, list[Pattern]] = field(default_factory=dict)
    dom: list[DomRule] = field(default_factory=list)
    implies: list[tuple[str, int]] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    requires_category: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)

    @property
    def category(self) -> str:
        """Return the first (main) Wappalyzer category name."""
        return self.categories[0] if self.categories else "Miscellaneous"


@dataclass
class FingerprintDB:
    """All fingerprints, indexed by technology name."""

    technologies: dict[str, Fingerprint]
    index: Any = None
    """The pattern index of `tools.technographics.fingerprint_index`, built on first use."""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def split_suffixes(raw: str) -> tuple[str, int, str]:
    r"""Split a Wappalyzer pattern into regex, confidence and version template (`\;` syntax)."""
    parts = raw.split("\\;")
    confidence, version = 100, ""
    for part in parts[1:]:
        key, _, value = part.partition(":")
        if key == "confidence" and value.strip().isdigit():
            confidence = int(value.strip())
        elif key == "version":
            version = value
    return parts[0], confidence, version


def compile_pattern(raw: Any) -> Pattern | None:
    """Compile one pattern like JavaScript's `new RegExp(p, 'i')`; None when Python rejects it."""
    text, confidence, version = split_suffixes(str(raw) if raw is not None else "")
    if not text:
        return Pattern(None, confidence, version)
    for candidate in (text, _NAMED_GROUP.sub("(?P<", text)):
        try:
            regex = re.compile(candidate, re.IGNORECASE)
        except (re.error, OverflowError):
            continue
        literals, groups = required_literals_and_groups(candidate)
        return Pattern(regex, confidence, version, literals, groups)
    return None


def _patterns(raw: Any) -> list[Pattern]:
    return [p for p in (compile_pattern(item) for item in _as_list(raw)) if p is not None]


def _keyed(raw: Any, lower: bool = True) -> dict[str, list[Pattern]]:
    if not isinstance(raw, dict):
        return {}
    return {(str(k).lower() if lower else str(k)): _patterns(v) for k, v in raw.items()}


def _dom_rules(raw: Any) -> list[DomRule]:
    """Turn `dom` selectors into rules; parts about links and images are left out on purpose.

    A link to a vendor's site or a vendor's logo is how marketing pages *mention* products
    (integrations, customers, partners), so `a` and `img` selectors are not evidence of use.
    Rules that need a browser (`properties`) or read visible text (`text`) are skipped too, and
    so are selectors that name only a tag (`head > title`): they identify nothing.
    """
    items: list[tuple[str, dict[str, Any]]] = []
    if isinstance(raw, dict):
        items = [(sel, spec if isinstance(spec, dict) else {}) for sel, spec in raw.items()]
    else:
        items = [(sel, {"exists": ""}) for sel in _as_list(raw) if isinstance(sel, str)]
    rules: list[DomRule] = []
    for selector_raw, spec in items:
        if not ({"exists", "attributes"} & set(spec)):
            continue
        selector_text, confidence, _ = split_suffixes(selector_raw)
        attributes = {
            str(name).lower(): pattern
            for name, value in (spec.get("attributes") or {}).items()
            if (pattern := compile_pattern(value)) is not None
        }
        for part in split_selector_list(selector_text):
            selector = parse_selector(part)
            if selector is None or selector.subject.tag in ("a", "img"):
                continue
            if not selector.subject.specific:
                continue
            joined = {
                name: re.compile(pattern.regex.pattern, re.IGNORECASE | re.MULTILINE)
                for name, pattern in attributes.items()
                if pattern.regex is not None
            }
            rules.append(DomRule(selector, attributes, confidence, joined))
    return rules


def build_fingerprint(name: str, data: dict[str, Any], categories: dict[str, str]) -> Fingerprint:
    """Compile one technology entry of technologies.json."""
    return Fingerprint(
        name=name,
        categories=[categories.get(str(c), "Miscellaneous") for c in _as_list(data.get("cats"))],
        html=_patterns(data.get("html")),
        script_src=_patterns(data.get("scriptSrc")),
        scripts=_patterns(data.get("scripts")),
        meta=_keyed(data.get("meta")),
        headers=_keyed(data.get("headers")),
        cookies=_keyed(data.get("cookies")),
        js=_keyed(data.get("js"), lower=False),
        dom=_dom_rules(data.get("dom")),
        implies=[
            (text, conf) for text, conf, _ in map(split_suffixes, _as_list(data.get("implies")))
        ],
        requires=_as_list(data.get("requires")),
        requires_category=[
            categories.get(str(c), "") for c in _as_list(data.get("requiresCategory"))
        ],
        excludes=_as_list(data.get("excludes")),
    )


def build_db(technologies: dict[str, Any], categories: dict[str, Any]) -> FingerprintDB:
    """Compile a fingerprint DB from technologies.json and categories.json content."""
    names = {str(key): str(value.get("name", key)) for key, value in categories.items()}
    merged = with_extras(technologies)
    for name, keys in CORRECTIONS.items():
        if name in merged:
            merged[name] = {k: v for k, v in merged[name].items() if k not in keys}
    return FingerprintDB(
        {name: build_fingerprint(name, data, names) for name, data in merged.items()}
    )


def load_db(data: Path | None = None) -> FingerprintDB:
    """Read and compile fingerprints: the vendored file, or a Wappalyzer-layout folder."""
    data = data or VENDORED_DATA
    if data.is_file():
        with gzip.open(data, "rt", encoding="utf-8") as stream:
            raw = json.load(stream)
        return build_db(raw["technologies"], raw["categories"])
    raw = json.loads((data / "technologies.json").read_text(encoding="utf-8"))
    if "technologies" in raw and isinstance(raw["technologies"], dict):
        return build_db(raw["technologies"], raw.get("categories", {}))
    categories = json.loads((data / "categories.json").read_text(encoding="utf-8"))
    return build_db(raw, categories)


_DB: FingerprintDB | None = None


def default_db() -> FingerprintDB:
    """Return the vendored DB, compiled on first use and cached for the process."""
    global _DB
    if _DB is None:
        _DB = load_db()
    return _DB
