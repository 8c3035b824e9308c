"""`icp score`: re-score stored research with no fetching."""

from __future__ import annotations

from pathlib import Path

import click

from agent.batch import rescore
from agent.commands.options import ExistingFile, PathType, db_option
from agent.multi_icp import load_icps
from agent.output import ResultWriter, print_table
from store.db import Store


@click.command("score")
@click.option("--icp", "icp_paths", type=ExistingFile, required=True, multiple=True,
              help="ICP file (TOML); repeat for several (best fit wins).")  # fmt: skip
@db_option
@click.option("--out", type=PathType, help="Write results.jsonl or results.csv (by suffix).")
@click.option("--table/--no-table", default=True, help="Print the ranked table to stdout.")
def score_command(icp_paths: tuple[Path, ...], db: Path, out: Path | None, table: bool) -> None:
    """Re-score every stored account against an ICP; makes no HTTP request.

    Edit weights or criteria in the ICP file, then re-score in seconds.

    Examples:
        icp score --icp icp.toml

        icp score --icp icp.toml --db icp.db --out rescored.jsonl --no-table

        icp score --icp smb.toml --icp enterprise.toml --out best_fit.csv
    """
    icps = load_icps(icp_paths)
    store = Store(db, must_exist=True)
    try:
        records = rescore(icps, store)
    finally:
        store.close()
    if out:
        with ResultWriter(out) as writer:
            for record in records:
                writer.write(record)
        click.echo(f"wrote {len(records)} records to {out}", err=True)
    if table:
        print_table(records)
