"""Runs: one row per batch, with its settings, counts and LLM usage (`icp runs`)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from store.connection import now_iso, to_json


class RunTable:
    """The `runs` table."""

    _db: sqlite_utils.Database

    def start_run(self, command: str, args: dict[str, Any]) -> int:
        """Record the start of a run and return its id."""
        with self._db.atomic():
            table = self._db.table("runs").insert(
                {"command": command, "args": to_json(args), "started_at": now_iso()}
            )
        assert table.last_pk is not None  # insert() records the new row's rowid
        return int(table.last_pk)

    def finish_run(self, run_id: int, counts: dict[str, Any], usage: dict[str, Any]) -> None:
        """Record the end of a run with its counts and LLM usage."""
        with self._db.atomic():
            self._db.table("runs").update(
                run_id,
                {
                    "finished_at": now_iso(),
                    "counts": to_json(counts),
                    "llm_calls": usage.get("calls", 0),
                    "llm_cache_hits": usage.get("cache_hits", 0),
                    "prompt_tokens": usage.get("prompt_tokens", 0),
                    "completion_tokens": usage.get("completion_tokens", 0),
                    "cost_usd": usage.get("cost_usd"),
                },
            )

    def runs(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Return the newest runs first (all columns)."""
        return list(self._db.table("runs").rows_where(order_by="id desc", limit=limit))
