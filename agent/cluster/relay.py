"""What travels between the Ray driver and its workers, and the worker's stand-ins for the store.

A worker has no store: the driver sends each account's previous record with it (for the
change signals) and its interview needs, and the worker sends back what the graph would have
saved. The driver saves it, so the store is written in one place, as in the local batch.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from agent.accounts import AccountRow
from agent.llm.costs import CallRecord
from agent.models import AccountResult, Field, Needs, PageRecord, Score
from store.db import Store


@dataclass(frozen=True)
class AccountJob:
    """One account sent to a worker."""

    row: AccountRow
    previous: dict[str, Any] | None = None
    """The stored record of the account's last research (None: never researched)."""
    needs: Needs | None = None
    """The needs its interview notes tell (assessed once, on the driver)."""


@dataclass(frozen=True)
class SavedAccount:
    """What the research graph asked the store to save for one account."""

    result: AccountResult
    pages: list[PageRecord]
    alternatives: list[tuple[str, Field]]
    extra_scores: list[Score]


@dataclass(frozen=True)
class Researched:
    """A worker's answer for one account."""

    row: int
    """The account's input line: the driver's key for the answer (a retried task answers again)."""
    result: AccountResult
    saved: SavedAccount | None
    """None when the research ended in a deadline or a bug (nothing to store, as locally)."""
    calls: list[CallRecord] = field(default_factory=list)
    """The account's LLM calls, for the driver's cost ledger."""


class RelayStore(Store):
    """The store as a worker's graph sees it: one previous record in, one saved account out.

    It opens no database: only the two methods the graph uses work, the rest stay unused.
    """

    def __init__(self, previous: dict[str, Any] | None):  # noqa: D107 - no database
        self.previous = previous
        self.saved: SavedAccount | None = None

    def close(self) -> None:
        """Do nothing: there is no connection."""

    def load_record(self, domain: str) -> dict[str, Any] | None:
        """Return the account's previous record, as the driver's store held it."""
        return copy.deepcopy(self.previous)

    def save_account(
        self,
        result: AccountResult,
        pages: list[PageRecord],
        *,
        run_id: int | None = None,
        alternatives: list[tuple[str, Field]] = (),  # type: ignore[assignment]
        extra_scores: list[Score] = (),  # type: ignore[assignment]
    ) -> None:
        """Keep what the graph saves, for the driver to store."""
        self.saved = SavedAccount(result, list(pages), list(alternatives), list(extra_scores))


@dataclass
class GivenNeeds:
    """Interview needs of one account, as the driver assessed them (`NeedsSource`)."""

    domain: str
    needs: Needs | None
    problems: list[str] = field(default_factory=list)

    def needs_for(self, domain: str) -> Needs | None:
        """Return the account's needs."""
        return self.needs if domain == self.domain else None
