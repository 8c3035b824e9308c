"""Batches: many graph runs under shared limits, results in input order, resumable.

Rows stream from the CSV through a bounded window of concurrent accounts, so memory does not
grow with the input. Each account is committed to the store atomically when it finishes; a
rerun reuses stored research (unless `--refresh`), so a killed batch resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from agent.accounts import AccountRow, read_accounts
from agent.context import Context
from agent.graph import graph, score_update
from agent.icp import ICP
from agent.llm.research import make_researcher
from agent.loop_stall import StallWatch
from agent.models import AccountResult, Score
from agent.multi_icp import best_fit_fields, load_icps, score_all
from agent.output import ResultWriter
from agent.overrides import active_overrides, apply_overrides
from agent.redaction import redact_secrets
from store.db import Store
from tools.web.archive import ReplayTransport, WarcArchive, WarcRecorder
from tools.web.cache import HttpCache
from tools.web.fetcher import Fetcher, HttpSettings

log = logging.getLogger("icp.batch")
DEFAULT_ACCOUNT_TIMEOUT = 600.0
"""Twelve pages at the largest Crawl-delay honoured (30 s) fit, with room for the LLM."""


@dataclass
class EnrichOptions:
    """Options of `icp enrich` (and of the commands built on it)."""

    accounts: Path
    domain_column: str | None = None
    """The accounts file's domain column (None: found by its usual CRM names)."""
    icp: Path | list[Path] | None = None
    """One ICP file, or several (each account is scored against each; the best fit wins)."""
    db: Path = Path("icp.db")
    out: Path | None = None
    notes: Path | None = None
    replay: Path | None = None
    record: Path | None = None
    concurrency: int = 16
    """Accounts researched at once (each keeps at most `per_host_concurrency` requests open)."""
    no_llm: bool = False
    refresh: bool = False
    allow_private_network: bool = False
    max_pages: int = 12
    account_timeout: float = DEFAULT_ACCOUNT_TIMEOUT
    """Seconds one account may take before it is stopped with an error row."""
    max_age: timedelta | None = None
    """Re-research stored accounts older than this (None: stored research is always reused)."""
    no_redact: bool = False
    """Send interview notes to the LLM as written (default: e-mails, phones, names redacted)."""
    llm_model: str | None = None
    """Model name (else $ICP_LLM_MODEL)."""
    llm_base_url: str | None = None
    """OpenAI-compatible endpoint (else $OPENAI_BASE_URL)."""
    ca_bundle: Path | None = None
    """Extra CA certificates (PEM) to trust: a staging or loopback farm; never needed otherwise."""
    per_host_delay: float | None = None
    """Seconds between request starts to one host (None: the fetcher's default, 0.5 s)."""
    per_host_concurrency: int | None = None
    """Requests open at once to one host (None: the fetcher's default, 2)."""
    http: HttpSettings | None = None
    """Fetcher settings overriding the defaults (benchmarks, tests, staging)."""


@dataclass
class BatchSummary:
    """What a batch did."""

    run_id: int
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    """Error messages by kind (numbers and URLs stripped), for the "top errors" summary."""
    skipped_steps: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    """The results, when the caller asked to keep them (small batches, the demo)."""
    requests: int = 0
    cache_hits: int = 0
    llm_ledger: Any = None
    """Per-call and per-account LLM token and cost accounting (`agent.llm.costs.CostLedger`)."""
    longest_stall: float = 0.0
    """Longest time (s) the event loop was blocked: fetch timeouts and delays stretch by it."""


def bug_result(row: AccountRow, exc: Exception) -> AccountResult:
    """Return the error row of an account our code failed on (the traceback only with -v)."""
    message = redact_secrets(f"{type(exc).__name__}: {exc}")
    message = message if len(message) <= 200 else message[:199] + "…"
    log.info("account %s failed: %s", row.domain, message, exc_info=exc)
    return AccountResult(domain=row.domain or row.raw, input=row.input, status="error",
                         error=f"internal error: {message}")  # fmt: skip


def _input_error_result(row: AccountRow) -> AccountResult:
    return AccountResult(
        domain=row.domain or row.raw,
        input=row.input,
        status="error",
        error=f"row {row.row}: {row.problem}",
    )


async def _research(row: AccountRow, context: Context) -> AccountResult:
    output = await graph.ainvoke({"domain": row.domain, "input": row.input}, context=context)
    return output["result"]


def is_stale(researched_at: str | None, max_age: timedelta | None) -> bool:
    """Return whether research done at `researched_at` is older than `max_age`."""
    if researched_at is None:
        return True
    if max_age is None:
        return False
    return datetime.now(UTC) - datetime.fromisoformat(researched_at) > max_age


def _from_store(
    row: AccountRow, store: Store, icps: list[ICP], max_age: timedelta | None
) -> AccountResult | None:
    if is_stale(store.researched_at(row.domain or ""), max_age):
        return None
    record = store.load_record(row.domain or "")
    if record is None:
        return None
    record["input"] = row.input
    result = AccountResult.model_validate(record)
    if icps:
        update = score_update(icps, result.contract_dict())
        all_scores = update.pop("all_scores", [update["score"]])
        result = result.model_copy(update=update)
        store.save_scores([(result.domain, score) for score in all_scores])
    return result


