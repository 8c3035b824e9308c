"""Choosing one value per field among the candidates read from a company's pages.

Each candidate is ranked by where it was read (JSON-LD, then microdata/meta and the About page,
then other company pages, then press posts), then by the date of its statement, then by
confidence. Some fields follow their own logic: the funding stage follows the company's
progression (a later stage beats an earlier one), a total stated with an older round than the
latest is out of date, a lone first round is the total when nothing else is stated, and a city
the company says it left is never its headquarters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from agent.models import Field
from tools.firmographics import funding, funding_amounts

Candidate = tuple[str, Field]
CORROBORATION_BONUS = 0.05


@dataclass
class Ranked:
    """A candidate with the tier of its source and the date of its statement."""

    name: str
    field: Field
    tier: float
    date: str


def sort_key(ranked: Ranked) -> tuple[float, str, float]:
    """Order candidates: source tier, statement date, confidence."""
    return ranked.tier, ranked.date, ranked.field.confidence


def pick(candidates: list[Ranked], name: str) -> Ranked:
    """Return the winning candidate of one field (see the module docstring)."""
    if name == "funding_stage":
        has_funding = any(c.field.value not in ("bootstrapped",) for c in candidates)
        usable = [c for c in candidates if not (has_funding and c.field.value == "bootstrapped")]
        order = funding.STAGE_ORDER
        return max(usable, key=lambda c: (order.index(c.field.value), *sort_key(c)))
    if name in ("business_model", "industry"):
        votes: dict[object, float] = defaultdict(float)
        for c in candidates:
            votes[c.field.value] += c.field.confidence + c.tier
        best_value = max(votes, key=lambda v: votes[v])
        return max((c for c in candidates if c.field.value == best_value), key=sort_key)
    if name == "total_funding_usd":
        return max(candidates, key=lambda c: (c.field.confidence >= 0.7, *sort_key(c)))
    if name == "founded_year":
        # "since 2014" hints never outrank a plain "founded in" / "started in" statement
        return max(candidates, key=lambda c: (c.field.confidence >= 0.6, *sort_key(c)))
    return max(candidates, key=sort_key)


def with_corroboration(winner: Ranked, candidates: list[Ranked]) -> Field:
    """Return the winner, adding evidence (and a little confidence) from agreeing sources."""
    result = winner.field.model_copy(deep=True)
    for other in candidates:
        if other is winner or other.field.value != result.value:
            continue
        extra = other.field.evidence[0]
        if extra not in result.evidence and extra.url not in {e.url for e in result.evidence}:
            result.evidence.append(extra)
            result.confidence = round(min(0.95, result.confidence + CORROBORATION_BONUS), 2)
    return result


def drop_stale_totals(by_field: dict[str, list[Ranked]]) -> list[Candidate]:
    """Drop a total stated with a round older than the latest round the site names.

    "a $65m Series B ... to bring our total funding to $100m" is out of date once the site
    announces a Series C: the new total is unknown. Return the dropped totals as alternatives.
    """
    order = funding.STAGE_ORDER
    stages = [str(c.field.value) for c in by_field.get("funding_stage", [])]
    rounds = [s for s in stages if s.startswith(("seed", "pre-seed", "series"))]
    if not rounds:
        return []
    latest = max(order.index(s) for s in rounds)
    kept: list[Ranked] = []
    dropped: list[Ranked] = []
    for candidate in by_field.get("total_funding_usd", []):
        named = [
            order.index(stage)
            for m in re.finditer(
                rf"\b{funding_amounts.ROUND}", candidate.field.evidence[0].quote, re.I
            )
            if (stage := funding_amounts.stage_of(m))
        ]
        (dropped if named and max(named) < latest else kept).append(candidate)
    by_field["total_funding_usd"] = kept
    return [(c.name, c.field) for c in dropped]


def total_from_rounds(by_field: dict[str, list[Ranked]]) -> None:
    """Without a cumulative statement, a lone first round is the total (`funding_amounts`)."""
    earlier = [c.field for c in by_field.pop("earlier_funding", [])]
    rounds = by_field.get("funding_round", [])
    if by_field.get("total_funding_usd") or not rounds:
        return
    stages = [str(c.field.value) for c in by_field.get("funding_stage", [])]
    total = funding_amounts.total_from_rounds([c.field for c in rounds], stages, earlier)
    if total is not None:
        best = max(rounds, key=sort_key)
        by_field["total_funding_usd"] = [Ranked("total_funding_usd", total, best.tier, best.date)]


def drop_former_cities(
    by_field: dict[str, list[Ranked]], former: list[Ranked]
) -> list[Candidate]:
    """Drop HQ candidates naming a city the company says it left; return them as alternatives.

    Only a statement dated after the move ("moved our headquarters from Austin to Nashville
    in 2022") keeps the old city: an older page or an undated one is out of date.
    """
    moved: dict[str, str] = {}
    for statement in former:
        city = str(statement.field.value).casefold()
        moved[city] = max(moved.get(city, ""), statement.date)
    dropped, kept = [], []
    for candidate in by_field.get("hq_city", []):
        left_on = moved.get(str(candidate.field.value).casefold())
        if left_on is not None and not (left_on and candidate.date > left_on):
            dropped.append(candidate)
        else:
            kept.append(candidate)
    quotes = {c.field.evidence[0] for c in dropped}
    countries = by_field.get("hq_country", [])
    by_field["hq_city"] = kept
    by_field["hq_country"] = [c for c in countries if c.field.evidence[0] not in quotes]
    stale = dropped + [c for c in countries if c.field.evidence[0] in quotes]
    return [(c.name, c.field) for c in stale]
