"""Batch progress on stderr: a live bar for people, JSON lines for scripts, or nothing."""

from __future__ import annotations

import json
import sys
import time
from typing import Literal

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from agent.models import AccountResult

Mode = Literal["bar", "json", "quiet"]


def count_rows(path) -> int | None:
    """Count data rows cheaply (lines minus header) for the progress total; None if unknown."""
    try:
        with open(path, "rb") as stream:
            return max(0, sum(1 for _ in stream) - 1)
    except OSError:
        return None


class BatchProgress:
    """Report each finished account: done/total, rate, ETA, errors, tokens and cost so far."""

    def __init__(self, total: int | None, mode: Mode = "bar"):
        self.mode = mode
        self.total = total
        self.done = 0
        self.errors = 0
        self.tokens = 0
        self.cost: float | None = 0.0
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if mode == "bar":
            console = Console(file=sys.stderr)
            self._progress = Progress(
                TextColumn("[bold]enrich"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[extra]}"),
                console=console,
                transient=False,
                disable=not console.is_terminal,
            )

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("enrich", total=self.total, rate="", extra="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, result: AccountResult, usage: dict | None = None) -> None:
        """Count one finished account."""
        self.done += 1
        self.errors += result.status == "error"
        if usage:
            self.tokens += usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0)
            cost = usage.get("cost_usd")
            self.cost = None if cost is None or self.cost is None else self.cost + cost
        elapsed = max(time.monotonic() - self.started, 1e-9)
        if self.mode == "json":
            line = {
                "event": "account",
                "domain": result.domain,
                "status": result.status,
                "error": result.error,
                "score": result.score.total if result.score else None,
                "tier": result.score.tier if result.score else None,
                "done": self.done,
                "total": self.total,
                "errors": self.errors,
                "rate_per_s": round(self.done / elapsed, 3),
            }
            print(json.dumps(line), file=sys.stderr, flush=True)
        elif self._progress is not None and self._task is not None:
            cost = "unknown" if self.cost is None else f"${self.cost:.4f}"
            extra = f"errors {self.errors}" + (
                f" · {self.tokens} tokens · {cost}" if self.tokens else ""
            )
            self._progress.update(
                self._task, advance=1, rate=f"{self.done / elapsed:.1f}/s", extra=extra
            )
