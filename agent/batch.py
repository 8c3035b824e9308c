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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from agent.accounts import AccountRow, read_accounts
from agent.context import Context
from agent.crm.csv_file import open_csv
from agent.graph import graph
from agent.icp import ICP, load_icps
from agent.icp_names import icp_settings
from agent.input_columns import amount_problems, check_input_columns, numeric_input_columns
from agent.loop_stall import StallWatch
from agent.models import AccountResult
from agent.output import ResultWriter
from agent.overrides import active_overrides, apply_overrides
from agent.plain_json import plain
from agent.redaction import redact_secrets
from agent.rescoring import is_stale
from agent.retry_policy import retry_due
from agent.scoring import score_against
from agent.settings import Settings
from agent.wiring import build_context
from store.connection import now_iso
from store.db import Store
from tools.web.fetcher import HttpSettings

log = logging.getLogger("icp.batch")


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
    retries: int = 0
    """Requests sent again after a timeout, a network error or a 429/5xx answer."""
    llm_ledger: Any = None
    """Per-call and per-account LLM token and cost accounting (`agent.llm.costs.CostLedger`)."""
    longest_stall: float = 0.0
    """Longest time (s) the event loop was blocked: fetch timeouts and delays stretch by it."""
    ray_workers: set[str] = field(default_factory=set)
    """The Ray worker processes (node id:pid) that researched accounts; empty for a local batch."""


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


async def research_account(row: AccountRow, context: Context, settings: Settings) -> AccountResult:
    """Research one account through the graph, within the account deadline, never raising.

    The local batch and every Ray worker run accounts through this one function.
    """
    deadline = asyncio.timeout(settings.account_timeout)
    try:
        async with deadline:
            return await _research(row, context)
    except TimeoutError:
        if not deadline.expired():
            raise
        return AccountResult(
            domain=row.domain or row.raw, input=row.input, status="error",
            error=f"research stopped at the {settings.account_timeout:g} s account "
            "deadline (--account-timeout)",
        )  # fmt: skip
    except Exception as exc:  # one account never sinks a batch
        return bug_result(row, exc)


def _from_store(
    row: AccountRow, store: Store, icps: list[ICP], max_age: timedelta | None, needs: Any = None
) -> AccountResult | None:
    domain = row.domain or ""
    researched_at = store.researched_at(domain)
    if is_stale(researched_at, max_age):
        return None
    record = store.load_record(domain)
    if record is None:
        return None
    if record.get("status") == "error" and retry_due(
        record.get("error"), store.research_failures(domain), researched_at
    ):
        return None
    record["input"] = row.input
    if needs is not None and record.get("status") == "ok":
        _attach_needs(store, record, needs)
    result = AccountResult.model_validate(record)
    if icps:
        scored = score_against(icps, result.contract_dict())
        result = result.model_copy(update=scored.result_fields())
        store.save_scores([(result.domain, score) for score in scored.scores])
    return result


def _redacted(value: Any) -> Any:
    """Return plain option values with secrets (a key in a URL ...) redacted."""
    if isinstance(value, str):
        return redact_secrets(value)
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    return value


def _attach_needs(store: Store, record: dict[str, Any], needs: Any) -> None:
    """Lay interview notes added since the research onto a stored record (and store them)."""
    found = needs.needs_for(record["domain"])
    if found is None:
        return
    attached = found.model_dump(mode="json")
    if attached == record.get("needs"):
        return
    # only the needs change: `notes` stays the research's own (what went wrong on the way), so
    # a stored account with notes attached reads exactly as a fresh research with those notes
    record["needs"] = attached
    store.save_needs(record["domain"], record)


async def enrich(
    accounts: Path,
    settings: Settings,
    *,
    keep_records: bool = False,
    on_result: Callable[[AccountResult], None] | None = None,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    http: HttpSettings | None = None,
    worker_transport: Callable[[], httpx.AsyncBaseTransport] | None = None,
) -> BatchSummary:
    """Research every row of the accounts file; write results in input order.

    `transport` and `http` replace the network and the fetcher's manners (tests, benchmarks);
    on Ray (`settings.ray`), `worker_transport` builds each worker's transport instead.
    """
    # everything that can reject the configuration runs before the run is recorded (here and
    # in build_context); the clients are built inside the running loop, as the async ones must
    notes: list[str] = []
    if settings.icp:
        header = open_csv(accounts, "accounts file").header
        notes = check_input_columns(load_icps(settings.icp), [str(p) for p in settings.icp],
                                    header, str(accounts))  # fmt: skip
    if settings.ray is not None:
        from agent.cluster.driver import enrich_on_ray  # Ray loads only when asked for

        summary = await enrich_on_ray(
            accounts, settings, keep_records=keep_records, on_result=on_result,
            on_record=on_record, transport=transport, http=http,
            worker_transport=worker_transport,
        )  # fmt: skip
    else:
        async with build_context(settings, transport=transport, http=http) as context:
            summary = await run_batch(accounts, settings, context, keep_records, on_result,
                                      on_record)  # fmt: skip
    summary.problems[:0] = notes
    return summary


