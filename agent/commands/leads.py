"""`icp leads`: score contacts (persona, account fit, engagement, buying committee), route them."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from agent.commands.options import ExistingFile, PathType, db_option
from agent.errors import ConfigError
from agent.leads.lead_output import FORMATS, format_for
from agent.leads.run import LeadsOptions, LeadsSummary, run_leads

_COLUMN_ROLES = ("email", "first_name", "last_name", "title", "company", "website")


def default_icp(given: Path | None) -> Path:
    """Return the ICP file to use: the one given, else ./icp.toml, else an error."""
    if given is not None:
        return given
    if Path("icp.toml").is_file():
        return Path("icp.toml")
    raise ConfigError("give --icp ICP.toml (personas and lead routing live in the ICP file)")


def leads_table(lines: list[dict], limit: int = 50) -> Table:
    """Return a table of scored leads, best first."""
    table = Table(title="Leads", show_lines=False)
    for column in ("lead", "title", "account", "persona", "score", "route"):
        table.add_column(column, justify="right" if column == "score" else "left")
    ranked = sorted(lines, key=lambda line: -line["lead_score"])
    for line in ranked[:limit]:
        values = line["input"]
        who = line.get("email") or next((str(v) for v in values.values() if v), "")
        title = next((str(values[k]) for k in values if k.lower() in ("job title", "title")), "")
        account = line["account"] or {}
        shown = (
            f"{account['domain']} ({account['score']:g})" if account.get("known")
            else f"{account['domain']} (not stored)" if account else "—"
        )  # fmt: skip
        persona = (line["persona"] or {}).get("name", "—")
        table.add_row(who, title, shown, persona, f"{line['lead_score']:g}", line["route"])
    return table


def report(summary: LeadsSummary, out: Path | None) -> None:
    """Print what the run did to stderr."""
    routes = ", ".join(
        f"{summary.routes.get(r, 0)} {r}" for r in ("ae", "sdr", "nurture", "disqualify")
    )
    click.echo(
        f"leads: {summary.rows} contacts → {routes}; {summary.errors} unreadable rows, "
        f"{summary.without_company} without a usable company, {summary.unknown_accounts} at "
        f"accounts not in the store"
        + (f"; {summary.researched} accounts researched" if summary.researched else "")
        + (f"; written to {out}" if out else ""),
        err=True,
    )


@click.command("leads")
@click.argument("contacts", type=ExistingFile)
@click.option(
    "--icp", "icp_path", type=ExistingFile, help="ICP file with [[personas]] (default ./icp.toml)."
)
@db_option
@click.option("--out", type=PathType, help="leads.jsonl or leads.csv (by suffix; default stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="jsonl, csv, or a HubSpot contact / Salesforce Lead import file.")  # fmt: skip
@click.option("--enrich", is_flag=True, help="Research accounts missing from the store first.")
@click.option(
    "--replay", type=ExistingFile, help="With --enrich: answer every request from this WARC."
)
@click.option("--no-llm", is_flag=True, help="With --enrich: deterministic extractors only.")
@click.option(
    "--table", "show_table", is_flag=True, help="Also print a table of the best leads to stderr."
)
@click.option("--email-column", metavar="NAME", help="Column with the e-mail address.")
@click.option("--first-name-column", metavar="NAME", help="Column with the first name.")
@click.option("--last-name-column", metavar="NAME", help="Column with the last name.")
@click.option("--title-column", metavar="NAME", help="Column with the job title.")
@click.option("--company-column", metavar="NAME", help="Column with the company name.")
@click.option("--website-column", metavar="NAME", help="Column with the company website/domain.")
def leads_command(contacts: Path, icp_path: Path | None, db: Path, out: Path | None,
                  fmt: str | None, enrich: bool, replay: Path | None, no_llm: bool,
                  show_table: bool, **columns: str | None) -> None:  # fmt: skip
    """Score the contacts of a HubSpot/Salesforce export and route each one.

    Each contact is joined to its account (work e-mail domain, else the website column, else
    the company name matched against the store); free-mail and disposable domains are never
    companies. One line per contact, in input order: persona and why, account fit from the
    store, engagement, the lead score, the route and the reasons.

    Examples:
        icp leads contacts.csv --icp icp.toml --out leads.jsonl

        icp leads hubspot-contacts.csv --icp icp.toml --out leads.csv --table

        icp leads contacts.csv --icp icp.toml --enrich --format hubspot --out hubspot_import.csv

        icp leads leads.csv --icp icp.toml --title-column "Position" --format salesforce
    """
    options = LeadsOptions(
        contacts=contacts, icp=default_icp(icp_path), db=Path(os.fspath(db)), out=out,
        format=format_for(out, fmt), enrich=enrich, replay=replay, no_llm=no_llm,
        columns={role: columns.get(f"{role}_column") for role in _COLUMN_ROLES},
    )  # fmt: skip
    summary = run_leads(options, keep_lines=show_table)
    if show_table:
        console = Console(stderr=True)
        (console if console.is_terminal else Console(stderr=True, width=150)).print(
            leads_table(summary.lines)
        )
    report(summary, out)
