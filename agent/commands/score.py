"""`icp score`: re-score stored research with no fetching."""

from __future__ import annotations

import heapq
import sys
from pathlib import Path

import click

from agent.commands.options import ExistingFile, PathType, db_option
from agent.icp import load_icps
from agent.icp_names import icp_settings
from agent.input_columns import check_input_columns
from agent.output import ResultWriter, print_table
from agent.rescoring import iter_rescored
from store.connection import now_iso
from store.db import Store

TABLE_ROWS = 50


@click.command("score")
@click.option("--icp", "icp_paths", type=ExistingFile, required=True, multiple=True,
              help="ICP file (TOML); repeat for several (best fit wins).")  # fmt: skip
@db_option
@click.option("--out", type=PathType, help="Write results.jsonl or results.csv (by suffix).")
@click.option("--format", "out_format", type=click.Choice(["jsonl", "csv"]),
              help="Format of --out (default: from its suffix).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON lines to stdout.")
@click.option("--table/--no-table", default=True, help="Print the ranked table to stdout.")
def score_command(icp_paths: tuple[Path, ...], db: Path, out: Path | None,
                  out_format: str | None, as_json: bool, table: bool) -> None:  # fmt: skip
    """Re-score every stored account against an ICP; makes no HTTP request.

    Edit weights or criteria in the ICP file, then re-score in seconds.

    Examples:
        icp score --icp icp.toml

        icp score --icp icp.toml --db icp.db --out rescored.jsonl --no-table

        icp score --icp smb.toml --icp enterprise.toml --out best_fit.csv

        icp score --icp icp.toml --json | jq 'select(.score.tier == "Perfect Fit") | .domain'
    """
    icps = load_icps(icp_paths)
    store = Store(db, must_exist=True)
    if columns := store.input_columns():  # an empty store has nothing to check against
        files = [str(path) for path in icp_paths]
        for note in check_input_columns(icps, files, columns, f"the accounts stored in {db}"):
            click.echo(f"note: {note}", err=True)
    store.save_icp_settings(icp_settings(icps), now_iso())
    table = table and not as_json
    if out:
        writer: ResultWriter | None = ResultWriter(out, fmt=out_format or "")
    elif as_json:
        writer = ResultWriter(None, stream=sys.stdout, fmt="jsonl")
    else:
        writer = None
    top: list[tuple[float, int, dict]] = []  # a heap of the best TABLE_ROWS records
    count = 0
    try:
        for record in iter_rescored(icps, store):
            count += 1
            if writer:
                writer.write(record)
            if table:
                item = (record["score"]["total"], -count, record)
                if len(top) < TABLE_ROWS:
                    heapq.heappush(top, item)
                else:
                    heapq.heappushpop(top, item)
    finally:
        store.close()
        if writer:
            writer.close()
    click.echo(f"re-scored {count} accounts" + (f"; wrote {out}" if out else ""), err=True)
    if table:
        print_table([record for _, _, record in top])
        if count > TABLE_ROWS:
            click.echo(f"(table shows the top {TABLE_ROWS} of {count})", err=True)
