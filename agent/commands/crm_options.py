"""Options and helpers shared by the analytics commands (discover, report, calibrate ...)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from agent.analytics.crm import LOST_VALUES, WON_VALUES, CrmAccount, CrmColumns, read_crm
from agent.errors import ConfigError
from agent.icp import ICP
from agent.icp_names import check_icp_name
from agent.overrides import active_overrides, apply_overrides
from agent.scoring import score_record
from store.db import Store

COLUMN_ROLES = {
    "domain": "the account's domain or website",
    "outcome": "won / lost (e.g. a deal stage)",
    "value": "LTV or ACV",
    "churned": "yes/no: the customer churned",
    "cycle": "sales-cycle length in days",
    "close-date": "close date (YYYY-MM-DD)",
}


def crm_options(function):
    """Add `--<role>-column` options mapping CRM column names, `--won`/`--lost` and `--since`."""
    for role, words in reversed(COLUMN_ROLES.items()):
        function = click.option(
            f"--{role}-column",
            f"{role.replace('-', '_')}_column",
            metavar="NAME",
            help=f"Column with {words}.",
        )(function)
    function = click.option(
        "--won",
        "won_values",
        metavar="VALUES",
        help="Comma-separated outcome values meaning won (default: won, closed won, …).",
    )(function)
    function = click.option(
        "--lost",
        "lost_values",
        metavar="VALUES",
        help="Comma-separated outcome values meaning lost.",
    )(function)
    function = click.option(
        "--since",
        type=click.DateTime(["%Y-%m-%d"]),
        help="Only accounts closed on or after this date.",
    )(function)
    return function


def _values(text: str | None, default: frozenset[str]) -> frozenset[str]:
    if not text:
        return default
    return frozenset(" ".join(v.strip().lower().replace("_", " ").split()) for v in text.split(","))


def read_outcomes(path: Path, options: dict[str, Any]) -> dict[str, CrmAccount]:
    """Read the CRM export named on the command line; report row problems to stderr."""
    columns = CrmColumns(
        domain=options.get("domain_column"),
        outcome=options.get("outcome_column"),
        value=options.get("value_column"),
        churned=options.get("churned_column"),
        cycle_days=options.get("cycle_column"),
        close_date=options.get("close_date_column"),
        won_values=_values(options.get("won_values"), WON_VALUES),
        lost_values=_values(options.get("lost_values"), LOST_VALUES),
    )
    data = read_crm(path, columns)
    for problem in data.problems[:10]:
        click.echo(f"  {problem}", err=True)
    if len(data.problems) > 10:
        click.echo(f"  … and {len(data.problems) - 10} more problems", err=True)
    used = ", ".join(f"{role}={name}" for role, name in data.columns.items() if name)
    click.echo(f"{path}: {data.rows} rows, {len(data.accounts)} accounts ({used})", err=True)
    since = options.get("since")
    accounts = data.accounts
    if since is not None:
        cutoff: date = since.date()
        accounts = {
            d: a for d, a in accounts.items() if not a.close_dates or max(a.close_dates) >= cutoff
        }
    return accounts


CRM_OPTION_NAMES = (
    "domain_column",
    "outcome_column",
    "value_column",
    "churned_column",
    "cycle_column",
    "close_date_column",
    "won_values",
    "lost_values",
    "since",
)


def pop_crm_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Remove the CRM options from a command's keyword arguments and return them."""
    return {name: kwargs.pop(name, None) for name in CRM_OPTION_NAMES}


def scored_records(
    store: Store, icp: ICP | None = None, icp_name: str | None = None
) -> tuple[list[dict[str, Any]], str]:
    """Return stored records with `score` (fresh from `icp`, else stored) and overrides laid on."""
    records = list(store.iter_records())
    if icp is not None:
        for record in records:
            record["score"] = score_record(icp, record).model_dump(mode="json")
        name = icp.name
    else:
        names = store.icp_names()
        if icp_name is None:
            if len(names) != 1:
                raise ConfigError(
                    "give --icp ICP.toml"
                    + (f" (the store has scores for: {', '.join(names)})" if names else "")
                )
            icp_name = names[0]
        icp_name = check_icp_name(icp_name, names)
        name = icp_name
        stored = store.scores_of_icp(name)
        for record in records:
            if (score := stored.get(record["domain"])) is not None:
                record["score"] = score.model_dump(mode="json")
    apply_overrides(records, active_overrides(store, name), [icp] if icp else [])
    return records, name
