"""`icp override`: sales sets an account's tier or score with a reason; list and undo."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from agent.commands.options import db_option
from agent.errors import ConfigError, InputError
from agent.overrides import add_override, list_overrides, resolve_icp_name, undo_override
from store.db import Store


@click.command("override")
@click.argument("domain", required=False)
@click.option("--tier", help="Perfect, Strong, Moderate or Weak (Fit).")
@click.option("--score", type=click.FloatRange(0, 100), help="A total score (0–100).")
@click.option("--reason", default="", help="Why the model's score is wrong (required).")
@click.option("--icp", "icp_name", help="Name of the ICP (needed when several are scored).")
@click.option("--undo", is_flag=True, help="Undo the account's newest override.")
@click.option("--list", "show_list", is_flag=True, help="List the active overrides.")
@click.option("--all", "show_all", is_flag=True, help="With --list: include undone ones.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print JSON.")
@db_option
def override_command(
    domain: str | None,
    tier: str | None,
    score: float | None,
    reason: str,
    icp_name: str | None,
    undo: bool,
    show_list: bool,
    show_all: bool,
    as_json: bool,
    db: Path,
) -> None:
    """Override an account's tier or score by hand, with a reason; kept across re-scoring.

    The model's score stays in the store; the override is laid over it in results, exports
    and reports, with its reason and time. Undo brings back the previous state.

    Examples:
        icp override acme.com --tier strong --reason "Signed LOI, expanding to 3 teams"

        icp override acme.com --score 85 --icp "Mid-market B2B SaaS" --reason "Champion hired"

        icp override acme.com --undo

        icp override --list --all
    """
    store = Store(db)
    try:
        if show_list:
            overrides = list_overrides(store, include_undone=show_all, domain=domain)
            if as_json:
                click.echo(json.dumps([o.model_dump() for o in overrides], indent=2))
                return
            table = Table(title=f"Overrides ({'all' if show_all else 'active'})")
            for column in ("id", "account", "icp", "tier", "score", "reason", "when", "undone"):
                table.add_column(column, overflow="fold")
            for o in overrides:
                table.add_row(
                    str(o.id),
                    o.domain,
                    o.icp,
                    o.tier or "",
                    "" if o.score is None else f"{o.score:g}",
                    o.reason,
                    o.created_at,
                    o.undone_at or "",
                )
            Console().print(table)
            return
        if not domain:
            raise InputError("give a DOMAIN (or --list)")
        if undo:
            undone = undo_override(store, domain, icp_name)
            if undone is None:
                raise InputError(f"{domain}: no active override to undo")
            click.echo(
                f"undone override #{undone.id} of {undone.domain} ({undone.icp}): {undone.reason}"
            )
            return
        if tier is None and score is None:
            raise ConfigError("give --tier, --score, --undo or --list")
        bare = domain.lower().removeprefix("www.")
        if not store.has_account(bare):
            click.echo(
                f"note: {bare} is not in {db} yet; the override applies once it is", err=True
            )
        name = resolve_icp_name(store, bare, icp_name)
        override = add_override(store, domain, name, reason=reason, tier=tier, score=score)
    finally:
        store.close()
    what = " and ".join(
        part
        for part in (override.tier, None if override.score is None else f"score {override.score:g}")
        if part
    )
    click.echo(
        f"override #{override.id}: {override.domain} ({override.icp}) set to {what}: "
        f"{override.reason}"
    )
