"""What the CRM features keep: each ICP's tiers and routing, failed-research counts, notes.

`icp_settings` lets the `account_scores` view (store/views.py) apply an override with the ICP's
own thresholds and routing; `accounts.failures` drives the retry backoff of transient research
failures; attached notes update a stored record's `needs` without re-research.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils


class CrmTables:
    """The `icp_settings` table, `accounts.failures` and attached notes."""

    _db: sqlite_utils.Database

    def save_icp_settings(self, rows: list[dict[str, Any]], now: str) -> None:
        """Record ICPs' tier thresholds and routing (rows of `icp`, `perfect` … `route_weak`)."""
        with self._db.atomic():
            self._db.table("icp_settings").upsert_all(
                ({**row, "updated_at": now} for row in rows), pk="icp"
            )

    def research_failures(self, domain: str) -> int:
        """Return how many research attempts in a row failed for `domain` (0 when none)."""
        query = "SELECT failures FROM accounts WHERE domain = ?"
        row = self._db.execute(query, [domain]).fetchone()
        return int(row[0] or 0) if row else 0

    def count_research_attempt(self, domain: str, failed: bool) -> None:
        """Count one more failed attempt for `domain`, or reset the count after a success."""
        with self._db.atomic():
            self._db.execute(
                "UPDATE accounts SET failures = CASE WHEN ? THEN coalesce(failures, 0) + 1 "
                "ELSE 0 END WHERE domain = ?",
                [failed, domain],
            )

    def save_needs(self, domain: str, record: dict[str, Any]) -> None:
        """Replace the stored record's `needs` and `notes` (notes attached after research)."""
        notes = json.dumps(record.get("notes") or [], ensure_ascii=False)
        with self._db.atomic():
            self._db.execute(
                "UPDATE accounts SET record = json_set(record, '$.needs', json(?), '$.notes', "
                "json(?)), notes = ? WHERE domain = ?",
                [json.dumps(record.get("needs"), ensure_ascii=False), notes, notes, domain],
            )