async def enrich(
    options: EnrichOptions,
    *,
    keep_records: bool = False,
    on_result: Callable[[AccountResult], None] | None = None,
    transport: Any = None,
) -> BatchSummary:
    """Research every row of the accounts file; write results in input order."""
    # everything that can reject the configuration runs before the run is recorded
    icps = load_icps(icp_paths(options.icp))
    skipped: list[str] = []
    llm = None
    if options.no_llm:
        skipped.append("LLM research step (--no-llm)")
    else:
        # built inside the running loop: the async client binds to it
        llm = make_researcher(
            icps, options.db, model=options.llm_model, base_url=options.llm_base_url
        )
        if llm is None:
            skipped.append(
                "LLM research step (no endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY)"
            )
    needs = await _needs_source(options, llm.ledger if llm is not None else None)
    fetcher, cache, recorder, today = _fetcher_for(options, transport)
    store = Store(options.db)
    overrides = active_overrides(store) if icps else {}
    run_id = store.start_run(
        "enrich", {k: redact_secrets(str(v)) for k, v in asdict(options).items()}
    )
    summary = BatchSummary(run_id=run_id, skipped_steps=skipped)
    if needs is not None:
        summary.problems.extend(f"notes: {problem}" for problem in needs.problems)
    context = Context(
        http=fetcher, store=store, icps=icps, llm=llm, needs=needs, run_id=run_id,
        max_pages=options.max_pages, today=today,
    )  # fmt: skip
    semaphore = asyncio.Semaphore(max(1, options.concurrency))

    async def process(row: AccountRow) -> AccountResult:
        if row.domain is None:
            return _input_error_result(row)
        async with semaphore:
            if not options.refresh:
                stored = _from_store(row, store, icps, options.max_age)
                if stored is not None:
                    summary.counts["reused"] += 1
                    return stored
            deadline = asyncio.timeout(options.account_timeout)
            try:
                async with deadline:
                    return await _research(row, context)
            except TimeoutError:
                if not deadline.expired():
                    raise
                return AccountResult(
                    domain=row.domain, input=row.input, status="error",
                    error=f"research stopped at the {options.account_timeout:g} s account "
                    "deadline (--account-timeout)",
                )  # fmt: skip
            except Exception as exc:  # one account never sinks a batch
                return bug_result(row, exc)

    writer = ResultWriter(options.out) if options.out else None
    window: deque[tuple[AccountRow, asyncio.Future[AccountResult]]] = deque()
    first_row_of: dict[str, int] = {}

    def finish(row: AccountRow, result: AccountResult) -> None:
        summary.counts[result.status] += 1
        if result.status == "ok" and is_partial(result):
            summary.counts["partial"] += 1
        if result.error:
            summary.errors[_error_kind(result.error)] += 1
        if row.problem:
            summary.problems.append(f"{options.accounts}: row {row.row}: {row.problem}")
        record = result.contract_dict()
        apply_overrides([record], overrides, icps)
        if writer:
            writer.write(record)
        if keep_records:
            summary.records.append(record)
        if on_result:
            on_result(result)

    watch = StallWatch()
    await watch.__aenter__()
    try:
        for row in read_accounts(options.accounts, options.domain_column):
            if row.domain and row.domain in first_row_of:
                summary.problems.append(
                    f"{options.accounts}: row {row.row}: duplicate of row "
                    f"{first_row_of[row.domain]} ({row.domain}); researched once"
                )
                summary.counts["duplicate"] += 1
                first = next((f for r, f in window if r.domain == row.domain), None)
                # a finished first row is not kept in memory: its research is in the store
                future = first or asyncio.ensure_future(
                    _again(row, first_row_of[row.domain], store, icps)
                )
            else:
                if row.domain:
                    first_row_of[row.domain] = row.row
                future = asyncio.ensure_future(process(row))
            window.append((row, future))
            while len(window) > options.concurrency * 4 or (window and window[0][1].done()):
                head_row, head = window.popleft()
                finish(head_row, _for_row(await head, head_row))
        while window:
            head_row, head = window.popleft()
            finish(head_row, _for_row(await head, head_row))
    finally:
        await watch.__aexit__()
        summary.longest_stall = watch.longest
        for _, future in window:
            future.cancel()
        if writer:
            writer.close()
        await fetcher.aclose()
        if cache is not None:
            cache.close()
        if recorder:
            recorder.close()
        summary.requests = fetcher.requests_made
        summary.cache_hits = fetcher.stats.get("cache_hits", 0)
        usage: dict[str, Any] = {}
        if llm is not None:
            await llm.aclose()
            summary.llm_ledger = llm.ledger
            usage = llm.ledger.total().run_dict()
        store.finish_run(run_id, dict(summary.counts), usage)
        store.close()
    return summary


