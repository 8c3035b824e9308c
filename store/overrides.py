"""Overrides: manual tier/score changes by sales, kept across re-scoring, undone by a date."""

from __future__ import annotations

from typing import Any

import sqlite_utils


class OverrideTable:
    """The `overrides` table."""

    _db: sqlite_utils.Database

    def add_override(self, row: dict[str, Any]) -> int:
        """Insert one override row and return its id."""
        with self._db.atomic():
            table = self._db.table("overrides").insert(row)
        assert table.last_pk is not None  # insert() records the new row's rowid
        return int(table.last_pk)

    def overrides(
        self, *, include_undone: bool = False, domain: str | None = None
    ) -> list[dict[str, Any]]:
        """Return override rows, newest first; undone ones only when asked."""
        where, params = [], []
        if not include_undone:
            where.append("undone_at IS NULL")
        if domain:
            where.append("domain = ?")
            params.append(domain)
        rows = self._db.table("overrides").rows_where(
            " AND ".join(where) or None, params, order_by="created_at DESC, id DESC"
        )
        return list(rows)

    def mark_override_undone(self, override_id: int, undone_at: str) -> None:
        """Record when an override was undone."""
        with self._db.atomic():
            self._db.table("overrides").update(override_id, {"undone_at": undone_at})
