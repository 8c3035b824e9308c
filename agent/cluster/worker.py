"""The Ray task: a chunk of accounts researched at once by one worker, with the batch's code.

Each account goes through `agent.batch.research_account`, the function the local batch runs,
on a context whose fetcher asks the cluster's gate actors for every request (per-host limits,
Crawl-delays and robots.txt shared by all workers) and whose LLM client takes its slots from
them too. A worker writes nothing: it answers what the graph saved, and the driver stores it.
The LLM reply cache lives in the driver's SQLite file, so workers do not use it.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import ray

from agent.batch import research_account
from agent.cluster.gates import LLM_KEY, ClusterHostGates
from agent.cluster.relay import AccountJob, GivenNeeds, RelayStore, Researched
from agent.context import Context
from agent.icp import ICP
from agent.llm.research import LLMResearcher
from agent.settings import Settings
from agent.wiring import build_llm_client, http_manners, no_dns, reference_date
from tools.web.archive import ReplayTransport, WarcArchive
from tools.web.fetcher import Fetcher, HttpSettings

TransportFactory = Callable[[], httpx.AsyncBaseTransport]


@dataclass(frozen=True)
class WorkerSetup:
    """What every task of a run shares (put in the object store once by the driver)."""

    settings: Settings
    icps: list[ICP]
    gates: list[Any]
    """Handles of the run's gate actors."""
    http: HttpSettings | None = None
    transport: TransportFactory | None = None
    """Builds each worker's transport (tests and benchmarks send requests to 127.0.0.1)."""


@dataclass
class ChunkAnswer:
    """A task's answer: one `Researched` per account, and the requests its fetcher made."""

    accounts: list[Researched]
    worker: str
    """Which process researched them (Ray node id:pid)."""
    requests: int = 0
    stats: dict[str, int] = field(default_factory=dict)


def research_chunk(jobs: list[AccountJob], setup: WorkerSetup) -> ChunkAnswer:
    """Research a chunk of accounts concurrently in this worker (the body of the Ray task)."""
    return asyncio.run(_research_chunk(jobs, setup))


async def _research_chunk(jobs: list[AccountJob], setup: WorkerSetup) -> ChunkAnswer:
    async with worker_context(setup) as context:
        answers = await asyncio.gather(*(_research_one(job, context, setup) for job in jobs))
        worker = f"{ray.get_runtime_context().get_node_id()[:12]}:{os.getpid()}"
        return ChunkAnswer(
            list(answers), worker, context.http.requests_made, dict(context.http.stats)
        )


async def _research_one(job: AccountJob, context: Context, setup: WorkerSetup) -> Researched:
    store = RelayStore(job.previous)
    domain = job.row.domain or ""
    own = replace(context, store=store, needs=GivenNeeds(domain, job.needs))
    result = await research_account(job.row, own, setup.settings)
    calls = []
    if context.research is not None:
        calls = [call for call in context.research.ledger.records if call.account == domain]
    return Researched(job.row.row, result, store.saved, calls)


@asynccontextmanager
async def worker_context(setup: WorkerSetup) -> AsyncIterator[Context]:
    """Build a worker's clients for one chunk, and close them after it."""
    settings = setup.settings
    gates = ClusterHostGates(setup.gates)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(gates.aclose)
        archive = _archive(settings.replay, settings.replay.stat().st_mtime) if (
            settings.replay is not None
        ) else None  # fmt: skip
        transport: httpx.AsyncBaseTransport | None = None
        if archive is not None:
            transport = ReplayTransport(archive)
        elif setup.transport is not None:
            transport = setup.transport()
        fetcher = Fetcher(
            http_manners(settings, setup.http), transport=transport,
            resolver=no_dns if archive is not None else None, refresh=settings.refresh,
            gates=gates,
        )  # fmt: skip
        stack.push_async_callback(fetcher.aclose)
        client = build_llm_client(settings, limit=gates.limit(LLM_KEY))
        research = None
        if client is not None:
            stack.push_async_callback(client.aclose)
            research = LLMResearcher(client, token_budget=settings.llm_token_budget)
        yield Context(
            http=fetcher, icps=setup.icps, research=research, max_pages=settings.max_pages,
            today=reference_date(archive),
        )  # fmt: skip


@functools.lru_cache(maxsize=2)
def _archive(path: Path, mtime: float) -> WarcArchive:
    """Load a replay archive once per worker process (`mtime`: a rewritten file is reloaded)."""
    return WarcArchive.load(path)
