"""Numbers as companies write them: "1,200", "1.200", "1 200", "2,5 Mio.", "two hundred"."""

from __future__ import annotations

import re

NUMBER = r"\d{1,3}(?:(?:,|\.|[ \u00a0\u202f](?=\d{3}\b))\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
"""A number with thousands separators (en, de, fr) or an optional decimal part."""

_GROUPED = re.compile(r"\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+")

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
NUMBER_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*)\b"
"""English number words such as "two hundred", "forty-five", "a dozen"."""


def parse_number(text: str) -> float | None:
    """Parse a digit number in any of the usual locales; a 3-digit group means thousands."""
    value = text.strip()
    if _GROUPED.fullmatch(value):
        return float(re.sub(r"[.,\s\u00a0\u202f]", "", value))
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def parse_number_words(text: str) -> int | None:
    """Parse English number words ("two hundred and fifty" -> 250); None if not a number."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    value = total + current
    return value if seen and value > 1 else None


def parse_quantity(text: str) -> int | None:
    """Parse digits or number words into an int."""
    number = parse_number(text)
    if number is None:
        return parse_number_words(text)
    return int(number)
