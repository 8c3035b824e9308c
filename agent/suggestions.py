""""Did you mean …?" for a mistyped name: an ICP name, a field path, a technology, a persona."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Return the option closest to `word` (case-insensitive), or None when none is close."""
    by_folded: dict[str, str] = {}
    for option in options:
        by_folded.setdefault(option.casefold(), option)
    if word.casefold() in by_folded:
        return by_folded[word.casefold()]
    found = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[found[0]] if found else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest option, or "" when none is close."""
    match = closest(word, options)
    return f" (did you mean {match!r}?)" if match is not None else ""
