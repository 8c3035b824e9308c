"""Several ICPs in one run: each account scored against each, the best fit reported.

The best fit is the highest total; a tie goes to the ICP listed first, so the order of `--icp`
options is the user's priority. Scoring stays the pure `score_record`; this module only loops.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agent.errors import ConfigError
from agent.icp import ICP, load_icp
from agent.models import Score
from agent.scoring import score_record


def load_icps(paths: Iterable[str | Path]) -> list[ICP]:
    """Load several ICP files; their names must differ (scores are stored per ICP name)."""
    icps = [load_icp(path) for path in paths]
    seen: dict[str, int] = {}
    for index, icp in enumerate(icps):
        if icp.name in seen:
            raise ConfigError(
                f"ICP files {seen[icp.name] + 1} and {index + 1} are both named {icp.name!r}; "
                "give each ICP a distinct `name`"
            )
        seen[icp.name] = index
    return icps


def score_all(icps: list[ICP], record: dict[str, Any]) -> tuple[list[Score], Score]:
    """Score one record against every ICP; return all scores and the best fit."""
    if not icps:
        raise ValueError("score_all needs at least one ICP")
    scores = [score_record(icp, record) for icp in icps]
    best = scores[0]
    for score in scores[1:]:
        if score.total > best.total:
            best = score
    return scores, best


def best_fit_fields(scores: list[Score], best: Score) -> dict[str, Any]:
    """Return what a results line adds for several ICPs: every ICP's total, tier and route."""
    return {
        "best_icp": best.icp,
        "scores": [
            {"icp": s.icp, "total": s.total, "tier": s.tier, "route": s.route} for s in scores
        ],
    }
