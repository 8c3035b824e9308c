"""The SQLite store: one facade over one file, its SQL kept by topic in the modules it is made of.

    Store
    ├── AccountTables   store/accounts.py   accounts + pages, fields, technologies, hiring ...
    ├── ScoreTable      store/scores.py     scores per (account, ICP)
    ├── RunTable        store/runs.py       runs: settings, counts, LLM usage
    ├── OverrideTable   store/overrides.py  manual tier/score overrides
    ├── LeadTables      store/leads.py      contacts, and what lead scoring reads
    ├── CrmTables       store/crm.py        ICP tiers/routing for the views, failures, notes
    └── (signals)       store/signals.py    signals, snapshots, deliveries (methods below)

The file is opened and migrated by `store/connection.py` (schema in `store/migrations.py`); the
LLM cache (`store/llm_cache.py`) keeps its own connection to the same file. Nothing outside
`store/` touches the database object: every statement is a method here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from store import signals as signal_store
from store.accounts import AccountTables
from store.connection import now_iso, open_database
from store.crm import CrmTables
from store.leads import LeadTables
from store.overrides import OverrideTable
from store.runs import RunTable
from store.scores import ScoreTable


class Store(AccountTables, ScoreTable, RunTable, OverrideTable, LeadTables, CrmTables):
    """Research store over a SQLite file (created and migrated on open)."""

    def __init__(self, path: str | Path, *, must_exist: bool = False):
        self.path = Path(path)
        self._db = open_database(self.path, must_exist=must_exist)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def transaction(self) -> AbstractContextManager[object]:
        """Return a context in which many writes commit together (bulk loads, benchmarks)."""
        return self._db.atomic()

    def data_version(self) -> int:
        """Return SQLite's data version: it changes when another connection commits."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def iter_scored_records(self, icp: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield stored records with their stored score (of `icp`, else the best one)."""
        for record in self.iter_records():
            record["score"] = self.best_score(record["domain"], icp)
            yield record

    # -- signals (SQL in store/signals.py) ---------------------------------------------------

    def signal_feed(self, **filters: Any) -> list[dict[str, Any]]:
        """Return stored signals (see `store.signals.signal_feed` for the filters)."""
        return signal_store.signal_feed(self._db, **filters)

    def unsent_signals(
        self, channel: str, first_run_ids: list[int] | None = None
    ) -> list[dict[str, Any]]:
        """Return the signals not yet sent to `channel`."""
        return signal_store.unsent_signals(self._db, channel, first_run_ids=first_run_ids)

    def mark_sent(self, signal_id: int, channel: str) -> None:
        """Remember that a signal was sent to `channel`."""
        signal_store.mark_sent(self._db, signal_id, channel, now_iso())

    def snapshots(self, domain: str) -> list[dict[str, Any]]:
        """Return an account's research snapshots, oldest first."""
        return list(signal_store.snapshots(self._db, domain))
