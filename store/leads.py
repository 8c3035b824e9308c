"""SQL for lead scoring: stored scores and names of accounts, team-page people, contacts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

_UPSERT_CONTACT = (
    "INSERT INTO contacts (key, icp, domain, email, name, title, persona, role, seniority, "
    "department, lead_score, route, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (key, icp) DO UPDATE SET domain = excluded.domain, email = excluded.email, "
    "name = excluded.name, title = excluded.title, persona = excluded.persona, "
    "role = excluded.role, seniority = excluded.seniority, department = excluded.department, "
    "lead_score = excluded.lead_score, route = excluded.route, scored_at = excluded.scored_at"
)
CONTACT_FIELDS = (
    "key", "icp", "domain", "email", "name", "title", "persona", "role", "seniority",
    "department", "lead_score", "route", "scored_at",
)  # fmt: skip


class LeadTables:
    """The `contacts` table, and the account facts lead scoring reads."""

    _db: sqlite_utils.Database

    def account_names(self) -> Iterator[tuple[str, str | None, str | None]]:
        """Yield (domain, input name, researched company name) of every stored account."""
        yield from self._db.execute(
            "SELECT domain, name, json_extract(record, '$.firmographics.company_name.value') "
            "FROM accounts"
        )

    def stored_score(
        self, domain: str, icp: str, *, dimensions: bool = True
    ) -> dict[str, Any] | None:
        """Return the stored score of one account for one ICP (without reasons if asked)."""
        columns = "icp, total, tier, route" + (", dimensions" if dimensions else "")
        row = self._db.execute(
            f"SELECT {columns} FROM scores WHERE domain = ? AND icp = ?", [domain, icp]
        ).fetchone()
        if row is None:
            return None
        score = dict(zip(("icp", "total", "tier", "route"), row[:4], strict=True))
        score["dimensions"] = json.loads(row[4] or "{}") if dimensions else {}
        return score

    def stored_domains(self, domains: Iterable[str]) -> set[str]:
        """Return which of the given domains have stored research."""
        wanted = list(dict.fromkeys(domains))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            query = f"SELECT domain FROM accounts WHERE domain IN ({marks})"
            found.update(row[0] for row in self._db.execute(query, chunk))
        return found

    def team_titles(self, domain: str) -> list[tuple[str, str]]:
        """Return (name, title) of the people found on the account's team pages."""
        return [
            (row[0], row[1])
            for row in self._db.execute(
                "SELECT name, title FROM people WHERE domain = ? ORDER BY name", [domain]
            )
        ]

    def contact_personas(self, domain: str, icp: str) -> list[tuple[str, str]]:
        """Return (persona, contact name or e-mail) of contacts scored earlier at this account."""
        return [
            (row[0], row[1])
            for row in self._db.execute(
                "SELECT persona, COALESCE(name, email, key) FROM contacts "
                "WHERE domain = ? AND icp = ? AND persona IS NOT NULL ORDER BY key",
                [domain, icp],
            )
        ]

    def save_contacts(self, rows: list[dict[str, Any]]) -> None:
        """Upsert scored contacts in one transaction."""
        with self._db.atomic():
            self._db.conn.executemany(
                _UPSERT_CONTACT, [tuple(row.get(name) for name in CONTACT_FIELDS) for row in rows]
            )

    def load_contact(self, key: str, icp: str) -> dict[str, Any] | None:
        """Return one stored contact, or None."""
        rows = list(self._db.table("contacts").rows_where("key = ? AND icp = ?", [key, icp]))
        return rows[0] if rows else None
