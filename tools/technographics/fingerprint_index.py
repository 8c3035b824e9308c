"""An inverted index over the fingerprint DB, so a page is matched in milliseconds.

Matching every one of ~7,300 fingerprints against a page in turn costs a Python call per
technology and field. Instead the patterns are grouped once per DB by what they read: meta
names, header names, cookie names and JavaScript globals become dictionary keys, so only the
patterns for what a page actually has are tried; regex patterns (script URLs, inline code,
HTML) are tried only when one of their required literals occurs in the page. Which literals
occur is found in one pass over each text (an Aho-Corasick automaton of all ~5,300 literals)
instead of one substring search per pattern.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick_rs

from tools.start_tags import TagIndex
from tools.technographics.css_selectors import COMMON_WORDS, WORD
from tools.technographics.fingerprints import DomRule, Fingerprint, FingerprintDB, Pattern

Keyed = dict[str, list[tuple[Fingerprint, list[Pattern]]]]

# Single-word globals that sites commonly define for their own code: a fingerprint that names
# one of them (e.g. `core`, `convert`) would fire on unrelated pages.
_GENERIC_GLOBALS = frozenset(
    "app config core data site page user settings options version boost convert binary cabin "
    "captain flight paper marked styled titan arbor chai riot sumo wiser acquire admiral "
    "mantis notie".split()
)


@dataclass
class PatternIndex:
    """Patterns grouped by the part of a page they read."""

    script_src: list[tuple[Fingerprint, Pattern]] = field(default_factory=list)
    """Script URL patterns without a whole word to look up (see `script_src_by_word`)."""
    script_src_by_word: dict[str, list[tuple[Fingerprint, Pattern]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """Script URL patterns by a lower-case word every matching URL contains whole."""
    scripts: list[tuple[Fingerprint, Pattern]] = field(default_factory=list)
    html: list[tuple[Fingerprint, Pattern]] = field(default_factory=list)
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
    literal_finder: Any = None
    """An automaton of every required literal of the regex patterns above (`literals_in`)."""

    def literals_in(self, lower_text: str) -> set[str]:
        """Return the required literals of the regex patterns that occur in `lower_text`."""
        if self.literal_finder is None or not lower_text:
            return set()
        return set(self.literal_finder.find_matches_as_strings(lower_text, overlapping=True))

    def dom_rules_for(self, tags: TagIndex) -> list[tuple[Fingerprint, DomRule]]:
        """Return the DOM rules whose index key the page has (set intersections, in C)."""
        found: list[tuple[Fingerprint, DomRule]] = []
        for kind in sorted(self.dom):
            rules = self.dom[kind]
            for key in sorted(rules.keys() & tags.keys(kind)):
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
    index = PatternIndex()
    for fp in db.technologies.values():
        for pattern in fp.script_src:
            if word := key_word(pattern.literal):
                index.script_src_by_word[word].append((fp, pattern))
            else:
                index.script_src.append((fp, pattern))
        index.scripts += [(fp, p) for p in fp.scripts]
        index.html += [(fp, p) for p in fp.html]
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
    regex_patterns = index.script_src + index.scripts + index.html
    regex_patterns += [item for items in index.script_src_by_word.values() for item in items]
    literals = sorted(
        {text for _, pattern in regex_patterns for group in pattern.required for text in group}
    )
    if literals:
        index.literal_finder = ahocorasick_rs.AhoCorasick(
            literals, implementation=ahocorasick_rs.Implementation.DFA
        )
    return index


def index_of(db: FingerprintDB) -> PatternIndex:
    """Return the DB's pattern index, building it on first use."""
    if db.index is None:
        db.index = build_index(db)
    return db.index
