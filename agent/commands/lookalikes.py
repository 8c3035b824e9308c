"""`icp lookalikes`: stored accounts ranked by similarity to seed accounts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from agent.accounts import read_accounts
from agent.analytics.lookalikes import Lookalike, rank_lookalikes
from agent.commands.options import ExistingFile, PathType, db_option
from agent.commands.output_options import output_format, write_text
from agent.errors import InputError
from store.db import Store


def _domains(path: Path, domain_column: str | None) -> list[str]:
    return list(
        dict.fromkeys(row.domain for row in read_accounts(path, domain_column) if row.domain)
    )


def _csv_text(ranked: list[Lookalike]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(["rank", "domain", "name", "similarity", "nearest_seed", "shared"])
    for rank, item in enumerate(ranked, 1):
        writer.writerow([rank, item.domain, item.name, f"{item.similarity:.3f}",
                         item.nearest[0][0], "; ".join(item.shared)])  # fmt: skip
    return stream.getvalue()


@click.command("lookalikes")
@click.option(
    "--seed",
    "seed_path",
    type=ExistingFile,
    required=True,
    help="CSV or CRM export of seed accounts, e.g. your best customers.",
)
@click.option("--domain-column", metavar="NAME",
              help="Domain column of --seed/--exclude (default: found by name).")  # fmt: skip
@db_option
@click.option("--exclude", type=ExistingFile, help="CSV of accounts to leave out (customers).")
@click.option("--limit", type=click.IntRange(1), default=25, show_default=True)
@click.option(
    "--nearest",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    help="Similarity is the mean over this many most similar seeds.",
)
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON lines to stdout (default: a table).")  # fmt: skip
@click.option("--out", type=PathType,
              help="Also write the ranking to a file: .csv or .jsonl (by suffix).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]),
              help="Format of --out (default: from its suffix, else csv).")  # fmt: skip
def lookalikes_command(
    seed_path: Path,
    domain_column: str | None,
    db: Path,
    exclude: Path | None,
    limit: int,
    nearest: int,
    as_json: bool,
    out: Path | None,
    fmt: str | None,
) -> None:
    """Rank stored accounts by similarity to seed accounts, with the attributes they share.

    Similarity is Gower-style over the enriched fields (industry, size, country, funding,
    technologies weighted by rarity, hiring functions, interview pains); a field the account
    does not know counts as not shared.

    Examples:
        icp lookalikes --seed best_customers.csv

        icp lookalikes --seed best_customers.csv --exclude customers.csv --limit 50 --out la.csv

        icp lookalikes --seed best_customers.csv --out lookalikes.jsonl

        icp lookalikes --seed best_customers.csv --json | jq .domain

        icp lookalikes --seed hubspot-companies.csv --domain-column "Website URL"
    """
    seeds = _domains(seed_path, domain_column)
    excluded = set(_domains(exclude, domain_column)) if exclude else set()
    store = Store(db, must_exist=True)
    try:
        records = list(store.iter_records())
    finally:
        store.close()
    known = {r["domain"] for r in records}
    missing = [d for d in seeds if d not in known]
    if missing:
        click.echo(
            f"note: {len(missing)} seeds have no research in the store: {', '.join(missing[:5])}",
            err=True,
        )
    if len(missing) == len(seeds):
        raise InputError(f"{seed_path}: none of the seed accounts is in {db}")
    ranked = rank_lookalikes(records, seeds, exclude=excluded, nearest=nearest, limit=limit)
    if not ranked:
        click.echo(f"note: nothing to rank: every account in {db} is a seed or excluded; "
                   "research more accounts (icp enrich) to find lookalikes", err=True)  # fmt: skip
    if out:
        if output_format(out, fmt, {".jsonl": "jsonl", ".json": "jsonl"}, "csv") == "jsonl":
            lines = "".join(json.dumps(item.as_dict(), ensure_ascii=False) + "\n"
                            for item in ranked)  # fmt: skip
        else:
            lines = _csv_text(ranked)
        write_text(out, lines)
    if as_json:
        for item in ranked:
            click.echo(json.dumps(item.as_dict(), ensure_ascii=False))
        return
    table = Table(title=f"Lookalikes of {len(seeds) - len(missing)} seed accounts")
    for column in ("#", "account", "similarity", "nearest seed", "shared attributes"):
        table.add_column(column, overflow="fold")
    for rank, item in enumerate(ranked, 1):
        table.add_row(
            str(rank),
            f"{item.name}\n[dim]{item.domain}[/dim]",
            f"{item.similarity:.0%}",
            item.nearest[0][0],
            "\n".join(item.shared),
        )
    Console().print(table)
