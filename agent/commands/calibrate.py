"""`icp calibrate`: suggest ICP weights from won/lost outcomes; shows the diff, applies nothing."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from agent.analytics.calibrate import Calibration, Metrics, calibrate, suggested_text, unified_diff
from agent.commands.crm_options import crm_options, pop_crm_options, read_outcomes
from agent.commands.options import ExistingFile, PathType, db_option
from agent.commands.output_options import deprecated
from agent.icp import load_icp
from store.db import Store


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def metrics_table(result: Calibration) -> Table:
    """Return before/after predictive power on the held-out rows."""
    table = Table(title=f"Held-out accounts: {result.test_rows} (trained on {result.train_rows})")
    for column in ("", "AUC", "top-tier win rate", "top-fifth win rate"):
        table.add_column(column, justify="left" if not column else "right")

    def row(name: str, metrics: Metrics) -> None:
        table.add_row(
            name,
            "–" if metrics.auc is None else f"{metrics.auc:.3f}",
            f"{_rate(metrics.top_tier_win_rate)} ({metrics.top_tier_won}/"
            f"{metrics.top_tier_accounts})",
            f"{_rate(metrics.top_fifth_win_rate)} ({metrics.top_fifth_won}/"
            f"{metrics.top_fifth_accounts})",
        )

    row("current weights", result.before)
    row("suggested weights", result.after)
    return table


def _metrics(metrics: Metrics) -> dict[str, object]:
    return {
        "auc": metrics.auc,
        "top_tier_win_rate": metrics.top_tier_win_rate,
        "top_tier_accounts": metrics.top_tier_accounts,
        "top_fifth_win_rate": metrics.top_fifth_win_rate,
    }


@click.command("calibrate")
@click.option("--icp", "icp_path", type=ExistingFile, required=True, help="ICP file (TOML).")
@click.option(
    "--outcomes", type=ExistingFile, required=True, help="CRM export with won/lost outcomes."
)
@db_option
@click.option(
    "--l2",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="L2 penalty of the logistic regression (larger = closer to equal weights).",
)
@click.option(
    "--holdout",
    type=click.FloatRange(0.1, 0.5),
    default=0.3,
    show_default=True,
    help="Share of accounts held out to measure before/after.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the split.")
@click.option(
    "--min-per-class",
    type=click.IntRange(3),
    default=10,
    show_default=True,
    help="Won and lost accounts needed (fewer: a first look, not a result).",
)
@click.option(
    "--out",
    "write_path",
    type=PathType,
    help="Write the suggested ICP file (TOML) here (nothing is written without it).",
)
@click.option("--write", "legacy_write", type=PathType, hidden=True,
              help="Deprecated spelling of --out.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print figures and coefficients as JSON.")
@crm_options
def calibrate_command(
    icp_path: Path,
    outcomes: Path,
    db: Path,
    l2: float,
    holdout: float,
    seed: int,
    min_per_class: int,
    write_path: Path | None,
    legacy_write: Path | None,
    as_json: bool,
    **crm: object,
) -> None:
    """Suggest new ICP weights from won/lost outcomes and show what they would change.

    Fits an L2-regularized logistic regression of won/lost on the ICP's criteria (met or not),
    compares AUC and top-tier win rate of the current and suggested weights on held-out
    accounts (fixed seed), and prints the diff to the ICP file. Never applies it: --out PATH
    writes the suggested file, and only then.

    Examples:
        icp calibrate --icp icp.toml --outcomes crm.csv

        icp calibrate --icp icp.toml --outcomes crm.csv --out icp.calibrated.toml

        icp calibrate --icp icp.toml --outcomes deals.csv --won "closed won" --l2 5 --json
    """
    if legacy_write is not None:
        deprecated("`--write FILE`", "--out FILE")
        write_path = write_path or legacy_write
    icp = load_icp(icp_path)
    results = read_outcomes(outcomes, pop_crm_options(crm))
    store = Store(db, must_exist=True)
    try:
        records = list(store.iter_records())
    finally:
        store.close()
    won = {d: bool(a.won) for d, a in results.items() if a.won is not None}
    result = calibrate(
        icp, records, won, l2=l2, holdout=holdout, seed=seed, min_per_class=min_per_class
    )
    original = icp_path.read_text(encoding="utf-8")
    suggestion = suggested_text(original, result, str(icp_path))
    diff = unified_diff(original, suggestion, str(icp_path))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "rows": result.rows,
                    "won": result.won,
                    "train_rows": result.train_rows,
                    "test_rows": result.test_rows,
                    "before": _metrics(result.before),
                    "after": _metrics(result.after),
                    "coefficients": dict(zip(result.labels, result.coefficients, strict=True)),
                    "diff": diff,
                    "notes": result.notes,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        Console().print(metrics_table(result))
        click.echo(diff or "no change suggested")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        "note: the suggestion is refitted on all accounts; the held-out figures measure "
        "the same method fitted without the held-out ones",
        err=True,
    )
    if write_path is None:
        click.echo("nothing written; add --out PATH to save the suggested ICP file", err=True)
        return
    write_path.parent.mkdir(parents=True, exist_ok=True)
    write_path.write_text(suggestion, encoding="utf-8")
    click.echo(f"wrote the suggested ICP to {write_path}", err=True)
