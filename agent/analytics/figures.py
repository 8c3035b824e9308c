"""The ICP dashboard's figures: per tier, ICP vs non-ICP, calibration by decile, coverage.

Inputs are scored records (contract dicts with `score`, overrides already applied) and, when
given, the CRM outcomes by domain. "ICP" means Perfect or Strong Fit (the tiers routed to
account executives by default); "non-ICP" is Moderate or Weak. Win rates are over accounts with
a decided outcome (won or lost) and come with 95 % Wilson intervals, because a tier of eight
accounts should not look as certain as one of eight hundred.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any

from agent.analytics.attributes import known_values
from agent.analytics.crm import CrmAccount
from agent.analytics.stats import auc, wilson_interval
from agent.icp import TIER_NAMES
from agent.models import FIRMOGRAPHIC_FIELDS

ICP_TIERS = ("Perfect Fit", "Strong Fit")


@dataclass
class GroupFigures:
    """Outcome figures of one group of accounts (a tier, ICP, a score decile)."""

    name: str
    accounts: int = 0
    won: int = 0
    lost: int = 0
    deals_won: int = 0
    revenue: float = 0.0
    cycles: list[float] = field(default_factory=list)
    low_score: float | None = None
    high_score: float | None = None

    @property
    def closed(self) -> int:
        """Accounts with a decided outcome."""
        return self.won + self.lost

    @property
    def win_rate(self) -> float | None:
        """Won over decided accounts; None when none is decided."""
        return self.won / self.closed if self.closed else None

    @property
    def win_rate_interval(self) -> tuple[float, float] | None:
        """95 % Wilson interval of the win rate."""
        return wilson_interval(self.won, self.closed) if self.closed else None

    @property
    def average_deal(self) -> float | None:
        """Revenue per won deal."""
        return self.revenue / self.deals_won if self.deals_won else None

    @property
    def mean_cycle(self) -> float | None:
        """Mean sales-cycle length in days."""
        return mean(self.cycles) if self.cycles else None

    @property
    def median_cycle(self) -> float | None:
        """Median sales-cycle length in days."""
        return median(self.cycles) if self.cycles else None

    def add(self, crm: CrmAccount | None) -> None:
        """Count one account and its outcome (if any)."""
        self.accounts += 1
        if crm is None or crm.won is None:
            return
        if crm.won:
            self.won += 1
            self.deals_won += crm.deals_won
            self.revenue += crm.revenue
        else:
            self.lost += 1
        if crm.cycle is not None:
            self.cycles.append(crm.cycle)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        interval = self.win_rate_interval
        return {
            "name": self.name,
            "accounts": self.accounts,
            "closed": self.closed,
            "won": self.won,
            "lost": self.lost,
            "win_rate": _round(self.win_rate),
            "win_rate_95ci": [_round(interval[0]), _round(interval[1])] if interval else None,
            "revenue": round(self.revenue, 2),
            "average_deal": _round(self.average_deal, 2),
            "mean_cycle_days": _round(self.mean_cycle, 1),
            "median_cycle_days": _round(self.median_cycle, 1),
            "score_range": [self.low_score, self.high_score]
            if self.low_score is not None
            else None,
        }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Coverage:
    """How often one field is known across the stored accounts."""

    field: str
    known: int
    total: int

    @property
    def share(self) -> float:
        """Share of accounts with the field known."""
        return self.known / self.total if self.total else 0.0


@dataclass
class Report:
    """Every figure of the ICP dashboard."""

    icp: str
    accounts: int
    tiers: list[GroupFigures]
    icp_groups: list[GroupFigures]
    deciles: list[GroupFigures]
    coverage: list[Coverage]
    routes: dict[str, int]
    auc: float | None
    overridden: int
    with_outcomes: bool
    notes: list[str] = field(default_factory=list)

    @property
    def overall_coverage(self) -> float:
        """Mean share of fields known."""
        return mean(c.share for c in self.coverage) if self.coverage else 0.0

    @property
    def overall(self) -> GroupFigures:
        """The figures of all accounts together."""
        total = GroupFigures("all accounts")
        for group in self.tiers:
            total.accounts += group.accounts
            total.won += group.won
            total.lost += group.lost
            total.deals_won += group.deals_won
            total.revenue += group.revenue
            total.cycles += group.cycles
        return total

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready report."""
        return {
            "icp": self.icp,
            "accounts": self.accounts,
            "auc": _round(self.auc),
            "overridden": self.overridden,
            "overall": self.overall.as_dict(),
            "tiers": [t.as_dict() for t in self.tiers],
            "icp_vs_non_icp": [g.as_dict() for g in self.icp_groups],
            "deciles": [d.as_dict() for d in self.deciles],
            "coverage": {c.field: round(c.share, 4) for c in self.coverage},
            "overall_coverage": round(self.overall_coverage, 4),
            "routes": self.routes,
            "notes": self.notes,
        }


