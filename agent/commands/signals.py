"""`icp signals` (the feed of buying signals) and `icp watch` (re-research, alert what is new)."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from agent.commands.options import Duration, ExistingFile, PathType, db_option
from agent.errors import InputError
from agent.icp_names import check_icp_name
from agent.models import SIGNAL_TYPES
from store.db import Store

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _since(value: str | None) -> str | None:
    """Accept YYYY-MM-DD or a duration back from today (30d, 2w)."""
    if not value:
        return None
    if _DAY.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise InputError(f"--since {value!r}: not a valid date") from None
    try:
        delta = Duration().convert(value, None, None)
    except click.BadParameter:
        raise InputError(f"--since {value!r}: give YYYY-MM-DD or a duration like 30d") from None
    return (datetime.now(UTC) - delta).date().isoformat()


def _print_feed(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from agent.output import stdout_console

    table = Table(title=f"{len(rows)} signals", show_lines=False)
    for column in ("date", "account", "type", "summary", "fit"):
        table.add_column(column, overflow="fold")
    for row in rows:
        day = row["date"] or f"[dim]seen {row['first_seen_at'][:10]}[/dim]"
        fit = f"{row['total']:.0f} {row['tier']}" if row.get("tier") else ""
        table.add_row(day, row.get("name") or row["domain"], row["type"], row["summary"], fit)
    stdout_console().print(table)


@click.command("signals")
@db_option
@click.option("--type", "types", type=click.Choice(SIGNAL_TYPES), multiple=True,
              help="Only this signal type (repeatable).")  # fmt: skip
@click.option("--since", help="Only events on or after this day (YYYY-MM-DD) or within 30d.")
@click.option(
    "--tier",
    "tiers",
    multiple=True,
    help="Only accounts of this tier: perfect, strong, moderate, weak (repeatable).",
)
@click.option("--icp", "icp_name", help="Tier and score of this ICP (default: best fit).")
@click.option("--domain", help="Only this account.")
@click.option("--limit", type=click.IntRange(1), help="At most this many signals.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line on stdout.")
def signals_command(db: Path, types: tuple[str, ...], since: str | None, tiers: tuple[str, ...],
                    icp_name: str | None, domain: str | None, limit: int | None,
                    as_json: bool) -> None:  # fmt: skip
    """List the buying signals of stored accounts, newest event first.

    Each signal is dated as its page states it (undated ones show when they were first
    seen) and carries the URL and quote it came from (shown with --json).

    Examples:
        icp signals

        icp signals --type funding --type acquisition --since 90d --tier perfect

        icp signals --since 2026-01-01 --json | jq -r '.summary'
    """
    store = Store(db, must_exist=True)
    try:
        if icp_name is not None:  # a mistyped name is an error, not a feed without scores
            icp_name = check_icp_name(icp_name, store.icp_names())
        rows = store.signal_feed(
            types=types, since=_since(since), tiers=tiers, icp=icp_name,
            domain=domain.lower() if domain else None, limit=limit,
        )  # fmt: skip
    finally:
        store.close()
    if as_json:
        for row in rows:
            click.echo(json.dumps(_public(row), ensure_ascii=False))
        return
    _print_feed(rows)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("domain", "name", "type", "date", "summary", "evidence", "first_seen_at",
            "last_seen_at", "icp", "total", "tier", "route")  # fmt: skip
    return {key: row.get(key) for key in keys}


@click.command("watch")
@click.argument("accounts", type=ExistingFile)
@click.option("--icp", "icp_paths", type=ExistingFile, multiple=True, help="ICP file (TOML).")
@db_option
@click.option("--max-age", type=Duration(), default="7d", show_default=True,
              help="Re-research accounts whose research is older than this.")  # fmt: skip
@click.option("--webhook", "webhook_url",
              help="POST each new signal here (Slack-compatible).  [default: $ICP_WEBHOOK_URL]")
@click.option("--out", "alerts_out", type=PathType,
              help="Append the new signals here (JSONL); else stdout.")  # fmt: skip
@click.option("--domain-column", metavar="NAME", help="Column holding the domain or website.")
@click.option("--replay", type=ExistingFile, help="Answer every request from this WARC.")
@click.option("--no-llm", is_flag=True, help="Deterministic extractors only.")
@click.option("--concurrency", type=click.IntRange(1, 256),
              help="Accounts researched at once.  [default: $ICP_CONCURRENCY or 16]")
@click.option("--allow-private-network", is_flag=True,
              help="Allow fetching private/loopback addresses (off by default).")  # fmt: skip
def watch_command(accounts: Path, alerts_out: Path | None, **flags: Any) -> None:
    """Re-research what is stale in ACCOUNTS and emit only the signals not sent before.

    New signals go out as JSON lines (stdout or --out) and, with --webhook, one message
    each to a Slack-compatible webhook (retried with backoff; a signal the webhook did not
    take is sent again next run). No signal is sent twice to the same place, so it is safe
    to run from cron. Exit code 1 when a webhook refused a message.

    Examples:
        icp watch accounts.csv --icp icp.toml --max-age 7d

        icp watch accounts.csv --max-age 1d --webhook https://hooks.slack.com/services/T/B/X

        0 7 * * 1-5  cd ~/icp && icp watch accounts.csv --max-age 7d --out alerts.jsonl
    """
    from agent.batch import run_enrich
    from agent.settings import Settings

    flags["icp"] = flags.pop("icp_paths")
    settings = Settings.load(flags)
    domains: set[str] = set()
    summary = run_enrich(accounts, settings, on_result=lambda result: domains.add(result.domain))
    reused = summary.counts.get("reused", 0)
    click.echo(f"researched: {summary.counts.get('ok', 0) - reused} accounts, {reused} fresh "
               f"enough; run #{summary.run_id}", err=True)  # fmt: skip
    store = Store(settings.db)
    try:
        fresh = _emit_lines(store, domains, alerts_out)
        failures = _post_webhook(store, domains, settings.webhook_url)
    finally:
        store.close()
    click.echo(f"new signals: {len(fresh)}", err=True)
    if failures:
        sys.exit(1)


def _emit_lines(store: Store, domains: set[str], out: Path | None) -> list[dict[str, Any]]:
    """Write the signals not yet written to this destination as JSON lines; mark them."""
    from agent.alerts import alert_line

    channel = f"jsonl:{out}" if out else "jsonl:stdout"
    fresh = [s for s in store.unsent_signals(channel) if s["domain"] in domains]
    stream = out.open("a", encoding="utf-8") if out else sys.stdout
    try:
        for signal in fresh:
            stream.write(json.dumps(alert_line(signal), ensure_ascii=False) + "\n")
            stream.flush()
            store.mark_sent(signal["id"], channel)
    finally:
        if out:
            stream.close()
    return fresh


def _post_webhook(store: Store, domains: set[str], url: str | None) -> int:
    """POST the signals the webhook has not taken yet; return how many it refused."""
    if not url:
        return 0
    from agent.alerts import (
        WebhookError,
        channel_for_webhook,
        post_webhook,
        slack_payload,
        webhook_client,
    )

    channel = channel_for_webhook(url)
    pending = [s for s in store.unsent_signals(channel) if s["domain"] in domains]
    failures = 0
    with webhook_client() as client:
        for signal in pending:
            try:
                post_webhook(client, url, slack_payload(signal))
            except WebhookError as exc:
                failures += 1
                click.echo(f"webhook: {signal['domain']} {signal['type']}: {exc}", err=True)
                continue
            store.mark_sent(signal["id"], channel)
    click.echo(f"webhook: {len(pending) - failures} sent, {failures} failed", err=True)
    return failures
