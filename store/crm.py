"""Queries behind the CRM commands: which ICPs have scores, and scores with overrides laid on."""

from __future__ import annotations

import sqlite_utils


def scored_icp_names(db: sqlite_utils.Database) -> list[str]:
    """Return the names of the ICPs with stored scores, sorted."""
    if not db.table("scores").exists():
        return []
    return [row[0] for row in db.execute("SELECT DISTINCT icp FROM scores ORDER BY icp")]
