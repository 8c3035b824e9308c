r"""Regex scans of long texts that skip a text the pattern cannot match, with identical results.

The firmographic rules run a few hundred patterns, many built per company, over every page.
Two things keep that cheap without changing a single match:

- `compiled` compiles each pattern once (the `re` module's own cache holds 512 patterns and
  thrashes when hundreds of built patterns pass through it per page);
- a text that lacks the texts every match must contain (`tools.regex_literals`) is not searched.

The literal test compares lower-cased texts, which equals the case-insensitive matching of `re`
unless the text holds one of the few characters whose case rules differ (the dotless "ı", the
long "ſ", Greek and Cyrillic letters with extra case forms, "İ"); such a text is searched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from re import _casefix  # type: ignore[attr-defined]

from tools.regex_literals import RequiredTexts

_SHORT = 512
"""Texts up to this length are searched directly: a pre-check would cost what it saves."""
_FOLD_SPECIAL = frozenset(
    form
    for code in (code for key, extra in _casefix._EXTRA_CASES.items() for code in (key, *extra))
    if code > 127
    for form in (chr(code), chr(code).upper(), chr(code).title())
    if len(form) == 1 and ord(form) > 127
)
_FOLD_SPECIAL_CHAR = re.compile("[" + re.escape("".join(sorted(_FOLD_SPECIAL))) + "]")


@functools.lru_cache(maxsize=1024)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return `pattern` compiled with `flags`, compiled once per process (1,024 kept)."""
    return re.compile(pattern, flags)


@functools.lru_cache(maxsize=16)
def _lowered(text: str) -> str | None:
    """Return `text` lower-cased for literal tests, or None when that would not be exact."""
    lowered = text.lower()
    if len(lowered) != len(text) or _FOLD_SPECIAL_CHAR.search(text):
        return None
    return lowered


@functools.lru_cache(maxsize=1024)
def _required(pattern: str) -> RequiredTexts | None:
    """Return the texts every match of `pattern` holds (None: they cannot be tested exactly)."""
    required = RequiredTexts.of(pattern)
    if any(_FOLD_SPECIAL_CHAR.search(text) for group in required.groups for text in group):
        return None
    return required


def may_match(pattern: str | re.Pattern[str], text: str) -> bool:
    """Return False only when no match of `pattern` can occur in `text` (a cheap test)."""
    if len(text) <= _SHORT:
        return True
    required = _required(pattern if isinstance(pattern, str) else pattern.pattern)
    lowered = _lowered(text)
    return required is None or lowered is None or required.may_occur_in(lowered)


def finditer(
    pattern: str | re.Pattern[str], text: str, flags: int = 0
) -> Iterator[re.Match[str]]:
    """Return `re.finditer(pattern, text, flags)`, without searching a text it cannot match."""
    regex = pattern if isinstance(pattern, re.Pattern) else compiled(pattern, flags)
    if len(text) > _SHORT and _seen_often(regex) and not may_match(regex, text):
        return iter(())
    return regex.finditer(text)


_ANALYSE_AFTER = 4
"""Searches of a pattern before its required texts are read: reading them costs a parse of the
pattern, so a pattern built for one company (used on its few pages) is just searched."""


@functools.lru_cache(maxsize=2048)
def _searches(pattern: str, flags: int) -> list[int]:
    return [0]


def _seen_often(regex: re.Pattern[str]) -> bool:
    count = _searches(regex.pattern, regex.flags)
    count[0] += 1
    return count[0] > _ANALYSE_AFTER


def search(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    """Return `re.search(pattern, text, flags)` with the pattern compiled once."""
    return compiled(pattern, flags).search(text)


def match(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    """Return `re.match(pattern, text, flags)` with the pattern compiled once."""
    return compiled(pattern, flags).match(text)


def fullmatch(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    """Return `re.fullmatch(pattern, text, flags)` with the pattern compiled once."""
    return compiled(pattern, flags).fullmatch(text)
