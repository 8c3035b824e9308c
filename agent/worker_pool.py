"""Worker processes for CPU work: pages are parsed and facts extracted off the event loop.

One pool per batch, sized to the cores the process may use. While workers parse, the event
loop keeps driving every other account's requests, so fetch timeouts and per-host delays stay
exact. `workers=0` runs the work in this process instead (tests, one-off calls).

Memory: workers are forked after everything they need is loaded, and the objects loaded by
then are frozen out of the garbage collector first (`gc.freeze`), so a worker's collections
do not write to — and so copy — every inherited page. After each job a worker hands the
memory its pages used back to the system (glibc keeps freed memory otherwise).
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from agent.allocator import release_memory, tune_allocator
from tools.html import ParsedPage
from tools.page_records import is_html, parse_result
from tools.technographics.fingerprint_index import index_of
from tools.technographics.fingerprints import default_db
from tools.web.result import FetchResult

T = TypeVar("T")
BACKLOG_PER_WORKER = 4
"""Jobs waiting per worker above which no new account starts (see `WorkerPool.admit`)."""


def available_cores() -> int:
    """Return how many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _load_fingerprints() -> None:
    """Build the technology fingerprints and their index in a worker (once per process)."""
    index_of(default_db())


def _exit_with_parent(parent: int) -> None:
    """Make a worker end when the batch process is gone (a kill -9 leaves no orphan)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _parse_packed(result: FetchResult) -> ParsedPage | None:
    """Decode and parse a fetched page in a worker; return it with its markup packed."""
    page = parse_result(result)
    return page.pack() if page is not None else None


def _run_job(function: Callable[..., T], *args: Any) -> T:
    """Run one job in a worker, then give the memory it freed back to the system."""
    try:
        return function(*args)
    finally:
        release_memory()


def default_workers() -> int:
    """Return the default pool size: every core but the one the event loop keeps busy.

    The batch's own process is not idle while workers parse: it speaks TLS and HTTP for every
    request, runs the graph and writes the store. One worker per remaining core (at least one)
    uses every core without the two halves taking turns on one, and each worker is a copy of
    the extractors and their fingerprints (~100 MB).
    """
    return max(available_cores() - 1, 1)


class WorkerPool:
    """A process pool for parsing and extraction (`workers` processes; None = the default)."""

    def __init__(self, workers: int | None = None):
        self.size = default_workers() if workers is None else max(workers, 0)
        self._queued = 0
        """Jobs submitted and not finished."""
        self._short = asyncio.Event()
        self._short.set()
        self._executor: ProcessPoolExecutor | None = None
        if self.size > 0:
            # fork: workers are copies of this process made by `start` before the first
            # request, so they share its loaded extractors and fingerprints and re-import
            # nothing (a script without a __main__ guard stays safe)
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(
                self.size, mp_context=context, initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )  # fmt: skip

    def start(self) -> None:
        """Load what workers need and start them (call before the batch's first request)."""
        tune_allocator()
        if self._executor is not None:
            # what is loaded now lives as long as the batch: frozen, no collection in any of
            # the processes writes to it, so its pages stay shared with the workers
            gc.collect()
            gc.freeze()
            # the fingerprints are built in the workers, while this process starts fetching:
            # only they read them, and every read of an object inherited from this process
            # writes its reference count, which would copy the pages into each worker anyway
            for _ in range(self.size):
                self._executor.submit(_load_fingerprints)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run `function(*args)` in a worker and wait for it without blocking the loop."""
        if self._executor is None:
            return function(*args)
        loop = asyncio.get_running_loop()
        self._queued += 1
        try:
            return await loop.run_in_executor(self._executor, _run_job, function, *args)
        finally:
            self._queued -= 1
            if self._queued <= self.size * BACKLOG_PER_WORKER:
                self._short.set()

    async def admit(self) -> None:
        """Wait until the workers' backlog is short enough for another account to start.

        When parsing is slower than fetching, pages wait in this process for a worker (each
        ~350 kB as received); starting more accounts then adds only waiting pages, not speed.
        """
        while self._executor is not None and self._queued > self.size * BACKLOG_PER_WORKER:
            self._short.clear()
            await self._short.wait()

    async def parse(self, result: FetchResult) -> ParsedPage | None:
        """Parse a fetched HTML page in a worker (None for anything that is not HTML).

        The body goes as bytes and is decoded there; the page comes back with its markup
        packed (`ParsedPage.pack`): the batch holds it until the account's extraction.
        """
        if not is_html(result):
            return None
        if self._queued > self.size * BACKLOG_PER_WORKER:
            # it will wait for a worker: held packed meanwhile (~1.5 ms here, where CPU is
            # idle when the workers are the bottleneck); the worker reads it unpacked
            result.pack()
        return await self.run(_parse_packed, result)

    def close(self) -> None:
        """Stop the workers."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
