"""`icp runs` and `icp stale`: what ran, and what is due for re-research."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from agent.commands.options import Duration, db_option
from agent.freshness import freshness_confidence, research_age_days
from agent.plain_json import parse_json_text
from agent.rescoring import is_stale
from store.db import Store


@click.command("runs")
@db_option
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
def runs_command(db: Path, limit: int, as_json: bool) -> None:
    """List recent runs: id, command, arguments, counts, tokens, cost, duration.

    Examples:

        icp runs

        icp runs --limit 5 --json
    """
    store = Store(db, must_exist=True)
    try:
        rows = store.runs(limit)
    finally:
        store.close()
    if as_json:
        for row in rows:
            for column in ("args", "counts"):
                row[column] = parse_json_text(row[column])
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"runs in {db}")
    for column in ("id", "command", "started", "finished", "counts", "llm tokens", "cost $"):
        table.add_column(column, overflow="fold")
    for row in rows:
        tokens = (row["prompt_tokens"] or 0) + (row["completion_tokens"] or 0)
        cost = "unknown" if row["cost_usd"] is None and tokens else f"{row['cost_usd'] or 0:.4f}"
        table.add_row(str(row["id"]), row["command"], row["started_at"],
                      row["finished_at"] or "[red]interrupted[/red]", row["counts"] or "",
                      str(tokens), cost)  # fmt: skip
    Console().print(table)


@click.command("stale")
@db_option
@click.option("--max-age", type=Duration(), default="30d", show_default=True)
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per account on stdout (default: CSV lines).")  # fmt: skip
def stale_command(db: Path, max_age: timedelta, as_json: bool) -> None:
    """List accounts whose research is older than --max-age (one domain per line).

    Each line gives the research's age and the confidence left in its score: 1.0 within
    --max-age, halving with every further --max-age (see README "Signals").

    Examples:

        icp stale --max-age 30d

        icp stale --max-age 2w > due.csv && icp enrich due.csv --max-age 2w

        icp stale --json | jq -r 'select(.age_days > 60) | .domain'
    """
    store = Store(db, must_exist=True)
    try:
        due = [(d, at) for d, at in store.research_dates() if is_stale(at, max_age)]
    finally:
        store.close()
    if not as_json:
        click.echo("domain,researched_at,age_days,score_confidence")
    for domain, at in due:
        age = research_age_days(at) if at else None
        confidence = freshness_confidence(age, max_age) if age is not None else None
        if as_json:
            click.echo(json.dumps({"domain": domain, "researched_at": at,
                                   "age_days": None if age is None else round(age),
                                   "score_confidence": confidence}))  # fmt: skip
            continue
        shown = f"{age:.0f},{confidence}" if age is not None else ","
        click.echo(f"{domain},{at},{shown}")
    click.echo(f"{len(due)} account(s) older than {max_age}", err=True)
