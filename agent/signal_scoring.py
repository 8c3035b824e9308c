"""Signal criteria: "a funding signal within 180 days", worth less the older the event is.

Decay (documented in the README): a matching signal earns `points × 0.5 ** (age / half_life)`,
where `age` is the number of days from the event's date to the day the research describes
(`researched_on`, never the wall clock, so re-scoring stored research gives the same total) and
`half_life` is the criterion's `half_life_days` (default `DEFAULT_HALF_LIFE_DAYS`; 0 turns
decay off). The freshest matching signal counts. With `within_days`, an event older than the
window, or one whose page gives no date, does not match; without it, an undated event earns
the full points (its age is unknown, not old).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from agent.icp import Criterion

DEFAULT_HALF_LIFE_DAYS = 365.0


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def decay(age_days: int, half_life_days: float | None) -> float:
    """Return the share of the points an event `age_days` old earns."""
    half_life = DEFAULT_HALF_LIFE_DAYS if half_life_days is None else half_life_days
    if half_life <= 0:
        return 1.0
    return 0.5 ** (max(age_days, 0) / half_life)


def score_signal_criterion(criterion: Criterion, record: dict[str, Any]) -> tuple[str, str, float]:
    """Return (outcome, reason, share of points earned) of a `signal = …` criterion."""
    what = criterion.describe()
    points = criterion.points
    if record.get("status") == "error":
        return "unknown", f"unknown: {what} (research failed) (0/{points:g})", 0.0
    as_of = _day(record.get("researched_on"))
    wanted = [s for s in record.get("signals") or [] if s.get("type") == criterion.signal]
    best: tuple[float, str] | None = None
    undated = None
    for signal in wanted:
        day = _day(signal.get("date"))
        if day is None or as_of is None:
            undated = undated or signal
            continue
        age = (as_of - day).days
        if criterion.within_days is not None and not 0 <= age <= criterion.within_days:
            continue
        share = decay(age, criterion.half_life_days)
        shown = f"{signal.get('summary', '')!s:.80} — {day.isoformat()}, {age} days old"
        if best is None or share > best[0]:
            best = (share, shown)
    if best is not None:
        share, shown = best
        earned = round(points * share, 2)
        return "met", f"met: {what} ({shown}) (+{earned:g} of {points:g})", share
    if undated is not None and criterion.within_days is None:
        shown = f"{undated.get('summary', '')!s:.80} — undated"
        return "met", f"met: {what} ({shown}) (+{points:g})", 1.0
    if undated is not None:
        return "not met", f"not met: {what} (only undated: cannot tell its age) (0/{points:g})", 0.0
    seen = f"{len(wanted)} older" if wanted else "none found"
    return "not met", f"not met: {what} ({seen}) (0/{points:g})", 0.0
