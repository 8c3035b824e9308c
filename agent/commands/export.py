"""`icp export`: stored results in CSV, JSONL, HubSpot or Salesforce import format."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from agent.commands.options import PathType, db_option
from agent.commands.output_options import output_format
from agent.errors import ConfigError
from agent.exports import CRM_FORMATS, FORMATS, crm_columns, crm_row
from agent.icp_names import choose_icp_name
from agent.output import ResultWriter
from agent.overrides import active_overrides, apply_overrides
from agent.redaction import redact_in
from store.db import Store


def _format(fmt: str | None, out: Path | None) -> str:
    return output_format(out, fmt, {".jsonl": "jsonl", ".json": "jsonl"}, "csv")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="csv, jsonl, hubspot, salesforce (Data Import Wizard labels) or "
                   "salesforce-api (Data Loader API names); default: from --out's suffix, "
                   "else csv.")  # fmt: skip
@click.option("--out", type=PathType, help="Output file (default: stdout).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON lines to stdout (the same as --format jsonl).")  # fmt: skip
@click.option("--icp", "icp_name",
              help="Export this ICP's scores (needed when several are stored).")  # fmt: skip
@click.option("--all-icps", is_flag=True,
              help="Each account's best-fit ICP, named on each row.")  # fmt: skip
@db_option
def export_command(
    fmt: str | None, out: Path | None, as_json: bool, icp_name: str | None, all_icps: bool,
    db: Path,
) -> None:  # fmt: skip
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

        icp export --json | jq .score.tier
    """
    if as_json and out is None and fmt not in (None, "jsonl"):
        raise click.UsageError(f"--json prints JSON lines; give --out to write --format {fmt}")
    fmt = _format(fmt, out)
    store = Store(db, must_exist=True)
    try:
        name = None if all_icps else choose_icp_name(icp_name, store.icp_names())
        records = list(_with_overrides(store, name))
    finally:
        store.close()
    if out is not None:
        try:
            with open(out, "w", newline="", encoding="utf-8") as stream:
                _write(records, fmt, stream)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise ConfigError(f"{out}: cannot write: {reason}") from None
        click.echo(f"wrote {len(records)} accounts to {out}", err=True)
    if as_json or out is None:
        _write(records, "jsonl" if as_json else fmt, sys.stdout)


def _write(records: list[dict[str, Any]], fmt: str, stream) -> None:
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
