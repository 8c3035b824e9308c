"""`icp report`: the ICP dashboard — terminal tables and a self-contained HTML file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from agent.analytics.figures import build_report
from agent.analytics.report_hints import empty_panel_hints
from agent.analytics.report_html import overrides_in, recent_changes, render_html
from agent.analytics.report_terminal import print_report
from agent.commands.crm_options import (
    crm_options,
    pop_crm_options,
    read_outcomes,
    scored_records,
)
from agent.commands.options import ExistingFile, PathType, db_option
from agent.commands.output_options import deprecated, output_format, write_text
from agent.icp import load_icp
from store.connection import now_iso
from store.db import Store


@click.command("report")
@click.option(
    "--icp",
    "icp_path",
    type=ExistingFile,
    help="ICP file to score with (default: the scores in the store).",
)
@click.option("--icp-name", help="Which stored ICP's scores to use when there are several.")
@click.option(
    "--outcomes",
    type=ExistingFile,
    help="CRM export with outcomes (won/lost, value, cycle) for win rates.",
)
@db_option
@click.option("--json", "as_json", is_flag=True,
              help="Print the figures as JSON to stdout (default: tables).")  # fmt: skip
@click.option("--out", type=PathType,
              help="Write the dashboard: .html, or the figures as .json (by suffix).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["html", "json"]),
              help="Format of --out (default: from its suffix, else html).")  # fmt: skip
@click.option("--html", "html_path", type=PathType, hidden=True,
              help="Deprecated spelling of --out REPORT.html.")  # fmt: skip
@crm_options
def report_command(
    icp_path: Path | None,
    icp_name: str | None,
    outcomes: Path | None,
    db: Path,
    as_json: bool,
    out: Path | None,
    fmt: str | None,
    html_path: Path | None,
    **crm: object,
) -> None:
    """Report ICP figures: per tier accounts, win rate, revenue, deal size, cycle length.

    Also ICP (Perfect + Strong) vs non-ICP, win rate by score decile (calibration) and
    coverage (share of fields known). Manual overrides are applied. --out writes a
    self-contained dashboard (inline SVG charts, nothing loaded from the network).

    Examples:
        icp report --icp icp.toml --outcomes crm.csv --out report.html

        icp report --outcomes deals.csv --value-column ACV --json | jq .tiers

        icp report --db icp.db
    """
    if html_path is not None:
        deprecated("`--html FILE`", "--out FILE.html")
    crm_settings = pop_crm_options(crm)
    icp = load_icp(icp_path) if icp_path else None
    results = read_outcomes(outcomes, crm_settings) if outcomes else None
    store = Store(db, must_exist=True)
    try:
        records, name = scored_records(store, icp, icp_name)
        changes = recent_changes(store.signal_feed(icp=name))
    finally:
        store.close()
    report = build_report(records, results, name)
    figures = json.dumps({**report.as_dict(), "hints": empty_panel_hints(report)}, indent=2,
                         ensure_ascii=False) + "\n"  # fmt: skip
    if as_json:
        click.echo(figures, nl=False)
    else:
        print_report(report)
    targets = [(out, output_format(out, fmt, {".json": "json"}, "html")), (html_path, "html")]
    for path, chosen in targets:
        if path is None:
            continue
        if chosen == "json":
            write_text(path, figures)
            continue
        write_text(path, render_html(report, generated_at=now_iso(),
                                     overrides=overrides_in(records), changes=changes))  # fmt: skip
