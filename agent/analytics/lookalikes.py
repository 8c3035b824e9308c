"""Lookalikes: rank stored accounts by similarity to seed accounts (e.g. the best customers).

Similarity is Gower-style over the enriched fields: each field compares on its own terms —
equal or not for a category (industry, country, funding stage …), closeness on a log scale for
counts (employees, funding), weighted Jaccard for sets (technologies weighted by rarity, so
sharing Salesforce counts more than sharing Google Analytics; hiring functions; interview pain
categories) — and the field similarities are averaged with field weights over the fields the
seed knows. A field the candidate does not know counts as not shared, so an account we know
little about cannot look like a perfect match. An account's score is its mean similarity to its
`nearest` most similar seeds; the explanation lists what it shares with the seed set.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from agent.analytics.attributes import as_number, fmt_number, known_values

CATEGORY_FIELDS = {
    "firmographics.industry": (3.0, "industry {}"),
    "firmographics.hq_country": (1.0, "headquartered in {}"),
    "firmographics.funding_stage": (1.0, "funding stage {}"),
    "firmographics.business_model": (1.0, "business model {}"),
    "hiring.ats": (0.5, "job board on {}"),
}
LOG_FIELDS = {
    "firmographics.employee_count": (2.0, "{} employees"),
    "firmographics.total_funding_usd": (1.0, "raised {}"),
}
LINEAR_FIELDS = {"firmographics.founded_year": (0.5, "founded {}")}
SET_FIELDS = {
    "technographics": (2.0, "uses {}"),
    "hiring.functions": (1.0, "hiring {}"),
    "needs.pains.category": (1.0, "pain: {}"),
}
SPECIALIZED_WEIGHT = 1.0


@dataclass
class Profile:
    """The comparable values of one account."""

    domain: str
    name: str
    categories: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    """Display spelling of each category value and set member (by folded value)."""


@dataclass
class Lookalike:
    """One ranked account with its similarity and the reasons."""

    domain: str
    name: str
    similarity: float
    nearest: list[tuple[str, float]]
    shared: list[str]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready row."""
        return {
            "domain": self.domain,
            "name": self.name,
            "similarity": round(self.similarity, 4),
            "nearest_seeds": [{"domain": d, "similarity": round(s, 4)} for d, s in self.nearest],
            "shared": self.shared,
        }


def _first(record: dict[str, Any], path: str) -> Any:
    values = known_values(record, path)
    return values[0] if values else None


def profile(record: dict[str, Any]) -> Profile:
    """Extract the comparable values of a contract-shaped record."""
    name = _first(record, "firmographics.company_name") or record["domain"]
    result = Profile(record["domain"], str(name))
    if record.get("status") == "error":
        return result
    categories = {
        **{p: None for p in CATEGORY_FIELDS},
        **{f"specialized.{k}": None for k in record.get("specialized") or {}},
    }
    for path in categories:
        value = _first(record, path)
        if value is None or isinstance(value, dict | list):
            continue
        number = as_number(value)
        if number is None:  # as_number never reads a bool as a number
            text = str(value).strip()
            result.categories[path] = text.casefold()
            result.shown[f"{path}={text.casefold()}"] = text
        else:
            result.numbers[path] = number
    for path in (*LOG_FIELDS, *LINEAR_FIELDS):
        number = as_number(_first(record, path))
        if number is not None:
            result.numbers[path] = number
    result.sets["technographics"] = set()
    for name in known_values(record, "technographics") or []:
        result.sets["technographics"].add(name.casefold())
        result.shown[f"technographics={name.casefold()}"] = name
    by_function = (record.get("hiring") or {}).get("by_function")
    if by_function is not None:
        result.sets["hiring.functions"] = {k for k, v in by_function.items() if v}
        for key in result.sets["hiring.functions"]:
            result.shown[f"hiring.functions={key}"] = key.replace("_", " ")
    pains = known_values(record, "needs.pains.category")
    if pains is not None:
        result.sets["needs.pains.category"] = {str(p).casefold() for p in pains}
        for pain in pains:
            result.shown[f"needs.pains.category={str(pain).casefold()}"] = str(pain)
    return result


@dataclass
class Space:
    """What similarity needs to know about the whole store: ranges and rarity."""

    spans: dict[str, float]
    rarity: dict[str, float]

    @classmethod
    def of(cls, profiles: list[Profile]) -> Space:
        """Measure numeric spans (log scale where it applies) and set-member rarity (IDF)."""
        spans: dict[str, float] = {}
        numeric_paths = {p for pr in profiles for p in pr.numbers}
        for path in numeric_paths:
            values = [_scale(path, pr.numbers[path]) for pr in profiles if path in pr.numbers]
            spans[path] = max(max(values) - min(values), 1e-9) if values else 1.0
        counts: Counter[str] = Counter()
        for pr in profiles:
            for path, members in pr.sets.items():
                counts.update(f"{path}={m}" for m in members)
        total = max(1, len(profiles))
        rarity = {key: math.log(1 + total / count) for key, count in counts.items()}
        return cls(spans, rarity)


