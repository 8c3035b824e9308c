"""What page text an LLM prompt sees: the most relevant chunks of the fetched pages, in budget.

Pages are cut into chunks along their lines (visible text has one block per line); a chunk
is worth the cues it matches (one cue per field or question asked) that chunks already taken do
not, plus a little for the page kind (about > home > contact ...). Chunks are taken best first
until the character budget is spent, then grouped by page, most relevant page first, chunks in
reading order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agent.models import PageRecord

CHARS_PER_TOKEN = 4
CHUNK_CHARS = 600
KIND_WEIGHT = {
    "about": 3.0, "home": 2.5, "team": 1.5, "contact": 1.5, "press": 1.5, "careers": 1.0,
    "events": 1.0, "pricing": 1.0, "customers": 0.5, "integrations": 0.3,
}  # fmt: skip
INTRO_KINDS = ("home", "about")
"""Kinds whose first chunk introduces the company (asked for even without a cue word)."""


@dataclass(frozen=True)
class Excerpt:
    """Chosen chunks of one page, in reading order."""

    url: str
    chunks: tuple[str, ...]

    @property
    def text(self) -> str:
        """Return the chunks joined (a gap between them is a line `[...]`)."""
        return "\n[...]\n".join(self.chunks)


def usable_pages(pages: Iterable[PageRecord]) -> list[PageRecord]:
    """Return the successfully fetched pages with text, one per URL and content."""
    seen: set[str] = set()
    usable = []
    for page in pages:
        if not page.text.strip() or page.error or (page.status or 200) >= 400:
            continue
        identity = page.content_hash or (page.final_url or page.url)
        if identity in seen:
            continue
        seen.add(identity)
        usable.append(page)
    return usable


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut text into chunks of about `size` characters along lines, then sentences."""
    pieces: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        while len(line) > size:
            cut = max(line.rfind(". ", 0, size), line.rfind("; ", 0, size))
            cut = cut + 1 if cut > size // 3 else size
            pieces.append(line[:cut].strip())
            line = line[cut:].strip()
        if line:
            pieces.append(line)
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for piece in pieces:
        if current and length + len(piece) + 1 > size:
            chunks.append("\n".join(current))
            current, length = [], 0
        current.append(piece)
        length += len(piece) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks


def select_excerpts(
    pages: Sequence[PageRecord],
    cues: Sequence[re.Pattern[str]],
    budget_chars: int,
    *,
    include_intro: bool = False,
) -> list[Excerpt]:
    """Return the most relevant chunks of `pages` within `budget_chars`, grouped by page.

    Greedy by coverage: a chunk is worth 10 per cue it matches, less for each cue chunks
    already taken match, so the budget goes to many fields rather than one field many times.
    """
    candidates: list[tuple[int, int, str, frozenset[int], float]] = []
    seen: set[str] = set()
    for page_number, page in enumerate(pages):
        weight = KIND_WEIGHT.get(page.kind, 0.8)
        for index, chunk in enumerate(chunk_text(_new_lines(page.text, seen))):
            matched = frozenset(i for i, cue in enumerate(cues) if cue.search(chunk))
            intro = include_intro and index == 0 and page.kind in INTRO_KINDS
            if matched or intro:
                base = weight + (15 if intro else 0)  # introductions state name and industry
                candidates.append((page_number, index, chunk, matched, base))
    covered: Counter[int] = Counter()

    def worth(candidate: tuple[int, int, str, frozenset[int], float]) -> float:
        return sum(10 / (1 + covered[cue]) for cue in candidate[3]) + candidate[4]

    chosen: dict[int, list[tuple[int, str]]] = {}
    best: dict[int, float] = {}
    spent = 0
    while candidates:
        pick = max(candidates, key=lambda c: (worth(c), -c[0], -c[1]))
        candidates.remove(pick)
        page_number, index, chunk, matched, _ = pick
        if spent + len(chunk) > budget_chars:
            continue  # a smaller chunk further down may still fit
        best.setdefault(page_number, worth(pick))
        covered.update(matched)
        chosen.setdefault(page_number, []).append((index, chunk))
        spent += len(chunk)
    order = sorted(chosen, key=lambda n: (-best[n], n))
    return [Excerpt(pages[n].final_url or pages[n].url, _merge(sorted(chosen[n]))) for n in order]


def _new_lines(text: str, seen: set[str]) -> str:
    """Return text without the long lines already seen (boilerplate repeated on every page)."""
    kept = []
    for line in text.splitlines():
        key = " ".join(line.split()).casefold()
        if len(key) >= 40:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept)


def _merge(chunks: list[tuple[int, str]]) -> tuple[str, ...]:
    """Join chunks that follow each other on the page, so only real gaps are marked."""
    merged: list[str] = []
    previous = -2
    for index, chunk in chunks:
        if index == previous + 1 and merged:
            merged[-1] = f"{merged[-1]}\n{chunk}"
        else:
            merged.append(chunk)
        previous = index
    return tuple(merged)
