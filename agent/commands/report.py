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
@click.option("--html", "html_path", type=PathType, help="Write the HTML dashboard here.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@crm_options
def report_command(
    icp_path: Path | None,
    icp_name: str | None,
    outcomes: Path | None,
    db: Path,
    html_path: Path | None,
    as_json: bool,
    **crm: object,
) -> None:
    """Report ICP figures: per tier accounts, win rate, revenue, deal size, cycle length.

    Also ICP (Perfect + Strong) vs non-ICP, win rate by score decile (calibration) and
    coverage (share of fields known). Manual overrides are applied. --html writes a
    self-contained dashboard (inline SVG charts, nothing loaded from the network).

    Examples:
        icp report --icp icp.toml --outcomes crm.csv --html report.html

        icp report --outcomes deals.csv --value-column ACV --json | jq .tiers

        icp report --db icp.db
    """
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
    if as_json:
        data = {**report.as_dict(), "hints": empty_panel_hints(report)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_report(report)
    if html_path:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html = render_html(report, generated_at=now_iso(), overrides=overrides_in(records),
                           changes=changes)  # fmt: skip
        html_path.write_text(html, encoding="utf-8")
        click.echo(f"wrote {html_path}", err=True)
