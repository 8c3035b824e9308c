"""Sentences as evidence: the sentence of a page's text around a match, and rule Fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from agent.models import Evidence, Field
from tools import regex_scan
from tools.evidence import find_sentence

_ABBREVIATIONS = frozenset(
    "mio mrd ca dr inc ltd co corp st nr bzw mr ms mrs vs approx no jan feb mar apr jun jul aug "
    "sep sept oct nov dec e.g i.e z.b u.a d.h bzw gmbh".split()
)
_BOUNDARY = re.compile(r"[.!?](?=\s)|\n|\|")


def _is_boundary(text: str, index: int) -> bool:
    """Whether the character at `index` ends a sentence (not "Mio." or "Inc.")."""
    if text[index] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, index - 20) : index])
    return not (word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1))


def sentence_at(text: str, start: int, end: int, limit: int = 300) -> str:
    """Return the sentence around [start, end), skipping abbreviations such as "Mio." or "Inc."."""
    left = 0
    for boundary in _BOUNDARY.finditer(text, 0, start):
        if _is_boundary(text, boundary.start()):
            left = boundary.end()
    right = len(text)
    for boundary in _BOUNDARY.finditer(text, end):
        if _is_boundary(text, boundary.start()):
            right = boundary.start() + (1 if text[boundary.start()] in ".!?" else 0)
            break
    sentence = text[left:right].strip()
    if len(sentence) <= limit:
        return sentence
    return find_sentence(text, start, end, limit)


def rule_field(value: Any, url: str, quote: str, confidence: float) -> Field:
    """Return a rule-method Field with one piece of evidence."""
    return Field(
        value=value,
        evidence=[Evidence(url=url, quote=quote)],
        confidence=round(confidence, 2),
        method="rule",
    )


def sentences_matching(
    text: str, pattern: str | re.Pattern[str], flags: re.RegexFlag = re.I
) -> Iterable[tuple[str, re.Match[str]]]:
    """Yield (sentence, match) for every match of `pattern` in `text`."""
    for match in regex_scan.finditer(pattern, text, flags):
        yield sentence_at(text, match.start(), match.end()), match