def _scale(path: str, value: float) -> float:
    return math.log10(max(value, 1.0)) if path in LOG_FIELDS else value


def _weight(path: str) -> float:
    for table in (CATEGORY_FIELDS, LOG_FIELDS, LINEAR_FIELDS, SET_FIELDS):
        if path in table:
            return table[path][0]
    return SPECIALIZED_WEIGHT


def similarity(candidate: Profile, seed: Profile, space: Space) -> float:
    """Return the Gower-style similarity (0–1) of a candidate to one seed."""
    earned = possible = 0.0
    for path, value in seed.categories.items():
        weight = _weight(path)
        possible += weight
        earned += weight * (candidate.categories.get(path) == value)
    for path, number in seed.numbers.items():
        weight = _weight(path)
        possible += weight
        if path in candidate.numbers:
            gap = abs(_scale(path, candidate.numbers[path]) - _scale(path, number))
            earned += weight * max(0.0, 1 - gap / space.spans.get(path, 1.0))
    for path, members in seed.sets.items():
        if not members:
            continue
        weight = _weight(path)
        possible += weight
        theirs = candidate.sets.get(path, set())
        rarity = space.rarity
        union = sum(rarity.get(f"{path}={m}", 1.0) for m in members | theirs)
        both = sum(rarity.get(f"{path}={m}", 1.0) for m in members & theirs)
        earned += weight * (both / union if union else 0.0)
    return earned / possible if possible else 0.0


def explain(candidate: Profile, seeds: list[Profile], limit: int = 5) -> list[str]:
    """Return what the candidate shares with the seed set, most widely shared first."""
    found: list[tuple[float, str]] = []
    count = len(seeds)
    for path, value in candidate.categories.items():
        sharing = sum(1 for s in seeds if s.categories.get(path) == value)
        if sharing:
            label = path.split(".")[-1].replace("_", " ")
            words = CATEGORY_FIELDS.get(path, (0, label + ": {}"))[1]
            shown = candidate.shown.get(f"{path}={value}", value)
            found.append(
                (
                    _weight(path) * sharing / count,
                    f"{words.format(shown)} ({sharing} of {count} seeds)",
                )
            )
    for path, number in candidate.numbers.items():
        seen = [s.numbers[path] for s in seeds if path in s.numbers]
        if path in {**LOG_FIELDS, **LINEAR_FIELDS} and seen and min(seen) <= number <= max(seen):
            words = {**LOG_FIELDS, **LINEAR_FIELDS}[path][1]
            span = f"{fmt_number(min(seen), path)}–{fmt_number(max(seen), path)}"
            found.append(
                (_weight(path) * 0.9, f"{words.format(fmt_number(number, path))} (seeds {span})")
            )
    for path, members in candidate.sets.items():
        for member in members:
            sharing = sum(1 for s in seeds if member in s.sets.get(path, set()))
            if sharing:
                shown = candidate.shown.get(f"{path}={member}", member)
                found.append(
                    (
                        _weight(path) * sharing / count,
                        f"{SET_FIELDS[path][1].format(shown)} ({sharing} of {count} seeds)",
                    )
                )
    found.sort(key=lambda item: (-item[0], item[1]))
    return [text for _, text in found[:limit]]


def rank_lookalikes(
    records: list[dict[str, Any]],
    seed_domains: list[str],
    *,
    exclude: set[str] = frozenset(),  # type: ignore[assignment]
    nearest: int = 3,
    limit: int | None = None,
) -> list[Lookalike]:
    """Rank every stored account (not a seed, not excluded) by similarity to the seeds."""
    profiles = [profile(r) for r in records]
    by_domain = {p.domain: p for p in profiles}
    seeds = [by_domain[d] for d in seed_domains if d in by_domain]
    if not seeds:
        return []
    space = Space.of(profiles)
    ranked = []
    skip = set(seed_domains) | set(exclude)
    for candidate in profiles:
        if candidate.domain in skip:
            continue
        sims = sorted(((similarity(candidate, s, space), s.domain) for s in seeds), reverse=True)
        top = sims[: max(1, nearest)]
        score = sum(s for s, _ in top) / len(top)
        ranked.append(
            Lookalike(
                candidate.domain,
                candidate.name,
                score,
                [(d, s) for s, d in top],
                explain(candidate, seeds),
            )
        )
    ranked.sort(key=lambda item: (-item.similarity, item.domain))
    return ranked[:limit] if limit else ranked
