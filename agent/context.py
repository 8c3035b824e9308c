"""Run-time configuration and injected clients, passed to every graph invocation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from agent.icp import ICP
from agent.models import Needs
from agent.worker_pool import WorkerPool
from store.db import Store
from tools.html import ParsedPage
from tools.page_records import parse_result
from tools.web.fetcher import Fetcher
from tools.web.result import FetchResult

T = TypeVar("T")

if TYPE_CHECKING:  # the graph's state and the LLM step import this module's neighbours
    from agent.llm.costs import CostLedger
    from agent.llm.research import ResearchUpdate
    from agent.state import State


class NeedsSource(Protocol):
    """Anything that can tell an account's needs from interview notes."""

    problems: list[str]
    """Notes that could not be read or assessed, one line each."""

    def needs_for(self, domain: str) -> Needs | None:
        """Return the merged needs of the account's interviews, or None without notes."""


class Researcher(Protocol):
    """The LLM research step: fills what the extractors left empty, with grounded values only."""

    ledger: CostLedger
    """Tokens and cost of every call of the run."""

    async def research(self, state: State, icps: Sequence[ICP]) -> ResearchUpdate:
        """Return the partial state update of the LLM step for one account."""


@dataclass(kw_only=True)
class Context:
    """What one graph run needs besides its state; `agent.wiring` builds it from `Settings`."""

    http: Fetcher = field(metadata={"description": "The shared fetcher (manners live there)."})
    store: Store | None = field(
        default=None, metadata={"description": "Where research is persisted; None = don't."}
    )
    icps: list[ICP] = field(
        default_factory=list,
        metadata={"description": "The ICPs to score against; the first one maps industries."},
    )
    research: Researcher | None = field(
        default=None,
        metadata={"description": "The LLM step, or None for the deterministic extractors alone."},
    )
    needs: NeedsSource | None = field(
        default=None, metadata={"description": "Interview-notes index for the Needs dimension."}
    )
    run_id: int | None = field(default=None, metadata={"description": "Id of the current run."})
    max_pages: int = field(default=12, metadata={"description": "Page budget per account."})
    today: date = field(
        default_factory=date.today,
        metadata={"description": "Reference date for hiring velocity (fixed in tests)."},
    )
    workers: WorkerPool | None = field(
        default=None,
        metadata={"description": "Processes that parse and extract; None = in this process."},
    )

    async def parse(self, result: FetchResult) -> ParsedPage | None:
        """Parse a fetched page once (in a worker when the context has a pool)."""
        if self.workers is None:
            return parse_result(result)
        return await self.workers.parse(result)

    async def run_cpu(self, function: Callable[..., T], *args: Any) -> T:
        """Run CPU work (in a worker when the context has a pool)."""
        if self.workers is None:
            return function(*args)
        return await self.workers.run(function, *args)

    @property
    def icp(self) -> ICP | None:
        """Return the primary ICP (the first given), or None."""
        return self.icps[0] if self.icps else None
