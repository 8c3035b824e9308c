"""`icp discover`: what distinguishes the best customers, and a draft ICP file from it."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from agent.analytics.discover import DiscoverOptions, Discovery, discover
from agent.analytics.discover_draft import draft_icp, observed_industries
from agent.analytics.stats import format_p
from agent.commands.crm_options import crm_options, pop_crm_options, read_outcomes
from agent.commands.options import ExistingFile, PathType, db_option
from store.db import Store


def findings_table(discovery: Discovery, limit: int) -> Table:
    """Return the ranked findings (and the top segments) as a rich table."""
    title = (
        f"What distinguishes the {discovery.best_total} best customers "
        f"(of {discovery.population} decided accounts)"
    )
    table = Table(title=title)
    for column, justify in (
        ("#", "right"),
        ("attribute", "left"),
        ("best", "right"),
        ("others", "right"),
        ("lift", "right"),
        ("shrunk", "right"),
        ("p", "right"),
        ("q", "right"),
        ("verdict", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    others = discovery.population - discovery.best_total
    rows = discovery.findings[:limit]
    segments = [s for s in discovery.segments if s.verdict == "distinctive"][:3]
    for index, finding in enumerate([*segments, *rows], 1):
        is_segment = len(finding.attributes) > 1
        table.add_row(
            ("S" if is_segment else "") + str(index - (0 if is_segment else len(segments))),
            ("[bold]segment:[/bold] " if is_segment else "") + finding.label,
            f"{finding.best}/{discovery.best_total} ({finding.best_share:.0%})",
            f"{finding.accounts - finding.best}/{others} ({finding.other_share:.0%})",
            f"{finding.lift:.1f}",
            f"{finding.shrunk_lift:.1f}",
            format_p(finding.p_value),
            "" if finding.q_value is None else format_p(finding.q_value),
            finding.verdict,
        )
    return table


def _enrich_missing(missing: list[str], db: Path, replay: Path | None, no_llm: bool) -> None:
    from agent.batch import run_enrich
    from agent.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        accounts = Path(folder) / "missing.csv"
        with open(accounts, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["domain"])
            writer.writerows([domain] for domain in missing)
        click.echo(f"researching {len(missing)} accounts missing from the store …", err=True)
        settings = Settings.load({"db": db, "replay": replay, "no_llm": no_llm})
        summary = run_enrich(accounts, settings)
        click.echo(f"researched: {dict(summary.counts)}", err=True)


@click.command("discover")
@click.argument("customers", type=ExistingFile)
@db_option
@click.option("--out", type=PathType, help="Write the draft ICP file (TOML) here.")
@click.option("--name", default="Discovered ICP", show_default=True, help="Name of the draft ICP.")
@click.option(
    "--top-share",
    type=click.FloatRange(0.01, 1.0),
    default=0.2,
    show_default=True,
    help="Best customers = this share of won accounts with the highest value.",
)
@click.option("--keep-churned", is_flag=True, help="Count churned customers among the best.")
@click.option(
    "--max-cycle-days",
    type=click.FloatRange(0),
    help="Best customers also closed within this many days.",
)
@click.option(
    "--min-support",
    type=click.IntRange(1),
    default=5,
    show_default=True,
    help="Accounts an attribute needs before it can become a criterion.",
)
@click.option(
    "--alpha",
    type=click.FloatRange(0, 1),
    default=0.05,
    show_default=True,
    help="False discovery rate for an attribute to count as distinctive.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="Attributes shown in the table.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--enrich", is_flag=True, help="First research CRM accounts not in the store.")
@click.option("--replay", type=ExistingFile, help="With --enrich: answer requests from a WARC.")
@click.option("--no-llm", is_flag=True, help="With --enrich: deterministic extractors only.")
@crm_options
def discover_command(
    customers: Path,
    db: Path,
    out: Path | None,
    name: str,
    top_share: float,
    keep_churned: bool,
    max_cycle_days: float | None,
    min_support: int,
    alpha: float,
    limit: int,
    as_json: bool,
    enrich: bool,
    replay: Path | None,
    no_llm: bool,
    **crm: object,
) -> None:
    """Find what distinguishes your best customers and draft an ICP file from it.

    CUSTOMERS is a CRM export of customers or closed deals: a domain, an outcome (won/lost),
    a value (LTV or ACV), churned, sales-cycle days and close date; columns are found by their
    HubSpot, Salesforce or usual names or named with --domain-column, --outcome-column,
    --value-column ... The export's own columns (Industry, Number of Employees, Country/Region,
    Annual Revenue and any other short-list or numeric column) are attributes beside the
    research in the store, so an export with no research at all is analysed too (--enrich
    researches the missing accounts first). Every attribute gets counts, lift, shrunk lift, a
    Fisher exact p-value and a q-value; the draft ICP (--out) holds only the distinctive ones,
    in the five dimensions (firmographics, technographics, behavioural, needs, growth), each
    commented with its evidence. Markup and libraries (Open Graph, jQuery) are never criteria.

    Examples:
        icp discover customers.csv --out icp.draft.toml

        icp discover deals.csv --value-column ACV --outcome-column Stage --won "closed won"

        icp discover customers.csv --enrich --replay crm-sites.warc.gz --json | jq '.findings[0]'

        icp discover hubspot-deals.csv --out icp.draft.toml   # no research needed
    """
    outcomes = read_outcomes(customers, pop_crm_options(crm))
    store = Store(db)
    try:
        missing = [d for d in outcomes if not store.has_account(d)]
        if enrich and missing:
            store.close()
            _enrich_missing(missing, db, replay, no_llm)
            store = Store(db)
        records = {r["domain"]: r for r in store.iter_records()}
    finally:
        store.close()
    options = DiscoverOptions(
        top_share=top_share,
        keep_churned=keep_churned,
        max_cycle_days=max_cycle_days,
        min_support=min_support,
        alpha=alpha,
    )
    discovery = discover(records, outcomes, options)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "population": discovery.population,
                    "best": discovery.best_total,
                    "won": discovery.won,
                    "lost": discovery.lost,
                    "best_definition": discovery.best_definition,
                    "small_sample": discovery.small_sample,
                    "findings": [f.as_dict() for f in discovery.findings],
                    "segments": [s.as_dict() for s in discovery.segments],
                    "missing": discovery.missing,
                    "notes": discovery.notes,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        Console().print(findings_table(discovery, limit))
        click.echo(f"best customers: {discovery.best_definition}")
    for note in discovery.notes:
        click.echo(f"note: {note}", err=True)
    if out is None:
        if discovery.distinctive:
            click.echo("add --out icp.draft.toml to write the draft ICP file", err=True)
        return
    if not discovery.distinctive:
        raise click.ClickException("nothing distinctive to draft: no file written")
    text = draft_icp(
        discovery,
        name=name,
        source=customers.name,
        industries=observed_industries(list(records.values())),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"wrote the draft ICP ({len(discovery.distinctive)} criteria) to {out}", err=True)
