"""The ICP dashboard in the terminal: rich tables of the same figures as the HTML report."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from agent.analytics.figures import Report
from agent.analytics.report_hints import empty_panel_hints
from agent.analytics.report_html import GROUP_HEADERS, format_days, format_money, format_percent


def report_tables(report: Report) -> list[Table]:
    """Return the dashboard as rich tables for the terminal."""
    tiers = Table(title=f"ICP report: {report.icp} ({report.accounts} accounts)")
    for header in GROUP_HEADERS:
        tiers.add_column(header, justify="left" if header == "group" else "right")
    for group in [*report.tiers, *report.icp_groups, report.overall]:
        interval = group.win_rate_interval
        ci = f" ({interval[0]:.0%}–{interval[1]:.0%})" if interval else ""
        tiers.add_row(
            group.name,
            str(group.accounts),
            f"{group.won}/{group.closed}",
            format_percent(group.win_rate) + ci,
            format_money(group.revenue),
            format_money(group.average_deal),
            format_days(group.median_cycle),
        )
    tables = [tiers]
    if report.deciles:
        deciles = Table(
            title="Calibration: win rate by score decile "
            f"(AUC {'–' if report.auc is None else f'{report.auc:.2f}'})"
        )
        for header in ("decile", "score", "decided", "won", "win rate"):
            deciles.add_column(header, justify="right")
        for d in report.deciles:
            deciles.add_row(
                d.name,
                f"{d.low_score:.1f}–{d.high_score:.1f}",
                str(d.closed),
                str(d.won),
                format_percent(d.win_rate),
            )
        tables.append(deciles)
    coverage = Table(title=f"Coverage: {report.overall_coverage:.0%} of fields known")
    coverage.add_column("field")
    coverage.add_column("known", justify="right")
    for item in report.coverage:
        coverage.add_row(item.field, f"{item.known}/{item.total} ({item.share:.0%})")
    tables.append(coverage)
    return tables


def print_report(report: Report, console: Console | None = None) -> None:
    """Print the dashboard tables (and its notes) to the terminal."""
    console = console or Console()
    for table in report_tables(report):
        console.print(table)
    for note in report.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    for hint in empty_panel_hints(report):
        console.print(f"[cyan]to fill:[/cyan] {hint}")
