"""Scores: one row per (account, ICP), written by research and by re-scoring, read by reports."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from agent.models import Score
from store.connection import now_iso, to_json

_UPSERT_SCORE = (
    "INSERT INTO scores (domain, icp, total, tier, route, dimensions, scored_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, icp) DO UPDATE SET "
    "total = excluded.total, tier = excluded.tier, route = excluded.route, "
    "dimensions = excluded.dimensions, scored_at = excluded.scored_at"
)


def write_score(db: sqlite_utils.Database, domain: str, score: Score) -> None:
    """Write (replace) one account's score for one ICP, inside the caller's transaction."""
    db.conn.execute(_UPSERT_SCORE, _score_row(domain, score))


class ScoreTable:
    """The `scores` table."""

    _db: sqlite_utils.Database

    def save_scores(self, scores: list[tuple[str, Score]]) -> None:
        """Write many scores in one transaction (re-scoring writes thousands at a time)."""
        with self._db.atomic():
            self._db.conn.executemany(_UPSERT_SCORE, [_score_row(d, s) for d, s in scores])

    def scores_for(self, domain: str) -> list[dict[str, Any]]:
        """Return every stored score row of one account, `dimensions` decoded, by ICP name."""
        return [
            dict(row, dimensions=json.loads(row["dimensions"] or "{}"))
            for row in self._db.table("scores").rows_where("domain = ?", [domain], order_by="icp")
        ]

    def icp_names(self, domain: str | None = None) -> list[str]:
        """Return the names of the ICPs with stored scores (of one account, when given)."""
        rows = self._db.execute(
            "SELECT DISTINCT icp FROM scores WHERE ? IS NULL OR domain = ? ORDER BY icp",
            [domain, domain],
        )
        return [row[0] for row in rows]

    def scores_of_icp(self, icp: str) -> dict[str, Score]:
        """Return the stored score of every account for one ICP, by domain."""
        return {
            row["domain"]: _score(row)
            for row in self._db.table("scores").rows_where("icp = ?", [icp])
        }

    def latest_tiers(self) -> dict[str, str]:
        """Return each account's tier from its most recent score (any ICP)."""
        tiers: dict[str, str] = {}
        for row in self._db.table("scores").rows_where(order_by="scored_at"):
            tiers[row["domain"]] = row["tier"]  # the latest score wins
        return tiers

    def best_score(self, domain: str, icp: str | None = None) -> dict[str, Any] | None:
        """Return the stored score of `icp`, else the best one, as a contract dict; or None."""
        row = self._db.execute(
            "SELECT icp, total, tier, route, dimensions FROM scores WHERE domain = ? "
            "AND (? IS NULL OR icp = ?) ORDER BY total DESC LIMIT 1",
            [domain, icp, icp],
        ).fetchone()
        if row is None:
            return None
        name, total, tier, route, dimensions = row
        return {"icp": name, "total": total, "tier": tier, "route": route,
                "dimensions": json.loads(dimensions)}  # fmt: skip


def _score(row: dict[str, Any]) -> Score:
    return Score(icp=row["icp"], total=row["total"], tier=row["tier"], route=row["route"],
                 dimensions=json.loads(row["dimensions"] or "{}"))  # fmt: skip


def _score_row(domain: str, score: Score) -> tuple:
    dimensions = to_json({k: v.model_dump() for k, v in score.dimensions.items()})
    return (domain, score.icp, score.total, score.tier, score.route, dimensions, now_iso())


