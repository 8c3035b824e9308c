"""The deterministic weighted scorer: a pure function of the ICP and the stored fields.

Semantics (the public contract): a dimension's score is 100 × (points of matched criteria) /
(points of all its criteria); `total` is the weight-sum of dimension scores; a criterion on an
unknown (null) field is unmatched and reported as "unknown". Nothing here fetches, calls an
LLM, or reads anything but its arguments.

Several ICPs in one run: `score_against` scores a record against each; the best fit is the
highest total, a tie going to the ICP listed first (the order of `--icp` is the user's
priority). It is the one assembly used by the graph, the batch's reuse of stored research and
`icp score`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.crm.amounts import parse_amount
from agent.icp import ICP, Criterion, Routing, Tiers
from agent.models import DimensionScore, Route, Score, Tier
from agent.signal_scoring import score_signal_criterion
from tools.technographics.business_tools import business_tools, is_business_technology

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _unwrap(node: Any) -> Any:
    """Turn a contract Field ({"value", "evidence", ...}) into its value."""
    if isinstance(node, dict) and "value" in node and "evidence" in node:
        return node["value"]
    return node


def resolve_path(record: dict[str, Any], path: str) -> list[Any] | None:
    """Return the values at a dotted path (lists fan out), or None when unknown.

    `needs.pains.category` gives every pain's category; an empty list of pains is known
    (no values), while a missing or null `needs` is unknown.
    """
    return _resolve(record, path.split("."))


def _resolve(node: Any, parts: list[str]) -> list[Any] | None:
    node = _unwrap(node)
    if node is None:
        return None
    if isinstance(node, list):
        values: list[Any] = []
        for item in node:
            found = _resolve(item, parts)
            values.extend(found or [])
        return values
    if not parts:
        return [] if node == "" else [node]
    if not isinstance(node, dict) or parts[0] not in node:
        return None
    return _resolve(node[parts[0]], parts[1:])


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        # CRM columns: "$1,200,000", "1.2M", "€ 3 000 000" (one parser for every command)
        return parse_amount(value.replace("_", ""))
    return None


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        if isinstance(value, bool):
            return value is expected
        text = str(value).strip().lower()
        return (text in _TRUE) if expected else (text in _FALSE)
    if isinstance(expected, int | float) and not isinstance(value, bool):
        number = _number(value)
        return number is not None and number == float(expected)
    return str(value).strip().casefold() == str(expected).strip().casefold()


def _value_matches(criterion: Criterion, value: Any) -> bool | None:
    """Return whether one value meets the criterion; None when it is not comparable."""
    if criterion.equals is not None:
        return _same(value, criterion.equals)
    if criterion.in_ is not None:
        return any(_same(value, option) for option in criterion.in_)
    number = _number(value)
    if number is None:
        return None
    if criterion.range is not None:
        return criterion.range[0] <= number <= criterion.range[1]
    if criterion.min is not None and number < criterion.min:
        return False
    return not (criterion.max is not None and number > criterion.max)


def _show(values: list[Any]) -> str:
    shown = ", ".join(str(v) for v in values[:3])
    return shown + (f" (+{len(values) - 3} more)" if len(values) > 3 else "")


def evaluate_criterion(criterion: Criterion, record: dict[str, Any]) -> tuple[str, str]:
    """Return (outcome, reason) with outcome in {"met", "not met", "unknown"}."""
    if criterion.signal is not None:
        outcome, reason, _ = score_signal_criterion(criterion, record)
        return outcome, reason
    what = criterion.describe()
    points = f"{criterion.points:g}"
    if criterion.technology is not None:
        wanted = criterion.technology.casefold()
        named = [t for t in record.get("technographics") or []
                 if str(t.get("name", "")).casefold() == wanted]  # fmt: skip
        if any(criterion.plumbing or is_business_technology(t) for t in named):
            return "met", f"met: {what} (+{points})"
        if named:
            return "not met", (f"not met: {what} (detected as web plumbing; "
                               f"set plumbing = true to count it) (0/{points})")  # fmt: skip
        if record.get("status") == "error":
            return "unknown", f"unknown: {what} (research failed) (0/{points})"
        return "not met", f"not met: {what} (not detected) (0/{points})"
    if (criterion.field or "").startswith("technographics") and not criterion.plumbing:
        record = {**record, "technographics": business_tools(record)}
    values = resolve_path(record, criterion.field or "")
    if values is None or (not values and (criterion.field or "").startswith("input.")):
        return "unknown", f"unknown: {what} (no value) (0/{points})"
    outcomes = [_value_matches(criterion, v) for v in values]
    if any(outcomes):
        return "met", f"met: {what} (value {_show(values)}) (+{points})"
    if values and all(o is None for o in outcomes):
        return "unknown", f"unknown: {what} (value {_show(values)} is not a number) (0/{points})"
    shown = _show(values) if values else "none"
    return "not met", f"not met: {what} (value {shown}) (0/{points})"


def tier_for(total: float, tiers: Tiers) -> Tier:
    """Return the tier name of a total score."""
    if total >= tiers.perfect:
        return "Perfect Fit"
    if total >= tiers.strong:
        return "Strong Fit"
    if total >= tiers.moderate:
        return "Moderate Fit"
    return "Weak Fit"


def route_for(tier: str, routing: Routing) -> Route:
    """Return the route configured for a tier."""
    return getattr(routing, tier.split()[0].lower())


def score_record(icp: ICP, record: dict[str, Any]) -> Score:
    """Score one contract-shaped record (see `AccountResult.contract_dict`) against an ICP."""
    dimensions: dict[str, DimensionScore] = {}
    total = 0.0
    for dimension in icp.dimensions:
        earned = 0.0
        possible = 0.0
        reasons = []
        for criterion in dimension.criteria:
            if criterion.signal is not None:  # a signal earns less the older it is
                outcome, reason, share = score_signal_criterion(criterion, record)
            else:
                outcome, reason = evaluate_criterion(criterion, record)
                share = 1.0 if outcome == "met" else 0.0
            possible += criterion.points
            earned += criterion.points * share
            reasons.append(reason)
        value = 100.0 * earned / possible
        total += dimension.weight * value
        dimensions[dimension.name] = DimensionScore(
            weight=dimension.weight, score=round(value, 2), reasons=reasons
        )
    total = round(total, 2)
    tier = tier_for(total, icp.tiers)
    return Score(
        icp=icp.name,
        total=total,
        tier=tier,
        route=route_for(tier, icp.routing),
        dimensions=dimensions,
    )


def top_reasons(score: Score, limit: int = 3) -> list[str]:
    """Return the met reasons of the most weighty dimensions, for one-line summaries."""
    met: list[tuple[float, str]] = []
    for dimension in score.dimensions.values():
        for reason in dimension.reasons:
            if reason.startswith("met: "):
                met.append((dimension.weight, reason))
    met.sort(key=lambda item: -item[0])
    return [reason for _, reason in met[:limit]]


@dataclass(frozen=True)
class Scored:
    """A record scored against one or several ICPs."""

    scores: list[Score]
    """Every ICP's score, in the order the ICPs were given (all are stored)."""
    best: Score
    """The best fit: the highest total, the first ICP on a tie."""

    def best_fit_fields(self) -> dict[str, Any]:
        """Return what a results line adds for several ICPs: every ICP's total, tier and route."""
        return {
            "best_icp": self.best.icp,
            "scores": [
                {"icp": s.icp, "total": s.total, "tier": s.tier, "route": s.route}
                for s in self.scores
            ],
        }

    def result_fields(self) -> dict[str, Any]:
        """Return the `AccountResult` fields: `score`, and `best_icp`/`scores` with several."""
        if len(self.scores) == 1:
            return {"score": self.best, "scores": None}
        return {"score": self.best, **self.best_fit_fields()}


def score_against(icps: list[ICP], record: dict[str, Any]) -> Scored:
    """Score one record against every ICP; keep every score and the best fit."""
    if not icps:
        raise ValueError("score_against needs at least one ICP")
    scores = [score_record(icp, record) for icp in icps]
    best = scores[0]
    for score in scores[1:]:
        if score.total > best.total:
            best = score
    return Scored(scores=scores, best=best)
