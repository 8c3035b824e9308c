"""Sentences and short phrases of a customer's words, always verbatim substrings."""

from __future__ import annotations

import re

Span = tuple[int, int]
MAX_QUOTE = 300


_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|etc|mr|mrs|ms|dr|inc|approx|no|st|jr|sr)\.|\b[A-Z]\.)$", re.I
)
_STOP = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_LONG_BREAK = re.compile(r"(?<=[;:,])\s+|\s+[-–—]+\s+")


def sentences(text: str) -> list[str]:
    """Split an utterance into sentences (never across lines), each a verbatim substring."""
    found: list[str] = []
    for line in text.split("\n"):
        start = 0
        for stop in _STOP.finditer(line):
            if _ABBREVIATION.search(line[start : stop.end()].rstrip("\"'”’)]")):
                continue
            found.extend(_short(line[start : stop.end()]))
            start = stop.end()
        found.extend(_short(line[start:]))
    return [s for s in found if s and any(ch.isalnum() for ch in s)]


def _short(sentence: str) -> list[str]:
    """Cut a run-on sentence at clause breaks so quotes stay readable (<= MAX_QUOTE chars)."""
    sentence = sentence.strip()
    if len(sentence) <= MAX_QUOTE:
        return [sentence]
    pieces, start = [], 0
    for cut in _LONG_BREAK.finditer(sentence):
        if cut.start() - start >= MAX_QUOTE // 2:
            pieces.append(sentence[start : cut.start()].strip())
            start = cut.end()
    pieces.append(sentence[start:].strip())
    return [p[:MAX_QUOTE].rsplit(" ", 1)[0] if len(p) > MAX_QUOTE else p for p in pieces]


_CLAUSE = re.compile(
    r"[,;:()\[\]“”\"]|\s[-–—]+\s|\.\.\.|"
    r"\b(?:but|because|although|though|so|which|and|or|while|when|where|bc)\b",
    re.I,
)


def phrase_around(sentence: str, span: Span, max_words: int = 12) -> str:
    """Return the clause of `sentence` around `span`, at most `max_words` words."""
    left = max((m.end() for m in _CLAUSE.finditer(sentence, 0, span[0])), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(sentence, span[1])), len(sentence))
    if len(sentence[left:right].split()) < 4:  # "NetSuite manually" says too little
        left, right = 0, len(sentence)
    words = sentence[left:right].split()
    if len(words) > max_words:
        before = len(sentence[left : span[0]].split())
        first = max(0, min(before - max_words // 3, len(words) - max_words))
        words = words[first : first + max_words]
    return " ".join(words).strip(" .,;:!?&-–—\"'“”‘’*_") or sentence[span[0] : span[1]]
