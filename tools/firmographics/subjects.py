"""Whose sentence is it: the company itself ("we", "our company", one of its names) or another.

A value is only the company's when the sentence states it about the company. The rules use these
helpers to read a sentence's subject: "we" and its translations, or one of the names the company
goes by (domain label, markup name, title).
"""

from __future__ import annotations

import re

SUBJECT_US = r"(?:we|we've|we have|our company|the company|wir|nous|l'entreprise|la société)"
"""The company speaking of itself: "we", "our company", "wir", "nous" ..."""


def names_in(text: str, names: list[str]) -> bool:
    """Return whether one of the company's `names` (lower-case) occurs as words in `text`."""
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(n)}\b", lowered) for n in names)
