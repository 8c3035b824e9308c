"""`icp onepager`: the ICP as a one-page brief (Markdown or HTML) for sales and marketing."""

from __future__ import annotations

from pathlib import Path

import click

from agent.analytics.onepager import build_brief, render_html, render_markdown
from agent.commands.crm_options import scored_records
from agent.commands.options import ExistingFile, PathType, db_option
from agent.commands.output_options import output_format, write_text
from agent.icp import load_icp
from store.db import Store


@click.command("onepager")
@click.option("--icp", "icp_path", type=ExistingFile, required=True, help="ICP file (TOML).")
@db_option
@click.option("--out", type=PathType, help="Write .md or .html (by suffix); default: stdout.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]),
              help="Format (default: from --out's suffix, else md).")  # fmt: skip
@click.option(
    "--examples",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Example accounts per tier.",
)
def onepager_command(
    icp_path: Path, db: Path, out: Path | None, fmt: str | None, examples: int
) -> None:
    """Write the ICP as a one-page brief: criteria in plain words, tiers, examples, pains.

    Tier counts and example accounts come from the store (scored with the ICP file, manual
    overrides applied); top pains come from interview notes when accounts have `needs`.

    Examples:
        icp onepager --icp icp.toml

        icp onepager --icp icp.toml --out icp-brief.html

        icp onepager --icp icp.toml --db icp.db --out icp-brief.md --examples 5
    """
    icp = load_icp(icp_path)
    records: list[dict] = []
    if db.exists():
        store = Store(db)
        try:
            records, _ = scored_records(store, icp)
        finally:
            store.close()
    else:
        click.echo(f"note: no store at {db}; the brief has no tier counts or examples", err=True)
    brief = build_brief(icp, records, examples_per_tier=examples)
    chosen = output_format(out, fmt, {".html": "html", ".htm": "html"}, "md")
    text = render_html(brief) if chosen == "html" else render_markdown(brief)
    if out is None:
        click.echo(text, nl=False)
        return
    write_text(out, text)
