"""Draft an ICP file from a `Discovery`, each line commented with the evidence behind it."""

from __future__ import annotations

import tomllib
from typing import Any

from agent.analytics.discover import Discovery, criterion_points
from agent.analytics.findings import Finding
from agent.analytics.icp_writer import (
    DraftCriterion,
    DraftDimension,
    normalized_weights,
    render_icp_toml,
)
from agent.icp import parse_icp

GROUP_ORDER = ("firmographics", "technographics", "behavioural", "needs", "growth")
"""The five dimensions of an ICP, in the order the draft lists them."""
EMPTY_HINTS = {
    "firmographics": "no industry, size or location stood out",
    "technographics": "no technology stood out (research the accounts: icp enrich)",
    "behavioural": "no hiring or CRM activity column stood out",
    "needs": "no pain stood out (add interview notes: icp enrich --notes or icp interviews)",
    "growth": "no growth signal stood out (open roles, funding, founding year)",
}


def observed_industries(records: list[dict[str, Any]]) -> list[str]:
    """Return the distinct industry values of the records (case-insensitively), sorted."""
    seen: dict[str, str] = {}
    for record in records:
        value = ((record.get("firmographics") or {}).get("industry") or {}).get("value")
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip().casefold(), value.strip())
    return sorted(seen.values(), key=str.casefold)


def _header(discovery: Discovery, name: str, source: str) -> list[str]:
    lines = [
        f'Draft ICP "{name}" written by `icp discover` from {source}.',
        f"Evidence: {discovery.population} decided accounts "
        f"({discovery.won} won, {discovery.lost} lost); {discovery.best_total} best customers "
        f"= {discovery.best_definition}.",
        "Points are 20 × ln(shrunk lift); a dimension's weight is its share of all points, so "
        "an account's total is the share of evidence it matches.",
        "Review before use: these are associations in past deals, not causes.",
    ]
    if discovery.small_sample:
        lines.append(
            f"SMALL SAMPLE: only {discovery.best_total} best customers; treat every criterion "
            "as a hypothesis to check with more deals."
        )
    for segment in discovery.segments[:1]:
        if segment.verdict == "distinctive":
            lines.append(f"Sharpest segment: {segment.label}: {segment.evidence()}.")
    return lines


def _footer(discovery: Discovery, limit: int = 8) -> list[str]:
    lines: list[str] = []
    for verdict, title in (
        ("not significant", "More common among best customers, but not significant here:"),
        ("too few accounts", "Too few accounts to judge:"),
    ):
        chosen = [f for f in discovery.findings if f.verdict == verdict][:limit]
        if chosen:
            lines.append(title)
            lines += [f"  {f.label}: {f.evidence()}" for f in chosen]
    return lines


def draft_icp(
    discovery: Discovery,
    *,
    name: str,
    source: str,
    industries: list[str] = (),  # type: ignore[assignment]
) -> str:
    """Return the draft ICP TOML (validated); raise ValueError when nothing is distinctive."""
    by_group: dict[str, list[Finding]] = {}
    for finding in discovery.distinctive:
        by_group.setdefault(finding.attributes[0].group, []).append(finding)
    if not by_group:
        raise ValueError("no distinctive attribute to draft an ICP from")
    groups = sorted(by_group, key=lambda g: GROUP_ORDER.index(g) if g in GROUP_ORDER else 99)
    empty = [f"{group}: {EMPTY_HINTS[group]}" for group in GROUP_ORDER if group not in by_group]
    dimensions = []
    raw_weights = []
    for group in groups:
        criteria = []
        for finding in by_group[group]:
            keys = {**finding.attributes[0].criterion, "points": criterion_points(finding)}
            criteria.append(DraftCriterion(keys, [finding.evidence()]))
        raw_weights.append(sum(c.keys["points"] for c in criteria))
        dimensions.append(DraftDimension(group, 0.0, criteria))
    for dimension, weight in zip(dimensions, normalized_weights(raw_weights), strict=True):
        dimension.weight = weight
        dimension.comments = [
            f"{dimension.name}: {len(dimension.criteria)} distinctive attribute(s), "
            f"{weight:.0%} of the evidence points"
        ]
    text = render_icp_toml(
        name=name,
        header=_header(discovery, name, source),
        description=f"Drafted from the best customers in {source}",
        industries=list(industries),
        dimensions=dimensions,
        footer=(
            ["Dimensions with nothing distinctive (left out):", *(f"  {e}" for e in empty)]
            if empty
            else []
        )
        + _footer(discovery),
    )
    parse_icp(tomllib.loads(text), source="draft")  # a draft that does not load is a bug
    return text
