"""What the API reads from the store, with caches dropped whenever the database changes.

SQLite's `PRAGMA data_version` changes when another connection commits (an `icp enrich`,
`icp score` or `icp override` run beside the server), so answers are never staler than the
store while repeated requests for one account are served from memory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from agent.icp import ICP
from agent.leads.account_fit import AccountDirectory
from agent.leads.contacts import contact_from_properties, pick_columns
from agent.leads.scorer import LeadScorer
from store.db import Store


class StoreLookups:
    """Scores leads and reads accounts for the API, from one store and one ICP."""

    def __init__(self, db: Path, icp: ICP):
        self.db_path = db
        self.icp = icp
        self._store: Store | None = None
        self._scorer: LeadScorer | None = None
        self._version: int | None = None

    def _fresh_scorer(self) -> LeadScorer:
        if self._store is None:
            # opened on the event loop's thread: SQLite connections stay on their thread
            self._store = Store(self.db_path, must_exist=True)
        version = self._store.data_version()
        if self._scorer is None or version != self._version:
            self._scorer = LeadScorer(self._store, self.icp)
            self._version = version
        return self._scorer

    def score(self, properties: dict[str, Any]) -> dict[str, Any]:
        """Return the leads.jsonl object of one contact given as properties."""
        scorer = self._fresh_scorer()
        text = {str(k): "" if v is None else str(v) for k, v in properties.items()}
        contact = contact_from_properties(text, _columns(tuple(text)))
        contact.input = dict(properties)
        if contact.problem is None:
            scorer.resolve(contact)
        return scorer.score(contact)

    def account(self, domain: str) -> dict[str, Any] | None:
        """Return the stored results.jsonl object of one account (score for this ICP), or None."""
        scorer = self._fresh_scorer()
        return account_record(scorer.accounts, domain)

    def count_accounts(self) -> int:
        """Return how many accounts the store holds."""
        self._fresh_scorer()
        assert self._store is not None  # opened by _fresh_scorer
        return self._store.count_accounts()

    def close(self) -> None:
        """Close the store."""
        if self._store is not None:
            self._store.close()
            self._store = None


@lru_cache(maxsize=256)
def _columns(keys: tuple[str, ...]) -> dict[str, str]:
    # a webhook sends the same property names every time: find the columns once
    return pick_columns(list(keys), {}, "request body")


def account_record(accounts: AccountDirectory, domain: str) -> dict[str, Any] | None:
    """Return an account's stored record with its score (override applied), or None."""
    record = accounts.store.load_record(domain)
    if record is None:
        return None
    record["score"] = accounts.score(domain, record).model_dump(mode="json")
    return record