def skipped_steps(settings: Settings, context: Context) -> list[str]:
    """Return the steps this run skips, as the CLI announces them."""
    if settings.no_llm:
        return ["LLM research step (--no-llm)"]
    if context.research is None:
        return ["LLM research step (no endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY)"]
    return []


async def run_batch(
    accounts: Path,
    settings: Settings,
    context: Context,
    keep_records: bool,
    on_result: Callable[[AccountResult], None] | None,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    research: Callable[[AccountRow], Awaitable[AccountResult]] | None = None,
) -> BatchSummary:
    """Stream the accounts through a bounded window; write the store and results in input order.

    `research` researches one account and stores it (default: the graph in this process);
    on Ray it sends the account to the cluster (`agent.cluster.driver`).
    """
    store, icps, needs = context.store, context.icps, context.needs
    assert store is not None  # build_context always opens the store
    overrides = active_overrides(store) if icps else {}
    store.save_icp_settings(icp_settings(icps), now_iso())
    # a bad --out fails here: no run recorded
    writer = ResultWriter(settings.out, fmt=settings.out_format or "") if settings.out else None
    # plain JSON values (paths as text, durations in seconds), secrets left out and redacted
    args = {"accounts": str(accounts)}
    args.update((name, plain(getattr(settings, name))) for name in settings.public_dict())
    run_id = store.start_run("enrich", _redacted(args))
    context.run_id = run_id
    summary = BatchSummary(run_id=run_id, skipped_steps=skipped_steps(settings, context))
    if needs is not None:
        summary.problems.extend(f"notes: {problem}" for problem in needs.problems)
    semaphore = asyncio.Semaphore(max(1, settings.concurrency))

    async def process(row: AccountRow) -> AccountResult:
        if row.domain is None:
            return _input_error_result(row)
        async with semaphore:
            if not settings.refresh:
                stored = _from_store(row, store, icps, settings.max_age, needs)
                if stored is not None:
                    summary.counts["reused"] += 1
                    return stored
            if research is None:
                if context.workers is not None:
                    await context.workers.admit()  # no new account while pages wait to be parsed
                result = await research_account(row, context, settings)
            else:
                try:
                    result = await research(row)
                except Exception as exc:  # a task the cluster lost after its retries
                    return bug_result(row, exc)
            store.count_research_attempt(row.domain, failed=result.status == "error")
            return result

    numeric_columns = numeric_input_columns(icps)
    window: deque[tuple[AccountRow, asyncio.Future[AccountResult]]] = deque()
    first_row_of: dict[str, int] = {}

    def finish(row: AccountRow, result: AccountResult) -> None:
        summary.counts[result.status] += 1
        if result.status == "ok" and is_partial(result):
            summary.counts["partial"] += 1
        if result.error:
            summary.errors[_error_kind(result.error)] += 1
        if row.problem:
            summary.problems.append(f"{accounts}: row {row.row}: {row.problem}")
        for problem in amount_problems(numeric_columns, row.input):
            summary.problems.append(f"{accounts}: row {row.row}: {problem}")
        record = result.contract_dict()
        apply_overrides([record], overrides, icps)
        if writer:
            writer.write(record)
        if keep_records:
            summary.records.append(record)
        if on_result:
            on_result(result)
        if on_record:  # the record as written: overrides laid on (stdout of `icp enrich`)
            on_record(record)

    watch = StallWatch()
    await watch.__aenter__()
    try:
        for row in read_accounts(accounts, settings.domain_column):
            if row.domain and row.domain in first_row_of:
                summary.problems.append(
                    f"{accounts}: row {row.row}: duplicate of row "
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
            while len(window) > settings.concurrency * 4 or (window and window[0][1].done()):
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
        summary.requests = context.http.requests_made
        summary.cache_hits = context.http.stats.get("cache_hits", 0)
        summary.retries = context.http.stats.get("retries", 0)
        usage: dict[str, Any] = {}
        if context.research is not None:
            summary.llm_ledger = context.research.ledger
            usage = context.research.ledger.total().run_dict()
        store.finish_run(run_id, dict(summary.counts), usage)
    return summary


def is_partial(result: AccountResult) -> bool:
    """Whether an account completed with part of its research missing (home or board failed)."""
    return result.hiring.status == "fetch_failed" or any(
        note.startswith("home page") for note in result.notes
    )


def _error_kind(error: str) -> str:
    kind = re.sub(r"https?://\S+", "<url>", error)
    kind = re.sub(r"^row \d+: ", "", kind)
    return re.sub(r"'[^']*'", "'…'", kind)


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


def run_enrich(accounts: Path, settings: Settings, **kwargs: Any) -> BatchSummary:
    """Run `enrich` to completion (synchronous wrapper for the CLI and tests)."""
    return asyncio.run(enrich(accounts, settings, **kwargs))