def _fetcher_for(
    options: EnrichOptions, transport: Any
) -> tuple[Fetcher, HttpCache | None, WarcRecorder | None, date]:
    """Build the batch's fetcher (replay, record, cache) and its reference date."""
    today = date.today()
    if options.replay is not None:
        archive = WarcArchive.load(options.replay)
        transport = ReplayTransport(archive)
        if archive.latest_date:
            # "recent postings" are relative to when the archive was captured, not to now
            today = datetime.fromisoformat(archive.latest_date.replace("Z", "+00:00")).date()
        # answers come from the archive: no host to be polite to, no delay to honour
        settings = HttpSettings(allow_private_network=True, per_host_delay=0.0, retries=0)
    elif options.http is not None:
        settings = options.http
    else:
        settings = HttpSettings(
            allow_private_network=options.allow_private_network,
            ca_bundle=str(options.ca_bundle) if options.ca_bundle else None,
        )
    if options.per_host_delay is not None:
        settings = replace(settings, per_host_delay=options.per_host_delay)
    if options.per_host_concurrency is not None:
        settings = replace(settings, per_host_concurrency=options.per_host_concurrency)
    recorder = WarcRecorder(options.record) if options.record else None
    # the HTTP cache sits next to the store; a replay needs none (the archive is the cache)
    cache = None if options.replay is not None else HttpCache(http_cache_path(options.db))
    fetcher = Fetcher(
        settings,
        transport=transport,
        recorder=recorder.write_response if recorder else None,
        resolver=_no_dns if options.replay is not None else None,
        cache=cache,
        refresh=options.refresh,
    )
    return fetcher, cache, recorder, today


def is_partial(result: AccountResult) -> bool:
    """Whether an account completed with part of its research missing (home or board failed)."""
    return result.hiring.status == "fetch_failed" or any(
        note.startswith("home page") for note in result.notes
    )


def _error_kind(error: str) -> str:
    kind = re.sub(r"https?://\S+", "<url>", error)
    kind = re.sub(r"^row \d+: ", "", kind)
    return re.sub(r"'[^']*'", "'…'", kind)


def http_cache_path(db: Path) -> Path:
    """Return where the HTTP cache of a store lives (`icp.db` → `icp.http-cache.db`)."""
    return db.with_name(db.stem + ".http-cache.db")


async def _again(row: AccountRow, first_row: int, store: Store, icps: list[ICP]) -> AccountResult:
    """Return the stored result of a domain already researched for an earlier row."""
    stored = _from_store(row, store, icps, None)
    if stored is not None:
        return stored
    return AccountResult(domain=row.domain or row.raw, input=row.input, status="error",
                         error=f"duplicate of row {first_row}, which failed")  # fmt: skip


def _for_row(result: AccountResult, row: AccountRow) -> AccountResult:
    """Return the result as it belongs to this row (its own input columns)."""
    if result.input is row.input:
        return result
    return result.model_copy(update={"input": row.input})


async def _no_dns(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


async def _needs_source(options: EnrichOptions, ledger: Any) -> Any:
    """Load the interview notes (LLM-assisted when an endpoint is configured), or None."""
    if options.notes is None:
        return None
    from agent.interviews.llm import load_notes_index

    return await load_notes_index(
        options.notes, use_llm=not options.no_llm, redacted=not options.no_redact,
        model=options.llm_model, base_url=options.llm_base_url, db=options.db, ledger=ledger,
    )  # fmt: skip


def run_enrich(options: EnrichOptions, **kwargs: Any) -> BatchSummary:
    """Run `enrich` to completion (synchronous wrapper for the CLI and tests)."""
    return asyncio.run(enrich(options, **kwargs))


def icp_paths(value: Path | str | list[Path] | tuple | None) -> list[Path]:
    """Normalize one ICP path, several, or none to a list."""
    if value is None:
        return []
    if isinstance(value, str | Path):
        return [Path(value)]
    return [Path(v) for v in value]


def iter_rescored(icps: list[ICP], store: Store) -> Iterator[dict[str, Any]]:
    """Re-score every stored account against the ICPs, streaming; no fetching.

    Yields each record with its best score (overrides laid over it); the model's scores are
    written to the store a thousand at a time, so memory stays flat on 100k accounts.
    """
    pending: list[tuple[str, Score]] = []
    overrides = active_overrides(store)
    for record in store.iter_records():
        scores, best = score_all(icps, record)
        pending.extend((record["domain"], score) for score in scores)
        record["score"] = best.model_dump(mode="json")
        if len(scores) > 1:
            record.update(best_fit_fields(scores, best))
        apply_overrides([record], overrides, icps)
        if len(pending) >= 1000:
            store.save_scores(pending)
            pending = []
        yield record
    store.save_scores(pending)


def rescore(icps: list[ICP], store: Store) -> list[dict[str, Any]]:
    """Re-score every stored account and return the records (small stores, tests)."""
    return list(iter_rescored(icps, store))
