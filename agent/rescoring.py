"""Re-scoring stored research (no fetching) and deciding what research is stale.

Kept apart from `agent.batch` so commands that only re-score (`icp score`, `icp runs`) never
import the research pipeline (LangGraph, the LLM client): they start in a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from agent.icp import ICP
from agent.models import Score
from agent.overrides import active_overrides, apply_overrides
from agent.scoring import score_against
from store.db import Store


def is_stale(researched_at: str | None, max_age: timedelta | None) -> bool:
    """Return whether research done at `researched_at` is older than `max_age`."""
    if researched_at is None:
        return True
    if max_age is None:
        return False
    return datetime.now(UTC) - datetime.fromisoformat(researched_at) > max_age


def iter_rescored(icps: list[ICP], store: Store) -> Iterator[dict[str, Any]]:
    """Re-score every stored account against the ICPs, streaming; no fetching.

    Yields each record with its best score (overrides laid over it); the model's scores are
    written to the store a thousand at a time, so memory stays flat on 100k accounts.
    """
    pending: list[tuple[str, Score]] = []
    overrides = active_overrides(store)
    for record in store.iter_records():
        scored = score_against(icps, record)
        pending.extend((record["domain"], score) for score in scored.scores)
        record["score"] = scored.best.model_dump(mode="json")
        if len(scored.scores) > 1:
            record.update(scored.best_fit_fields())
        apply_overrides([record], overrides, icps)
        if len(pending) >= 1000:
            store.save_scores(pending)
            pending = []
        yield record
    store.save_scores(pending)


def rescore(icps: list[ICP], store: Store) -> list[dict[str, Any]]:
    """Re-score every stored account and return the records (small stores, tests)."""
    return list(iter_rescored(icps, store))
