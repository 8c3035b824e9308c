"""Accounts: one atomic write of an account's research, and the reads that re-score it.

`accounts.record` holds the contract-shaped research (without the score), the source of truth
for `icp score`; `fields`, `technologies`, `hiring`, `postings`, `people` and `pages` are the
same facts in tables that are pleasant to query (e.g. in Datasette).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from agent.models import AccountResult, Field, PageRecord, Score
from store import signals as signal_store
from store.connection import now_iso, to_json
from store.scores import write_score

_PER_ACCOUNT_TABLES = ("pages", "fields", "field_alternatives", "technologies", "postings",
                       "people")  # fmt: skip


class AccountTables:
    """The `accounts` table and the per-account fact tables written with it."""

    _db: sqlite_utils.Database

    def save_account(
        self,
        result: AccountResult,
        pages: list[PageRecord],
        *,
        run_id: int | None = None,
        alternatives: list[tuple[str, Field]] = (),  # type: ignore[assignment]
        extra_scores: list[Score] = (),  # type: ignore[assignment]
    ) -> None:
        """Write one account's research, pages, fields and score in one transaction."""
        seen = now_iso()
        domain = result.domain
        record = result.contract_dict()
        for key in ("score", "best_icp", "scores"):
            record.pop(key, None)
        db = self._db
        with db.atomic():
            for table in _PER_ACCOUNT_TABLES:
                db.execute(f"DELETE FROM {table} WHERE domain = ?", [domain])
            db.table("accounts").upsert(
                {
                    "domain": domain,
                    "name": result.input.get("name"),
                    "input": to_json(result.input),
                    "status": result.status,
                    "error": result.error,
                    # in the record's own key order: a reused record reads back byte for byte
                    # as the research wrote it (a resumed results file equals a fresh one)
                    "record": to_json(record, sort_keys=False),
                    "notes": to_json(result.notes),
                    "researched_at": seen,
                    "run_id": run_id,
                },
                pk="domain",
            )
            db.table("pages").upsert_all(
                (
                    {"domain": domain, **page.model_dump(exclude={"source", "headers"})}
                    for page in pages
                ),
                pk=("domain", "url"),
            )
            db.table("fields").insert_all(
                (
                    {
                        "domain": domain,
                        "path": path,
                        "value": to_json(field.value),
                        "confidence": field.confidence,
                        "method": field.method,
                        "evidence": _evidence(field.evidence),
                        "seen_at": seen,
                    }
                    for path, field in _known_fields(result)
                ),
                pk=("domain", "path"),
                replace=True,
            )
            db.table("field_alternatives").insert_all(
                {
                    "domain": domain,
                    "path": path,
                    "value": to_json(field.value),
                    "method": field.method,
                    "evidence": _evidence(field.evidence),
                    "seen_at": seen,
                }
                for path, field in alternatives
            )
            db.table("technologies").insert_all(
                (
                    {
                        "domain": domain,
                        "name": tech.name,
                        "category": tech.category,
                        "method": tech.method,
                        "evidence": _evidence(tech.evidence),
                        "seen_at": seen,
                    }
                    for tech in result.technographics
                ),
                pk=("domain", "name"),
                replace=True,
            )
            db.table("people").insert_all(
                (
                    {
                        "domain": domain,
                        "name": person.name,
                        "title": person.title,
                        "persona": person.persona,
                        "evidence": _evidence(person.evidence),
                        "seen_at": seen,
                    }
                    for person in result.buying_committee
                ),
                pk=("domain", "name"),
                replace=True,
            )
            hiring = result.hiring
            db.table("hiring").upsert(
                {
                    "domain": domain,
                    "ats": hiring.ats,
                    "board_url": hiring.board_url,
                    "status": hiring.status,
                    "open_roles": hiring.open_roles,
                    "by_function": to_json(hiring.by_function),
                    "seen_at": seen,
                },
                pk="domain",
            )
            db.table("postings").insert_all(
                (
                    {"domain": domain, "position": i, **p.model_dump(), "seen_at": seen}
                    for i, p in enumerate(hiring.postings)
                ),
                pk=("domain", "position"),
                replace=True,
            )
            signal_store.write_research(
                db, domain, record, result.signals, run_id=run_id, seen=seen
            )
            for score in ([result.score] if result.score is not None else []) + list(extra_scores):
                write_score(db, domain, score)

    def add_records(self, rows: Iterable[dict[str, Any]]) -> None:
        """Insert `accounts` rows as given, in one transaction (benchmarks, bulk imports)."""
        with self._db.atomic():
            self._db.table("accounts").insert_all(rows, batch_size=1000)

    def count_accounts(self) -> int:
        """Return the number of stored accounts."""
        return self._db.table("accounts").count

    def has_account(self, domain: str) -> bool:
        """Return whether research for `domain` is stored."""
        return self._one("SELECT 1 FROM accounts WHERE domain = ?", domain) is not None

    def load_record(self, domain: str) -> dict[str, Any] | None:
        """Return the stored contract-shaped record of one account (without score)."""
        record = self._one("SELECT record FROM accounts WHERE domain = ?", domain)
        return json.loads(record) if record is not None else None

    def researched_at(self, domain: str) -> str | None:
        """Return when the account was last researched (ISO 8601), or None."""
        return self._one("SELECT researched_at FROM accounts WHERE domain = ?", domain)

    def research_dates(self) -> list[tuple[str, str]]:
        """Return (domain, researched_at) of every stored account, in domain order."""
        rows = self._db.execute("SELECT domain, researched_at FROM accounts ORDER BY domain")
        return [(domain, at) for domain, at in rows]

    def input_columns(self) -> set[str]:
        """Return every input column the stored accounts came with."""
        rows = self._db.execute(
            "SELECT DISTINCT j.key FROM accounts, json_each(accounts.input) AS j "
            "WHERE json_valid(accounts.input)"
        )
        return {key for (key,) in rows}

    def iter_records(self, page_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Yield every stored record (contract dicts without score) in domain order.

        Records are read a page at a time, so no read cursor stays open while the caller
        writes (SQLite refuses writes to a table a statement is still reading).
        """
        last = ""
        while True:
            rows = self._db.execute(
                "SELECT domain, record FROM accounts WHERE domain > ? ORDER BY domain LIMIT ?",
                [last, page_size],
            ).fetchall()
            for _, record in rows:
                yield json.loads(record)
            if len(rows) < page_size:
                return
            last = rows[-1][0]

    def load_pages(self, domain: str) -> list[dict[str, Any]]:
        """Return the stored pages of one account."""
        return list(self._db.table("pages").rows_where("domain = ?", [domain], order_by="url"))

    def _one(self, sql: str, domain: str) -> Any:
        row = self._db.execute(sql, [domain]).fetchone()
        return row[0] if row else None


def _evidence(evidence: list[Any]) -> str:
    return to_json([e.model_dump() for e in evidence])


def _known_fields(result: AccountResult) -> Iterator[tuple[str, Field]]:
    for name, field in result.firmographics:
        if field.value is not None:
            yield f"firmographics.{name}", field
    for key, field in result.specialized.items():
        if field.value is not None:
            yield f"specialized.{key}", field
