"""`icp show`: one account's fields with evidence, and its score's reasons."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from agent.commands.options import db_option
from agent.errors import InputError
from agent.output import stdout_console
from store.db import Store


@click.command("show")
@click.argument("domain")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON.")
def show_command(domain: str, db: Path, as_json: bool) -> None:
    """Show what is known about DOMAIN: value, confidence, method, evidence, reasons.

    Examples:
        icp show acme.com

        icp show acme.com --json | jq .firmographics
    """
    store = Store(db, must_exist=True)
    try:
        record = store.load_record(domain.lower().removeprefix("www."))
        if record is None:
            raise InputError(f"{domain}: not in {db}")
        scores = store.scores_for(record["domain"])
        history = store.snapshots(record["domain"])
        signals = store.signal_feed(domain=record["domain"])
    finally:
        store.close()
    if as_json:
        record["scores"] = scores
        record["history"] = history
        record["signal_history"] = [
            {k: s[k] for k in ("type", "date", "summary", "evidence", "first_seen_at")}
            for s in signals
        ]
        click.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    console = stdout_console()
    table = Table(title=f"{record['domain']} ({record['status']})", show_lines=True)
    for column in ("field", "value", "conf.", "method", "evidence"):
        table.add_column(column, overflow="fold")
    fields = {f"firmographics.{k}": v for k, v in record["firmographics"].items()}
    fields.update({f"specialized.{k}": v for k, v in record.get("specialized", {}).items()})
    for path, field in fields.items():
        evidence = "\n".join(f"{e['url']}\n  “{e['quote']}”" for e in field["evidence"])
        value = "[dim]unknown[/dim]" if field["value"] is None else str(field["value"])
        table.add_row(path, value, f"{field['confidence']:.2f}", field["method"] or "", evidence)
    for tech in record.get("technographics", []):
        evidence = "\n".join(f"{e['url']}\n  “{e['quote']}”" for e in tech["evidence"][:2])
        table.add_row(
            f"technology ({tech['category']})", tech["name"], "", tech["method"], evidence
        )
    for person in record.get("buying_committee") or []:
        evidence = "\n".join(f"{e['url']}\n  “{e['quote']}”" for e in person["evidence"][:1])
        label = f"buying committee ({person['persona']})"
        table.add_row(label, f"{person['name']}, {person['title']}", "", "rule", evidence)
    hiring = record.get("hiring", {})
    summary = f"{hiring.get('open_roles')} open roles via {hiring.get('ats')}"
    by_function = json.dumps(hiring.get("by_function"))
    table.add_row("hiring", summary, "", hiring.get("status") or "", by_function)
    console.print(table)
    _print_signals(console, signals, history)
    for note in record.get("notes", []):
        console.print(f"[yellow]note:[/yellow] {note}")
    for score in scores:
        console.print(f"\n[bold]{score['icp']}[/bold]: {score['total']:.1f} {score['tier']} → "
                      f"{score['route']}")  # fmt: skip
        for name, dimension in score["dimensions"].items():
            console.print(f"  {name} (weight {dimension['weight']}): {dimension['score']:.0f}")
            for reason in dimension["reasons"]:
                console.print(f"    {reason}")


def _print_signals(console, signals: list[dict], history: list[dict]) -> None:
    """Print every signal seen for the account (newest first) and when it was researched."""
    if signals:
        console.print("\n[bold]Signals[/bold] (all research runs)")
        for signal in signals:
            source = signal["evidence"][0]["url"] if signal.get("evidence") else ""
            console.print(f"  {signal.get('date') or 'undated':10}  {signal['type']:20} "
                          f"{signal['summary']}  [dim]{source}[/dim]")  # fmt: skip
    if history:
        runs = ", ".join(h["researched_at"][:10] for h in history[-5:])
        more = f" (+{len(history) - 5} earlier)" if len(history) > 5 else ""
        console.print(f"\n[bold]Researched[/bold] {len(history)} times: {runs}{more}")
