"""The SQLite store: one atomic write per account, records re-read for re-scoring.

`accounts.record` holds the contract-shaped research (without the score), the source of truth
for `icp score`; `fields`, `technologies`, `hiring`, `postings` and `pages` are the same facts
in tables that are pleasant to query (e.g. in Datasette).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.models import AccountResult, Field, PageRecord, Score
from store import signals as signal_store
from store.connection import open_database


def now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Store:
    """Research store over a SQLite file (created and migrated on open)."""

    def __init__(self, path: str | Path, *, must_exist: bool = False):
        self.path = Path(path)
        self.db = open_database(self.path, must_exist=must_exist)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, command: str, args: dict[str, Any]) -> int:
        """Record the start of a run and return its id."""
        with self.db.atomic():
            table = self.db.table("runs").insert(
                {"command": command, "args": _json(args), "started_at": now_iso()}
            )
        assert table.last_pk is not None  # insert() records the new row's rowid
        return int(table.last_pk)

    def finish_run(self, run_id: int, counts: dict[str, Any], usage: dict[str, Any]) -> None:
        """Record the end of a run with its counts and LLM usage."""
        with self.db.atomic():
            self.db.table("runs").update(
                run_id,
                {
                    "finished_at": now_iso(),
                    "counts": _json(counts),
                    "llm_calls": usage.get("calls", 0),
                    "llm_cache_hits": usage.get("cache_hits", 0),
                    "prompt_tokens": usage.get("prompt_tokens", 0),
                    "completion_tokens": usage.get("completion_tokens", 0),
                    "cost_usd": usage.get("cost_usd"),
                },
            )

    # -- accounts --------------------------------------------------------------------------

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
        with self.db.atomic():
            for table in ("pages", "fields", "field_alternatives", "technologies", "postings",
                          "people"):  # fmt: skip
                self.db.execute(f"DELETE FROM {table} WHERE domain = ?", [domain])
            self.db.table("accounts").upsert(
                {
                    "domain": domain,
                    "name": result.input.get("name"),
                    "input": _json(result.input),
                    "status": result.status,
                    "error": result.error,
                    "record": _json(record),
                    "notes": _json(result.notes),
                    "researched_at": seen,
                    "run_id": run_id,
                },
                pk="domain",
            )
            self.db.table("pages").upsert_all(
                (
                    {"domain": domain, **page.model_dump(exclude={"source", "headers"})}
                    for page in pages
                ),
                pk=("domain", "url"),
            )
            self.db.table("fields").insert_all(
                (
                    {
                        "domain": domain,
                        "path": path,
                        "value": _json(field.value),
                        "confidence": field.confidence,
                        "method": field.method,
                        "evidence": _json([e.model_dump() for e in field.evidence]),
                        "seen_at": seen,
                    }
                    for path, field in _known_fields(result)
                ),
                pk=("domain", "path"),
                replace=True,
            )
            self.db.table("field_alternatives").insert_all(
                {
                    "domain": domain,
                    "path": path,
                    "value": _json(field.value),
                    "method": field.method,
                    "evidence": _json([e.model_dump() for e in field.evidence]),
                    "seen_at": seen,
                }
                for path, field in alternatives
            )
            self.db.table("technologies").insert_all(
                (
                    {
                        "domain": domain,
                        "name": tech.name,
                        "category": tech.category,
                        "method": tech.method,
                        "evidence": _json([e.model_dump() for e in tech.evidence]),
                        "seen_at": seen,
                    }
                    for tech in result.technographics
                ),
                pk=("domain", "name"),
                replace=True,
            )
            self.db.table("people").insert_all(
                (
                    {
                        "domain": domain,
                        "name": person.name,
                        "title": person.title,
                        "persona": person.persona,
                        "evidence": _json([e.model_dump() for e in person.evidence]),
                        "seen_at": seen,
                    }
                    for person in result.buying_committee
                ),
                pk=("domain", "name"),
                replace=True,
            )
            hiring = result.hiring
            self.db.table("hiring").upsert(
                {
                    "domain": domain,
                    "ats": hiring.ats,
                    "board_url": hiring.board_url,
                    "status": hiring.status,
                    "open_roles": hiring.open_roles,
                    "by_function": _json(hiring.by_function),
                    "seen_at": seen,
                },
                pk="domain",
            )
            self.db.table("postings").insert_all(
                (
                    {"domain": domain, "position": i, **p.model_dump(), "seen_at": seen}
                    for i, p in enumerate(hiring.postings)
                ),
                pk=("domain", "position"),
                replace=True,
            )
            signal_store.write_research(
                self.db, domain, record, result.signals, run_id=run_id, seen=seen
            )
            if result.score is not None:
                self._write_score(domain, result.score)
            for score in extra_scores:
                self._write_score(domain, score)

    def save_score(self, domain: str, score: Score) -> None:
        """Write (replace) one account's score for one ICP."""
        with self.db.atomic():
            self._write_score(domain, score)

    def save_scores(self, scores: list[tuple[str, Score]]) -> None:
        """Write many scores in one transaction (re-scoring writes thousands at a time)."""
        with self.db.atomic():
            self.db.conn.executemany(_UPSERT_SCORE, [_score_row(d, s) for d, s in scores])

    def _write_score(self, domain: str, score: Score) -> None:
        self.db.conn.execute(_UPSERT_SCORE, _score_row(domain, score))

    def has_account(self, domain: str) -> bool:
        """Return whether research for `domain` is stored."""
        return bool(self.db.execute("SELECT 1 FROM accounts WHERE domain = ?", [domain]).fetchone())

    def load_record(self, domain: str) -> dict[str, Any] | None:
        """Return the stored contract-shaped record of one account (without score)."""
        row = self.db.execute("SELECT record FROM accounts WHERE domain = ?", [domain]).fetchone()
        return json.loads(row[0]) if row else None

    def iter_records(self, page_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Yield every stored record (contract dicts without score) in domain order.

        Records are read a page at a time, so no read cursor stays open while the caller
        writes (SQLite refuses writes to a table a statement is still reading).
        """
        last = ""
        while True:
            rows = self.db.execute(
                "SELECT domain, record FROM accounts WHERE domain > ? ORDER BY domain LIMIT ?",
                [last, page_size],
            ).fetchall()
            for _, record in rows:
                yield json.loads(record)
            if len(rows) < page_size:
                return
            last = rows[-1][0]

    def iter_scored_records(self, icp: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield stored records with their stored score (of `icp`, else the best one)."""
        for record in self.iter_records():
            rows = self.db.execute(
                "SELECT icp, total, tier, route, dimensions FROM scores WHERE domain = ? "
                "AND (? IS NULL OR icp = ?) ORDER BY total DESC LIMIT 1",
                [record["domain"], icp, icp],
            ).fetchall()
            if rows:
                name, total, tier, route, dimensions = rows[0]
                record["score"] = {
                    "icp": name, "total": total, "tier": tier, "route": route,
                    "dimensions": json.loads(dimensions),
                }  # fmt: skip
            else:
                record["score"] = None
            yield record

    def researched_at(self, domain: str) -> str | None:
        """Return when the account was last researched (ISO 8601), or None."""
        row = self.db.execute(
            "SELECT researched_at FROM accounts WHERE domain = ?", [domain]
        ).fetchone()
        return row[0] if row else None

    def load_pages(self, domain: str) -> list[dict[str, Any]]:
        """Return the stored pages of one account."""
        return list(self.db.table("pages").rows_where("domain = ?", [domain], order_by="url"))

    # -- signals ---------------------------------------------------------------------------

    def signal_feed(self, **filters: Any) -> list[dict[str, Any]]:
        """Return stored signals (see `store.signals.signal_feed` for the filters)."""
        return signal_store.signal_feed(self.db, **filters)

    def unsent_signals(
        self, channel: str, first_run_ids: list[int] | None = None
    ) -> list[dict[str, Any]]:
        """Return the signals not yet sent to `channel`."""
        return signal_store.unsent_signals(self.db, channel, first_run_ids=first_run_ids)

    def mark_sent(self, signal_id: int, channel: str) -> None:
        """Remember that a signal was sent to `channel`."""
        signal_store.mark_sent(self.db, signal_id, channel, now_iso())

    def snapshots(self, domain: str) -> list[dict[str, Any]]:
        """Return an account's research snapshots, oldest first."""
        return list(signal_store.snapshots(self.db, domain))

    def count_accounts(self) -> int:
        """Return the number of stored accounts."""
        return self.db.table("accounts").count


_UPSERT_SCORE = (
    "INSERT INTO scores (domain, icp, total, tier, route, dimensions, scored_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, icp) DO UPDATE SET "
    "total = excluded.total, tier = excluded.tier, route = excluded.route, "
    "dimensions = excluded.dimensions, scored_at = excluded.scored_at"
)


def _score_row(domain: str, score: Score) -> tuple:
    dimensions = _json({k: v.model_dump() for k, v in score.dimensions.items()})
    return (domain, score.icp, score.total, score.tier, score.route, dimensions, now_iso())


def _known_fields(result: AccountResult) -> Iterator[tuple[str, Field]]:
    for name, field in result.firmographics:
        if field.value is not None:
            yield f"firmographics.{name}", field
    for key, field in result.specialized.items():
        if field.value is not None:
            yield f"specialized.{key}", field
