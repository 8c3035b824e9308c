"""The evidence for one attribute (or a segment of attributes) of the best customers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.analytics.attributes import Attribute
from agent.analytics.stats import format_p, wilson_interval


@dataclass
class Finding:
    """The evidence for one attribute (or one segment of attributes)."""

    attributes: tuple[Attribute, ...]
    accounts: int
    """Accounts that have it."""
    best: int
    """Best customers that have it."""
    population: int
    best_total: int
    lift: float
    shrunk_lift: float
    p_value: float
    """One-sided Fisher p, adjusted for the choice of range or segment."""
    q_value: float | None = None
    """Benjamini–Hochberg q across single attributes (None for segments)."""
    tried: int = 1
    won: int = 0
    lost: int = 0
    median_cycle: float | None = None
    verdict: str = "not significant"

    @property
    def label(self) -> str:
        """Return the attribute(s) in plain words."""
        return " AND ".join(a.label for a in self.attributes)

    @property
    def best_share(self) -> float:
        """Share of the best customers that have it."""
        return self.best / self.best_total if self.best_total else 0.0

    @property
    def other_share(self) -> float:
        """Share of the other accounts that have it."""
        others = self.population - self.best_total
        return (self.accounts - self.best) / others if others else 0.0

    @property
    def best_rate_interval(self) -> tuple[float, float]:
        """95 % Wilson interval of the best rate among accounts that have it."""
        return wilson_interval(self.best, self.accounts)

    def evidence(self) -> str:
        """Return the evidence in one line, as written next to a drafted criterion."""
        others = self.population - self.best_total
        low, high = self.best_rate_interval
        line = (
            f"{self.best} of {self.best_total} best customers ({self.best_share:.0%}) vs "
            f"{self.accounts - self.best} of {others} others ({self.other_share:.0%}); "
            f"lift {self.lift:.1f} (shrunk {self.shrunk_lift:.1f}); "
            f"p = {format_p(self.p_value)}"
            + ("" if self.q_value is None else f", q = {format_p(self.q_value)}")
            + "; "
            f"best rate {self.best / max(1, self.accounts):.0%} (95 % CI {low:.0%}–{high:.0%})"
        )
        if self.won + self.lost:
            line += f"; win rate {self.won / (self.won + self.lost):.0%}"
        return line

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {
            "attribute": self.label,
            "keys": [a.key for a in self.attributes],
            "criteria": [a.criterion for a in self.attributes],
            "accounts": self.accounts,
            "best": self.best,
            "population": self.population,
            "best_total": self.best_total,
            "best_share": round(self.best_share, 4),
            "other_share": round(self.other_share, 4),
            "lift": round(self.lift, 3),
            "shrunk_lift": round(self.shrunk_lift, 3),
            "p_value": self.p_value,
            "q_value": self.q_value,
            "tried": self.tried,
            "win_rate": round(self.won / (self.won + self.lost), 4)
            if self.won + self.lost
            else None,
            "median_cycle_days": self.median_cycle,
            "verdict": self.verdict,
        }
