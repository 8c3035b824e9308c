"""`icp demo`: the whole pipeline on the bundled offline sample (no network, no key)."""

from __future__ import annotations

import csv
import importlib.resources
import shutil
from pathlib import Path

import click

from agent.commands.enrich import report_summary
from agent.commands.leads import leads_table
from agent.commands.leads import report as report_leads
from agent.interviews.index import NotesIndex
from agent.interviews.report import render_synthesis
from agent.interviews.synthesis import segments_from_records, synthesize
from agent.leads.run import LeadsOptions, run_leads
from agent.output import ResultWriter, print_table, stdout_console
from agent.settings import Settings


def sample_path(name: str) -> Path:
    """Return the path of a file of the bundled sample."""
    return Path(str(importlib.resources.files("agent.sample").joinpath(name)))


@click.command("demo")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("icp-demo"), show_default=True,
              help="Where icp.db, results.jsonl/.csv and themes.md go.")  # fmt: skip
def demo_command(out_dir: Path) -> None:
    """Research and score the bundled sample companies, fully offline.

    Replays the sample's recorded websites and job boards (a WARC inside the package),
    scores them with the sample ICP, prints a ranked table and writes the results; then
    scores the sample's contacts (personas, buying committee, routes) into leads.csv.

    Examples:
        icp demo

        icp demo --out-dir /tmp/icp-demo && icp show --db /tmp/icp-demo/icp.db <domain>
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "icp.db"
    for stale in (db, out_dir / "icp.db-wal", out_dir / "icp.db-shm"):
        stale.unlink(missing_ok=True)
    notes = sample_path("notes")
    replay = sample_path("sample.warc.gz")
    settings = Settings.load(
        {
            "icp": (sample_path("icp.toml"),),
            "db": db,
            "out": out_dir / "results.jsonl",
            "notes": notes if notes.is_dir() else None,
            "replay": replay,
            "no_llm": True,
            "refresh": True,
        }
    )
    click.echo(f"icp demo: replaying {replay.name} (offline, no API key)", err=True)
    from agent.batch import run_enrich  # the research pipeline loads only when the demo runs

    summary = run_enrich(sample_path("accounts.csv"), settings, keep_records=True)
    with ResultWriter(out_dir / "results.csv") as writer:
        for record in summary.records:
            writer.write(record)
    print_table(summary.records)
    if settings.notes is not None:
        themes = out_dir / "themes.md"
        index = NotesIndex.load(settings.notes)
        synthesis = synthesize(index, segments_from_records(summary.records))
        themes.write_text(render_synthesis(synthesis), encoding="utf-8")
        click.echo(f"interview themes: {themes}", err=True)
    leads = run_leads(
        LeadsOptions(
            contacts=sample_path("contacts.csv"), icp=sample_path("icp.toml"), db=db,
            out=out_dir / "leads.csv", format="csv",
        ),  # fmt: skip
        keep_lines=True,
    )
    stdout_console().print(leads_table(leads.lines))
    click.echo(
        "note: the demo runs offline, so the LLM step is skipped; set OPENAI_BASE_URL and run "
        "`icp enrich` to use one.",
        err=True,
    )
    report_summary(summary, out_dir / "results.jsonl", db)
    click.echo(f"csv: {out_dir / 'results.csv'}", err=True)
    report_leads(leads, out_dir / "leads.csv")
    click.echo(try_next(out_dir), err=True)


def try_next(out_dir: Path) -> str:
    """Copy the sample's CRM export, contacts and ICP next to the store; return what to try."""
    for name in ("crm_deals.csv", "contacts.csv", "icp.toml"):
        shutil.copyfile(sample_path(name), out_dir / name)
    won = [
        row.get("Company Domain Name", "")
        for row in csv.DictReader((out_dir / "crm_deals.csv").open(encoding="utf-8"))
        if row.get("Deal Stage", "").strip().lower() == "closed won"
    ]
    with open(out_dir / "won_customers.csv", "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["domain"], *([d] for d in dict.fromkeys(won))])
    d = out_dir
    return "\n".join([
        f"try next (the sample's CRM export and contacts are in {d}/):",
        f"  icp report --db {d}/icp.db --outcomes {d}/crm_deals.csv --out {d}/report.html",
        f"  icp discover {d}/crm_deals.csv --db {d}/icp.db --min-support 3",
        f"  icp calibrate --icp {d}/icp.toml --db {d}/icp.db --outcomes {d}/crm_deals.csv "
        "--min-per-class 5",
        f"  icp lookalikes --seed {d}/won_customers.csv --db {d}/icp.db",
        f"  icp leads {d}/contacts.csv --icp {d}/icp.toml --db {d}/icp.db",
        f"  icp onepager --icp {d}/icp.toml --db {d}/icp.db --out {d}/onepager.html",
        f"  icp export --format hubspot --db {d}/icp.db --out {d}/hubspot_companies.csv",
    ])  # fmt: skip
