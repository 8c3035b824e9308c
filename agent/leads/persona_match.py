"""Matching a contact's title to the ICP's personas, with the reason in words.

A persona's title pattern matches when its canonical words occur as a run in the title's
canonical words ("vp sales" in "SVP Global Sales": scope words such as "global" are dropped);
a pattern that starts or ends with a level word ("vp", "director", "head" ...) also matches
with that word at the other end ("sales director" matches "Director of Sales"). A persona
that lists `departments` matches any title of those departments. Its `seniority`, when given,
must hold too. The most specific match wins (the longest pattern; a department match counts
less than any pattern), then the higher points, then the order in the ICP file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from agent.leads.title_words import FILLER_WORDS, LEVEL_WORDS
from agent.leads.titles import ParsedTitle, canonical_words
from agent.personas import PersonaSpec


@dataclass(frozen=True)
class PersonaMatch:
    """The persona a title matched, and why (or why the nearest one did not)."""

    persona: PersonaSpec | None
    reason: str


@lru_cache(maxsize=4096)
def pattern_variants(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Return the word runs a persona title pattern matches (with its level word moved)."""
    words = tuple(w for w in canonical_words(pattern) if w not in FILLER_WORDS)
    variants = [words]
    if len(words) > 1 and words[0] in LEVEL_WORDS:
        variants.append(words[1:] + words[:1])
    if len(words) > 1 and words[-1] in LEVEL_WORDS:
        variants.append(words[-1:] + words[:-1])
    return tuple(v for v in variants if v)


def _contains(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    size = len(run)
    return any(words[i : i + size] == run for i in range(len(words) - size + 1))


def _title_hit(spec: PersonaSpec, title: ParsedTitle) -> str | None:
    """Return the longest of the persona's patterns found in the title, or None."""
    best: tuple[int, str] | None = None
    for pattern in spec.titles:
        for run in pattern_variants(pattern):
            if _contains(title.words, run) and (best is None or len(run) > best[0]):
                best = (len(run), pattern)
    return best[1] if best else None


def _describe(title: ParsedTitle) -> str:
    return f"seniority {title.seniority or 'unknown'}, department {title.department or 'unknown'}"


def match_persona(title: ParsedTitle, personas: list[PersonaSpec]) -> PersonaMatch:
    """Return the best persona for a parsed title, with the reason."""
    if not title.words:
        return PersonaMatch(None, "no job title given: no persona")
    candidates: list[tuple[float, float, int, PersonaSpec, str]] = []
    near_miss: str | None = None
    for order, spec in enumerate(personas):
        hit = _title_hit(spec, title)
        if hit is not None:
            specificity = float(len(pattern_variants(hit)[0]))
            why = f'title matches "{hit}"'
        elif title.department is not None and title.department in spec.departments:
            specificity = 0.5
            why = f"department {title.department}"
        else:
            continue
        if spec.seniority and title.seniority not in spec.seniority:
            near_miss = near_miss or (
                f'persona "{spec.name}": {why}, but seniority {title.seniority} is not '
                f"{' or '.join(spec.seniority)}"
            )
            continue
        candidates.append((specificity, spec.points, -order, spec, why))
    if not candidates:
        reason = f'no persona matches "{title.title}" ({_describe(title)})'
        return PersonaMatch(None, reason + (f"; nearest {near_miss}" if near_miss else ""))
    _, _, _, spec, why = max(candidates, key=lambda c: c[:3])
    return PersonaMatch(
        spec,
        f'persona "{spec.name}" ({spec.role}, {spec.points:g} points): {why} '
        f'in "{title.title}" ({_describe(title)})',
    )
