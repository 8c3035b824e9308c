"""The driver of a batch on Ray: the local batch loop, researching through the cluster.

`enrich_on_ray` runs `agent.batch.run_batch` (CSV streamed, reuse of stored research,
duplicates, overrides, results in input order, the run's record) with a research step that
sends accounts to Ray tasks. Accounts waiting for research are gathered into chunks of
`--ray-chunk` (by default `--concurrency` ÷ the cluster's CPUs, so every CPU has a task) and
submitted as soon as the batch loop yields; at most `--concurrency` accounts are in flight, so
the submission window is bounded. Every answer is stored here, by
the one process that owns the store, and matched to its account by input line: a task that
Ray ran again after losing its worker answers each account once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import ray

from agent.accounts import AccountRow
from agent.batch import BatchSummary, run_batch
from agent.cluster.connect import joined
from agent.cluster.gates import start_gates
from agent.cluster.relay import AccountJob, Researched
from agent.cluster.worker import ChunkAnswer, TransportFactory, WorkerSetup, research_chunk
from agent.context import Context
from agent.errors import ConfigError
from agent.models import AccountResult
from agent.settings import Settings
from agent.wiring import build_context, http_manners
from tools.web.fetcher import HttpSettings

TASK_RETRIES = 3
"""Times Ray runs a chunk again after its worker died (a killed process, a lost node)."""


class ChunkDispatcher:
    """Gather accounts into chunks, submit each as one Ray task, hand each account its answer."""

    def __init__(self, submit: Callable[[list[AccountJob]], Any], chunk: int):
        self._submit = submit
        self._chunk = max(1, chunk)
        self._pending: list[tuple[AccountJob, asyncio.Future[Researched]]] = []
        self._flush_soon = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.on_chunk: Callable[[ChunkAnswer], None] | None = None

    async def research(self, job: AccountJob) -> Researched:
        """Return the worker's answer for one account."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((job, future))
        if len(self._pending) >= self._chunk:
            self._flush()
        elif not self._flush_soon:
            # the batch loop adds several accounts before it yields: they travel together
            self._flush_soon = True
            asyncio.get_running_loop().call_soon(self._flush)
        return await future

    def _flush(self) -> None:
        self._flush_soon = False
        while self._pending:
            chunk, self._pending = self._pending[: self._chunk], self._pending[self._chunk :]
            reference = self._submit([job for job, _ in chunk])
            task = asyncio.ensure_future(self._answer(reference, dict(
                (job.row.row, future) for job, future in chunk
            )))  # fmt: skip
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _answer(self, reference: Any, futures: dict[int, asyncio.Future[Researched]]) -> None:
        try:
            answer: ChunkAnswer = await reference
        except Exception as exc:  # the task failed for good (retries spent): its accounts error
            for future in futures.values():
                if not future.done():
                    future.set_exception(exc)
            return
        if self.on_chunk is not None:
            self.on_chunk(answer)
        for researched in answer.accounts:
            waiting = futures.get(researched.row)
            if waiting is not None and not waiting.done():  # each input line answered once
                waiting.set_result(researched)
        for row, future in futures.items():
            if not future.done():
                future.set_exception(RuntimeError(f"the worker returned no answer for row {row}"))

    def cancel(self) -> None:
        """Stop waiting for the tasks still in flight."""
        for task in self._tasks:
            task.cancel()


async def enrich_on_ray(
    accounts: Path,
    settings: Settings,
    *,
    keep_records: bool = False,
    on_result: Callable[[AccountResult], None] | None = None,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    http: HttpSettings | None = None,
    worker_transport: TransportFactory | None = None,
) -> BatchSummary:
    """Run `agent.batch.enrich` with the research on the Ray cluster of `settings.ray`."""
    assert settings.ray is not None
    if settings.record is not None:
        raise ConfigError("--record cannot be used with --ray: workers on other machines "
                          "cannot write one archive; record a local batch instead")  # fmt: skip
    if transport is not None:
        raise ConfigError("a transport cannot travel to Ray workers: give worker_transport")
    # the driver parses nothing: no worker pool of its own
    async with build_context(replace(settings, workers=0), http=http) as context:
        with joined(settings.ray):
            setup = WorkerSetup(settings, context.icps, start_gates(http_manners(settings, http),
                                settings), http, worker_transport)  # fmt: skip
            workers: set[str] = set()
            dispatcher = _dispatcher(setup, settings, context, workers)
            try:
                summary = await run_batch(
                    accounts, settings, context, keep_records, on_result, on_record,
                    research=lambda row: _research(row, context, dispatcher),
                )  # fmt: skip
            finally:
                dispatcher.cancel()
            summary.ray_workers = workers
            return summary


def _dispatcher(
    setup: WorkerSetup, settings: Settings, context: Context, summary_workers: set[str]
) -> ChunkDispatcher:
    shared = ray.put(setup)
    task = ray.remote(num_cpus=1, max_retries=TASK_RETRIES)(research_chunk)
    chunk = settings.ray_chunk or chunk_size(settings.concurrency)
    dispatcher = ChunkDispatcher(lambda jobs: task.remote(jobs, shared), chunk)

    def count(answer: ChunkAnswer) -> None:
        summary_workers.add(answer.worker)
        # the run's request counts are the workers' (the driver's own fetcher sends nothing)
        context.http.requests_made += answer.requests
        context.http.stats.update(answer.stats)

    dispatcher.on_chunk = count
    return dispatcher


def chunk_size(concurrency: int) -> int:
    """Return the accounts per task that give every CPU of the cluster one task."""
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    return max(1, -(-concurrency // cpus))


async def _research(
    row: AccountRow, context: Context, dispatcher: ChunkDispatcher
) -> AccountResult:
    """Send one account to the cluster and store what comes back (the store is ours alone)."""
    store = context.store
    assert store is not None and row.domain is not None
    needs = context.needs.needs_for(row.domain) if context.needs is not None else None
    job = AccountJob(row, store.load_record(row.domain), needs)
    researched = await dispatcher.research(job)
    if researched.saved is not None:
        saved = researched.saved
        store.save_account(
            saved.result, saved.pages, run_id=context.run_id, alternatives=saved.alternatives,
            extra_scores=saved.extra_scores,
        )  # fmt: skip
    if context.research is not None:
        context.research.ledger.records.extend(researched.calls)
    return researched.result
