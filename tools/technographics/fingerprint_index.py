"""An inverted index over the fingerprint DB, so a page is matched in milliseconds.

Matching every one of ~7,300 fingerprints against a page in turn costs a Python call per
technology and field. Instead the patterns are grouped once per DB by what they read: meta
names, header names, cookie names and JavaScript globals become dictionary keys, so only the
patterns for what a page actually has are tried; regex patterns (script URLs, inline code,
HTML) are tried only when every group of their required literals occurs in the page
(`RegexField`): one pass of an Aho-Corasick automaton over the text finds which patterns' most
telling literal occurs, and only those few patterns' other literals are looked up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick_rs

from tools.regex_literals import ascii_lowered
from tools.start_tags import TagIndex
from tools.technographics.css_selectors import COMMON_WORDS, WORD
from tools.technographics.fingerprints import DomRule, Fingerprint, FingerprintDB, Pattern

Keyed = dict[str, list[tuple[Fingerprint, list[Pattern]]]]

# Single-word globals that sites commonly define for their own code: a fingerprint that names
# one of them (e.g. `core`, `convert`) would fire on unrelated pages.
_FEW_WORDS = 32
"""Up to this many words of one attribute are looked up one by one (`TagIndex.has_word`)."""
# What nearly every page holds, lower-cased: a required literal found in here (`div`, `class="`,
# `https://`, `.js`, `var`) occurs hundreds of times on a real page, so it is looked up with
# `in`, which stops at the first, instead of being reported by the automaton at every one.
_TYPICAL_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>home page</title><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="https://cdn.example.com/assets/css/style.min.css">
<script type="text/javascript" src="https://www.example.com/static/js/app.js?ver=1"></script>
<script>var config = {"enabled": true, "debug": false, "images": "/files/images/"};</script>
</head><body class="home page-template-default">
<header class="site-header"><nav class="menu"><ul class="sub-menu list"><li class="menu-item">
<a href="https://www.example.com/products/">products</a></li></ul></nav></header>
<section class="container"><div class="row"><div class="col-md-6 card" id="main" style="">
<h1 class="title">start here</h1><p class="text-large">next</p><span>content</span>
<img src="/images/hero.png" alt="" loading="lazy"><svg></svg>
<form action="/subscribe" method="post"><input type="text" name="email"><button type="submit">
send</button></form></div></div></section><footer>all rights reserved. end</footer>
</body></html>"""

_GENERIC_GLOBALS = frozenset(
    "app config core data site page user settings options version boost convert binary cabin "
    "captain flight paper marked styled titan arbor chai riot sumo wiser acquire admiral "
    "mantis notie".split()
)


class LiteralCheck:
    """Which required literals one text holds (lower-cased), looked up as patterns ask."""

    def __init__(
        self,
        text: str,
        found: set[str],
        searched: frozenset[str],
        lowered: bytes,
        *,
        is_lower: bool = False,
    ) -> None:
        self.found = found
        """The literals of `searched` the automaton found in the text."""
        self._text, self._is_lower = text, is_lower
        self._searched = searched
        self._lowered = lowered
        self._looked_up: dict[str, bool] = {}

    def holds(self, literal: str) -> bool:
        """Whether the lower-cased text contains `literal`."""
        if literal in self._searched:
            return literal in self.found
        if (held := self._looked_up.get(literal)) is None:
            if literal.isascii():
                held = literal.encode() in self._lowered
            else:  # rare: read from the text's own lower case
                held = literal in (self._text if self._is_lower else self._text.lower())
            self._looked_up[literal] = held
        return held

    def allows(self, pattern: Pattern) -> bool:
        """Whether the text holds a literal of every required group of `pattern`."""
        return all(
            not self.found.isdisjoint(group) or any(self.holds(text) for text in group)
            for group in pattern.required
        )


class RegexField:
    """The regex patterns that read one text of a page, with their literal pre-check.

    An automaton holds every (ASCII) required literal except the ones nearly every page has
    (`common_literal`: those occur hundreds of times a page, and `in` finds them at once);
    it reads the text's UTF-8 bytes lower-cased (`ascii_lowered`, far cheaper than
    `str.lower`). A pattern is a candidate when a literal of its most telling group of such
    literals occurs, or always when it has no such group; it is kept when every group occurs.
    `extra` patterns (script URL patterns looked up by word) only add their literals.
    """

    def __init__(
        self,
        items: list[tuple[Fingerprint, Pattern]],
        extra: list[tuple[Fingerprint, Pattern]] | None = None,
    ) -> None:
        self.items = items
        self._triggers: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []
        for position, (_, pattern) in enumerate(items):
            if group := _telling_group(pattern):
                for text in group:
                    self._triggers[text].append(position)
            else:
                self._always.append(position)
        searched = sorted(
            {
                text
                for _, pattern in items + (extra or [])
                for group in pattern.required
                for text in group
                if _searchable(text)
            }
        )
        self._searched = frozenset(searched)
        self._literals = searched
        self._finder: Any = None
        if searched:
            self._finder = ahocorasick_rs.BytesAhoCorasick(
                [text.encode() for text in searched],
                implementation=ahocorasick_rs.Implementation.DFA,
            )

    def check(self, text: str, *, is_lower: bool = False) -> LiteralCheck:
        """Find which of the automaton's literals `text`, lower-cased, holds (one pass)."""
        lowered = ascii_lowered(text)
        if lowered is None:  # one of the two characters whose lower case is ASCII
            lowered = (text if is_lower else text.lower()).encode("utf-8", "surrogatepass")
        found: set[str] = set()
        if self._finder is not None and lowered:
            literals = self._literals
            matches = self._finder.find_matches_as_indexes(lowered, overlapping=True)
            found.update(literals[index] for index, _, _ in matches)
        return LiteralCheck(text, found, self._searched, lowered, is_lower=is_lower)

    def candidates(self, check: LiteralCheck) -> list[tuple[Fingerprint, Pattern]]:
        """Return, in index order, the patterns whose every required group the text holds."""
        positions = set(self._always)
        for text in check.found:
            positions.update(self._triggers.get(text, ()))
        items = self.items
        return [items[p] for p in sorted(positions) if check.allows(items[p][1])]


