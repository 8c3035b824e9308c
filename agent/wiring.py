"""The one place that builds a run's clients from its settings, and closes them afterwards.

    build_context(settings) ─▶ Context
        http       Fetcher (replay, record and the HTTP cache as the settings say)
        store      Store on --db
        research   LLMResearcher on ONE LLMClient and ONE LLMCache, or None (no endpoint)
        needs      interview notes, assessed with that same client and cache

Everything that can reject the configuration (ICP files, LLM settings, the store) runs here,
before the caller records a run. Clients are closed in reverse order when the block ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from agent.context import Context
from agent.errors import StoreError
from agent.icp import load_icps
from agent.interviews.index import NotesIndex
from agent.interviews.llm import load_notes_index
from agent.llm.client import LLMClient
from agent.llm.costs import CostLedger, Prices
from agent.llm.research import LLMResearcher
from agent.llm.settings import LLMSettings
from agent.settings import Settings
from agent.worker_pool import WorkerPool
from store.db import Store
from store.http_cache import HttpCache
from store.llm_cache import LLMCache
from tools.web.archive import ReplayTransport, WarcArchive, WarcRecorder
from tools.web.fetcher import Fetcher, HttpSettings


def build_llm_client(
    settings: Settings, limit: Callable[[], AbstractAsyncContextManager[Any]] | None = None
) -> LLMClient | None:
    """Return the run's LLM client, or None without an endpoint or with `--no-llm`.

    `limit` replaces the client's own bound on requests in flight (a cluster-wide one).
    """
    if not settings.llm_configured:
        return None
    llm = LLMSettings(
        model=settings.llm_model, base_url=settings.llm_base_url, api_key=settings.llm_api_key,
        api_version=settings.llm_api_version, timeout=settings.llm_timeout,
        retries=settings.llm_retries, concurrency=settings.llm_concurrency,
    )  # fmt: skip
    prices = Prices.configured(
        settings.llm_model, settings.llm_prices, settings.llm_price_input,
        settings.llm_price_output,
    )  # fmt: skip
    return LLMClient(llm, prices=prices, limit=limit)


@asynccontextmanager
async def build_context(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    http: HttpSettings | None = None,
    notes: bool = True,
) -> AsyncIterator[Context]:
    """Build the clients of one run, yield the `Context` holding them, close them all after.

    `transport` and `http` replace the network and the fetcher's manners (tests, benchmarks).
    """
    icps = load_icps(settings.icp)
    async with AsyncExitStack() as stack:
        store = Store(settings.db)  # first: a store that cannot be used is the error to report
        stack.callback(store.close)
        client, cache = _llm(settings, stack)
        research = None
        if client is not None:
            research = LLMResearcher(client, cache=cache, token_budget=settings.llm_token_budget)
        needs = None
        if notes and settings.notes is not None:
            needs = await load_notes_index(
                settings.notes, client=client, cache=cache, redacted=not settings.no_redact,
                ledger=research.ledger if research is not None else None,
            )  # fmt: skip
        fetcher, today = _fetcher(settings, transport, http, stack)
        # parsing and extraction run in worker processes, started before the first request
        pool = WorkerPool(settings.workers)
        stack.callback(pool.close)
        pool.start()
        yield Context(
            http=fetcher, store=store, icps=icps, research=research, needs=needs,
            max_pages=settings.max_pages, today=today, workers=pool if pool.size else None,
        )  # fmt: skip


async def assess_notes(settings: Settings, ledger: CostLedger | None = None) -> NotesIndex:
    """Load and assess `settings.notes` with the LLM when one is configured (`icp interviews`)."""
    assert settings.notes is not None
    async with AsyncExitStack() as stack:
        client, cache = _llm(settings, stack)
        return await load_notes_index(
            settings.notes, client=client, cache=cache, redacted=not settings.no_redact,
            ledger=ledger,
        )  # fmt: skip


def _llm(settings: Settings, stack: AsyncExitStack) -> tuple[LLMClient | None, LLMCache | None]:
    """Build the run's one LLM client and one LLM cache (None, None without an endpoint)."""
    client = build_llm_client(settings)
    if client is None:
        return None, None
    stack.push_async_callback(client.aclose)
    cache = LLMCache(settings.db)
    stack.callback(cache.close)
    return client, cache


def _fetcher(
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None,
    http: HttpSettings | None,
    stack: AsyncExitStack,
) -> tuple[Fetcher, date]:
    """Build the run's fetcher (replay, record, cache) and its reference date."""
    archive = WarcArchive.load(settings.replay) if settings.replay is not None else None
    if archive is not None:
        transport = ReplayTransport(archive)
    recorder = WarcRecorder(settings.record) if settings.record else None
    if recorder is not None:
        stack.callback(recorder.close)
    # the HTTP cache sits next to the store; a replay needs none (the archive is the cache)
    cache = None if settings.replay is not None else _http_cache(http_cache_path(settings.db))
    if cache is not None:
        stack.callback(cache.close)
    fetcher = Fetcher(
        http_manners(settings, http),
        transport=transport,
        recorder=recorder.write_response if recorder else None,
        resolver=no_dns if archive is not None else None,
        cache=cache,
        refresh=settings.refresh,
    )
    stack.push_async_callback(fetcher.aclose)
    return fetcher, reference_date(archive)


def http_manners(settings: Settings, http: HttpSettings | None = None) -> HttpSettings:
    """Return the fetcher's manners: a replay's, else `http`, else the defaults; then the flags."""
    if settings.replay is not None:
        # answers come from the archive: no host to be polite to, no delay to honour
        manners = HttpSettings(allow_private_network=True, per_host_delay=0.0, retries=0)
    elif http is not None:
        manners = http
    else:
        manners = HttpSettings(
            allow_private_network=settings.allow_private_network,
            ca_bundle=str(settings.ca_bundle) if settings.ca_bundle else None,
        )
    if settings.per_host_delay is not None:
        manners = replace(manners, per_host_delay=settings.per_host_delay)
    if settings.per_host_concurrency is not None:
        manners = replace(manners, per_host_concurrency=settings.per_host_concurrency)
    return manners


def reference_date(archive: WarcArchive | None) -> date:
    """Return the run's "today": when a replayed archive was captured, else today."""
    if archive is not None and archive.latest_date:
        # "recent postings" are relative to when the archive was captured, not to now
        return datetime.fromisoformat(archive.latest_date.replace("Z", "+00:00")).date()
    return date.today()


def _http_cache(path: Path) -> HttpCache:
    try:
        return HttpCache(path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the HTTP cache: {exc}") from None


def http_cache_path(db: Path) -> Path:
    """Return where the HTTP cache of a store lives (`icp.db` → `icp.http-cache.db`)."""
    return db.with_name(db.stem + ".http-cache.db")


async def no_dns(host: str, port: int) -> list[str]:
    """Resolve every host to 127.0.0.1 (a replay sends nothing to the network)."""
    return ["127.0.0.1"]