def coverage_fields(records: list[dict[str, Any]]) -> list[str]:
    """Return the fields whose coverage is reported (specialized keys as found)."""
    specialized = sorted({k for r in records for k in (r.get("specialized") or {})})
    return (
        [f"firmographics.{name}" for name in FIRMOGRAPHIC_FIELDS]
        + ["technographics", "hiring.open_roles", "hiring.by_function"]
        + [f"specialized.{key}" for key in specialized]
        + ["needs"]
    )


def field_known(record: dict[str, Any], path: str) -> bool:
    """Return whether a record knows a field (a technology list counts when non-empty)."""
    if path == "needs":
        return record.get("status") != "error" and record.get("needs") is not None
    values = known_values(record, path)
    return bool(values) if path == "technographics" else values is not None


def score_deciles(pairs: list[tuple[float, CrmAccount]], groups: int = 10) -> list[GroupFigures]:
    """Split decided accounts by score into (up to) ten equal groups, lowest score first."""
    ordered = sorted(pairs, key=lambda pair: pair[0])
    count = min(groups, len(ordered))
    deciles = []
    for index in range(count):
        chunk = ordered[index * len(ordered) // count : (index + 1) * len(ordered) // count]
        figures = GroupFigures(f"D{index + 1}", low_score=chunk[0][0], high_score=chunk[-1][0])
        for _, account in chunk:
            figures.add(account)
        deciles.append(figures)
    return deciles


def build_report(
    records: list[dict[str, Any]],
    outcomes: dict[str, CrmAccount] | None = None,
    icp_name: str = "",
) -> Report:
    """Compute the dashboard figures from scored records and (optional) CRM outcomes."""
    outcomes = outcomes or {}
    tiers = {name: GroupFigures(name) for name in TIER_NAMES}
    groups = {
        "ICP": GroupFigures("ICP (Perfect + Strong)"),
        "non-ICP": GroupFigures("non-ICP (Moderate + Weak)"),
    }
    routes: Counter[str] = Counter()
    pairs: list[tuple[float, CrmAccount]] = []
    overridden = 0
    scored = [r for r in records if r.get("score")]
    for record in scored:
        score = record["score"]
        crm = outcomes.get(record["domain"])
        tiers[score["tier"]].add(crm)
        groups["ICP" if score["tier"] in ICP_TIERS else "non-ICP"].add(crm)
        routes[score["route"]] += 1
        overridden += bool(score.get("override"))
        if crm is not None and crm.won is not None:
            pairs.append((float(score["total"]), crm))
    coverage = [
        Coverage(path, sum(field_known(r, path) for r in records), len(records))
        for path in coverage_fields(records)
    ]
    report = Report(
        icp=icp_name or (scored[0]["score"]["icp"] if scored else ""),
        accounts=len(scored),
        tiers=list(tiers.values()),
        icp_groups=list(groups.values()),
        deciles=score_deciles(pairs),
        coverage=coverage,
        routes=dict(routes),
        auc=auc([s for s, _ in pairs], [bool(a.won) for _, a in pairs]),
        overridden=overridden,
        with_outcomes=bool(outcomes),
    )
    if outcomes:
        matched = sum(1 for r in scored if r["domain"] in outcomes)
        unmatched = len(outcomes) - matched
        if unmatched:
            report.notes.append(f"{unmatched} CRM accounts are not in the store (not counted)")
        if len(pairs) < 30:
            report.notes.append(
                f"only {len(pairs)} decided accounts: win rates are rough (see the intervals)"
            )
    return report