def _searchable(text: str) -> bool:
    """Whether a literal goes into the automaton (ASCII and not on nearly every page)."""
    return text.isascii() and not common_literal(text)


def common_literal(text: str) -> bool:
    """Whether nearly every page holds `text` (it occurs in `_TYPICAL_PAGE`)."""
    return text in _TYPICAL_PAGE


def _telling_group(pattern: Pattern) -> tuple[str, ...]:
    """Return the group of `_searchable` required literals with the longest shortest one."""
    groups = [g for g in pattern.required if all(map(_searchable, g))]
    return max(groups, key=lambda group: min(map(len, group)), default=())


@dataclass
class PatternIndex:
    """Patterns grouped by the part of a page they read."""

    script_src: RegexField
    """Script URL patterns without a whole word to look up (see `script_src_by_word`)."""
    script_src_by_word: dict[str, list[tuple[Fingerprint, Pattern]]]
    """Script URL patterns by a lower-case word every matching URL contains whole."""
    scripts: RegexField
    html: RegexField
    meta: Keyed = field(default_factory=lambda: defaultdict(list))
    headers: Keyed = field(default_factory=lambda: defaultdict(list))
    cookies: Keyed = field(default_factory=lambda: defaultdict(list))
    cookie_wildcards: list[tuple[re.Pattern[str], Fingerprint, list[Pattern]]] = field(
        default_factory=list
    )
    js: Keyed = field(default_factory=lambda: defaultdict(list))
    dom: dict[str, dict[str, list[tuple[Fingerprint, DomRule]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    """DOM rules by the kind and key a page must have (`Compound.index_key`)."""

    def dom_rules_for(self, tags: TagIndex) -> list[tuple[Fingerprint, DomRule]]:
        """Return the DOM rules whose index key the page has (set intersections, in C)."""
        found: list[tuple[Fingerprint, DomRule]] = []
        for kind in sorted(self.dom):
            rules = self.dom[kind]
            if kind.startswith("token:") and len(rules) <= _FEW_WORDS:
                # a few words are looked up; collecting every word of `class` costs more
                keys = [key for key in sorted(rules) if tags.has_word(kind[6:], key)]
            else:
                keys = sorted(rules.keys() & tags.keys(kind))
            for key in keys:
                found += rules[key]
        return found


def usable_global(key: str) -> bool:
    """Whether a `js` key is specific enough to be read from inline code statically."""
    if "." in key:
        return True
    return len(key) >= 4 and key.lower() not in _GENERIC_GLOBALS


def key_word(literal: str) -> str:
    """Return the most telling word a literal holds whole (not cut at either end), or ""."""
    words = WORD.findall(literal)
    if literal[:1].isalnum():
        words = words[1:]
    if literal[-1:].isalnum():
        words = words[:-1]
    words = [word for word in words if len(word) >= 3]
    return max(words, key=lambda w: (w not in COMMON_WORDS, len(w)), default="")


def build_index(db: FingerprintDB) -> PatternIndex:
    """Group every pattern of the DB by what it reads."""
    script_src: list[tuple[Fingerprint, Pattern]] = []
    by_word: dict[str, list[tuple[Fingerprint, Pattern]]] = defaultdict(list)
    scripts: list[tuple[Fingerprint, Pattern]] = []
    html: list[tuple[Fingerprint, Pattern]] = []
    for fp in db.technologies.values():
        for pattern in fp.script_src:
            if word := key_word(pattern.literal):
                by_word[word].append((fp, pattern))
            else:
                script_src.append((fp, pattern))
        scripts += [(fp, p) for p in fp.scripts]
        html += [(fp, p) for p in fp.html]
    keyed = [item for items in by_word.values() for item in items]
    index = PatternIndex(
        RegexField(script_src, extra=keyed), by_word, RegexField(scripts), RegexField(html)
    )
    for fp in db.technologies.values():
        for rule in fp.dom:
            kind, key = rule.selector.subject.index_key()
            index.dom[kind][key].append((fp, rule))
        for key, patterns in fp.meta.items():
            index.meta[key].append((fp, patterns))
        for key, patterns in fp.headers.items():
            index.headers[key].append((fp, patterns))
        for key, patterns in fp.cookies.items():
            if "*" in key:
                wildcard = re.compile(re.escape(key).replace(r"\*", ".*"))
                index.cookie_wildcards.append((wildcard, fp, patterns))
            else:
                index.cookies[key].append((fp, patterns))
        for key, patterns in fp.js.items():
            if usable_global(key):
                index.js[key].append((fp, patterns))
    return index


def index_of(db: FingerprintDB) -> PatternIndex:
    """Return the DB's pattern index, building it on first use."""
    if db.index is None:
        db.index = build_index(db)
    return db.index
