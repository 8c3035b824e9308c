"""`icp export`: stored results in CSV, JSONL, HubSpot or Salesforce import format."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from agent.commands.options import PathType, db_option
from agent.exports import FORMATS, crm_columns, crm_row
from agent.output import ResultWriter
from agent.overrides import active_overrides, apply_overrides
from store.db import Store


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--out", type=PathType, help="Output file (default: stdout).")
@click.option("--icp", "icp_name", help="Export the score of this ICP (default: best fit).")
@db_option
def export_command(fmt: str, out: Path | None, icp_name: str | None, db: Path) -> None:
    """Export stored accounts with their scores for a CRM import or a spreadsheet.

    hubspot/salesforce follow those CRMs' company/Account import column conventions, with
    custom properties prefixed (icp_score, icp_tier, icp_reasons, icp_evidence_urls ...).
    Values supplied in the input CSV are exported as given, never overwritten.

    Examples:

        icp export --format hubspot --out hubspot_companies.csv

        icp export --format salesforce --icp "Mid-market B2B SaaS" > accounts.csv

        icp export --format jsonl | jq .score.tier
    """
    store = Store(db, must_exist=True)
    stream = open(out, "w", newline="", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    try:
        records = _with_overrides(store, icp_name)
        if fmt in ("csv", "jsonl"):
            writer = ResultWriter(None, stream=stream, fmt=fmt)
            for record in records:
                writer.write(record)
            writer.close()
            return
        crm_writer = csv.DictWriter(stream, crm_columns(fmt))
        crm_writer.writeheader()
        for record in records:
            crm_writer.writerow(crm_row(record, fmt))
    finally:
        if out:
            stream.close()
        store.close()


def _with_overrides(store: Store, icp_name: str | None) -> Iterator[dict[str, Any]]:
    """Yield stored records with their score and any manual override laid over it."""
    overrides = active_overrides(store)
    for record in store.iter_scored_records(icp_name):
        apply_overrides([record], overrides)
        yield record
