r"""Texts a regular expression's matches must contain, to skip most regex searches cheaply.

`required_literals(r"(?:api\.intercom\.io/api|static\.intercomcdn\.com/intercom\.v1)")`
is ("api.intercom.io/api", "static.intercomcdn.com/intercom.v1"): a text without either cannot
match, and `in` is far cheaper than a regex search. Read from Python's own regex parser.
`RequiredTexts` applies this to any pattern: fingerprints, headcount rules, job-board URLs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

import ahocorasick_rs

_MIN_LITERAL = 3
# The only characters outside ASCII whose lower case holds ASCII: "İ" -> "i̇", Kelvin "K" -> "k".
_LOWER_TO_ASCII = ("\u0130", "\u212a")
_MANY_TEXTS = 4
_DFA = ahocorasick_rs.Implementation.DFA
"""A group of this many texts or more is looked for in one pass of an automaton."""
_COMMON_WORDS = frozenset("com net org www http https min js css cdn static assets".split())


def _informative(literal: str) -> tuple[int, int]:
    """Rank a literal by its longest uncommon word, then its length ("min.js" ranks low)."""
    words = [w for w in re.findall(r"[a-z0-9]+", literal.lower()) if w not in _COMMON_WORDS]
    return max(map(len, words), default=0), len(literal)


def _candidates(parsed: Any) -> list[tuple[str, ...]]:
    """Return sets of texts of which every match of a parsed regex contains at least one."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, argument in [*parsed, (None, None)]:
        if op is sre_constants.LITERAL:
            run.append(chr(argument))
            continue
        if len(run) >= _MIN_LITERAL:
            found.append(("".join(run),))
        run = []
        if op is sre_constants.SUBPATTERN:
            found += _candidates(argument[-1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and argument[0] >= 1:
            found += _candidates(argument[2])
        elif op is sre_constants.BRANCH:
            branches = [_best(branch) for branch in argument[1]]
            if all(branches):
                found.append(tuple(sorted({text for branch in branches for text in branch})))
    return found


def _best(parsed: Any) -> tuple[str, ...]:
    return max(
        _candidates(parsed),
        key=lambda texts: min(_informative(text) for text in texts),
        default=(),
    )


def required_literals(regex: str) -> tuple[str, ...]:
    """Return lower-case texts of which every match of `regex` contains one (or ())."""
    try:
        best = _best(sre_parser.parse(regex, re.IGNORECASE))
    except (re.error, OverflowError, RecursionError, TypeError, ValueError):
        return ()
    return tuple(text.lower() for text in best)


def required_literals_and_groups(
    regex: str,
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Return `required_literals(regex)` and `required_literal_groups(regex)`, parsing once."""
    try:
        candidates = _candidates(sre_parser.parse(regex, re.IGNORECASE))
    except (re.error, OverflowError, RecursionError, TypeError, ValueError):
        return (), ()
    best = max(
        candidates, key=lambda texts: min(_informative(text) for text in texts), default=()
    )
    lowered = (tuple(sorted({text.lower() for text in group})) for group in candidates)
    return tuple(text.lower() for text in best), tuple(dict.fromkeys(lowered))


def required_literal_groups(regex: str) -> tuple[tuple[str, ...], ...]:
    r"""Return every group of lower-case texts of which each match of `regex` contains one.

    `r"<script[^>].*hybris.*\.js"` gives (("<script",), ("hybris",)): a page must hold both
    for a match, so a page with scripts but no "hybris" is skipped without a regex search
    (that search is quadratic on one-line pages).
    """
    try:
        groups = _candidates(sre_parser.parse(regex, re.IGNORECASE))
    except (re.error, OverflowError, RecursionError, TypeError, ValueError):
        return ()
    lowered = (tuple(sorted({text.lower() for text in group})) for group in groups)
    return tuple(dict.fromkeys(lowered))


@dataclass(frozen=True)
class RequiredTexts:
    """The texts a regex's matches must hold, as a cheap test before searching a text."""

    groups: tuple[tuple[str, ...], ...]
    """Lower-case texts; every match holds one text of each group."""

    @classmethod
    def of(cls, regex: str) -> RequiredTexts:
        """Return the required texts of `regex` (read as case-insensitive)."""
        return cls(required_literal_groups(regex))

    def may_occur_in(self, lowered: str) -> bool:
        """Whether a lower-cased text holds one text of every group (else no match is there)."""
        return all(any(text in lowered for text in group) for group in self.groups)

    @property
    def ascii(self) -> bool:
        """Whether every text is ASCII (so `may_occur_in_bytes` can answer)."""
        return all(text.isascii() for group in self.groups for text in group)

    def may_occur_in_bytes(self, lowered: bytes) -> bool:
        """Answer `may_occur_in` for ASCII texts from `ascii_lowered` bytes of the text."""
        return all(
            finder.find_matches_as_indexes(lowered) if finder is not None
            else any(text in lowered for text in group)
            for group, finder in zip(self._encoded, self._finders, strict=True)
        )  # fmt: skip

    @functools.cached_property
    def _encoded(self) -> tuple[tuple[bytes, ...], ...]:
        return tuple(tuple(text.encode() for text in group) for group in self.groups)

    @functools.cached_property
    def _finders(self) -> tuple[Any, ...]:
        return tuple(
            ahocorasick_rs.BytesAhoCorasick(list(group), implementation=_DFA)
            if len(group) >= _MANY_TEXTS
            else None
            for group in self._encoded
        )


def ascii_lowered(text: str) -> bytes | None:
    """Return the UTF-8 bytes of `text` with ASCII letters lower-cased, or None.

    For an ASCII needle, `needle in text.lower()` is `needle.encode() in ascii_lowered(text)`:
    other characters lower-case to non-ASCII ones (no ASCII byte in their UTF-8 form), except
    two, for which this returns None. Several times cheaper than `str.lower` on a page with
    any non-ASCII character (nearly all of them).
    """
    if any(character in text for character in _LOWER_TO_ASCII):
        return None
    return text.encode("utf-8", "surrogatepass").lower()
