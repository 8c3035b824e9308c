"""A SQLite cache of LLM calls, so rerunning a batch makes zero calls.

Keyed by (model, prompt name@version, hash of the rendered input and schema): a new model, a
new prompt version or a changed page text is a miss; everything else is answered from the
table `llm_responses` (created by migration `m005_llm_responses`) of the research store's file.
One cache is built per run (`agent.wiring`) and shared by the research step and the notes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from store.connection import open_database

TABLE = "llm_responses"


def input_hash(payload: Any) -> str:
    """Return the sha256 of `payload` as canonical JSON."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CachedReply(NamedTuple):
    """A stored reply and what it cost when it was asked."""

    response: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int


class LLMCache:
    """Validated LLM replies stored by (model, prompt, input hash)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db = open_database(self.path)

    def get(self, model: str, prompt: str, digest: str) -> CachedReply | None:
        """Return the cached reply with the tokens it cost, or None."""
        row = self._db.execute(
            f"SELECT response, prompt_tokens, completion_tokens FROM {TABLE} "
            "WHERE model = ? AND prompt = ? AND input_hash = ?",
            [model, prompt, digest],
        ).fetchone()
        return CachedReply(json.loads(row[0]), row[1] or 0, row[2] or 0) if row else None

    def put(
        self,
        model: str,
        prompt: str,
        digest: str,
        response: dict[str, Any],
        *,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> None:
        """Store (replace) one validated reply with the tokens it cost."""
        with self._db.atomic():
            self._db.table(TABLE).upsert(
                {
                    "model": model,
                    "prompt": prompt,
                    "input_hash": digest,
                    "response": json.dumps(response, ensure_ascii=False, sort_keys=True),
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
                },
                pk=("model", "prompt", "input_hash"),
            )

    def __len__(self) -> int:
        return self._db.table(TABLE).count

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
