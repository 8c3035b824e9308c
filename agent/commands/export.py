"""`icp export`: stored results in CSV, JSONL, HubSpot or Salesforce import format."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from agent.commands.options import PathType, db_option
from agent.exports import CRM_FORMATS, FORMATS, crm_columns, crm_row
from agent.icp_names import choose_icp_name
from agent.output import ResultWriter
from agent.overrides import active_overrides, apply_overrides
from agent.redaction import redact_in
from store.db import Store


def _format(fmt: str | None, out: Path | None) -> str:
    if fmt is not None:
        return fmt
    if out is not None and out.suffix.lower() == ".jsonl":
        return "jsonl"
    return "csv"


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="csv, jsonl, hubspot, salesforce (Data Import Wizard labels) or "
                   "salesforce-api (Data Loader API names); default: from --out's suffix, "
                   "else csv.")  # fmt: skip
@click.option("--out", type=PathType, help="Output file (default: stdout).")
@click.option("--icp", "icp_name",
              help="Export this ICP's scores (needed when several are stored).")  # fmt: skip
@click.option("--all-icps", is_flag=True,
              help="Each account's best-fit ICP, named on each row.")  # fmt: skip
@db_option
def export_command(
    fmt: str | None, out: Path | None, icp_name: str | None, all_icps: bool, db: Path
) -> None:
    """Export stored accounts with their scores for a CRM import or a spreadsheet.

    One ICP per file: the only one scored, or the one named with --icp (exactly as stored);
    every row names it (icp / icp_name / ICP_Name__c). hubspot and salesforce files use the
    CRMs' own column names, industry picklist values and country names, carry the record ID
    from your CRM export when the input had one (so the import updates instead of
    duplicating), and Salesforce files an ICP_Domain__c external ID for upserts. Values
    supplied in the input CSV are exported as given, never overwritten.

    Examples:

        icp export --format hubspot --out hubspot_companies.csv

        icp export --format salesforce --icp "Mid-market B2B SaaS" > accounts.csv

        icp export --format salesforce-api --out accounts_upsert.csv

        icp export --all-icps --out best_fit.csv

        icp export --format jsonl | jq .score.tier
    """
    fmt = _format(fmt, out)
    store = Store(db, must_exist=True)
    try:
        name = None if all_icps else choose_icp_name(icp_name, store.icp_names())
        records = _with_overrides(store, name)
        stream = open(out, "w", newline="", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
        try:
            _write(records, fmt, stream)
        finally:
            if out:
                stream.close()
    finally:
        store.close()


def _write(records: Iterator[dict[str, Any]], fmt: str, stream) -> None:
    if fmt not in CRM_FORMATS:
        writer = ResultWriter(None, stream=stream, fmt=fmt)
        for record in records:
            writer.write(record)
        writer.close()
        return
    crm_writer = csv.DictWriter(stream, crm_columns(fmt))
    crm_writer.writeheader()
    for record in records:
        crm_writer.writerow(crm_row(redact_in(record), fmt))


def _with_overrides(store: Store, icp_name: str | None) -> Iterator[dict[str, Any]]:
    """Yield stored records with their score and any manual override laid over it."""
    overrides = active_overrides(store)
    for record in store.iter_scored_records(icp_name):
        apply_overrides([record], overrides)
        yield record
