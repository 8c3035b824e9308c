"""`icp interviews`: needs per account and cross-interview themes from a folder of notes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click

from agent.commands.options import PathType, db_option
from agent.commands.output_options import (
    LegacyJsonPath,
    legacy_json_path_option,
    output_format,
    write_text,
)
from agent.errors import InputError, StoreError
from agent.interviews.report import render_account, render_synthesis
from agent.interviews.synthesis import segments_from_records, synthesize
from agent.llm.costs import CostLedger
from agent.settings import Settings


def load_segments(db: Path) -> dict[str, dict[str, str]]:
    """Return {domain: {industry, size, tier}} from an existing store; {} without one."""
    if not db.is_file():
        return {}
    from store.db import Store

    store = Store(db, must_exist=True)
    try:
        return segments_from_records(store.iter_records(), store.latest_tiers())
    finally:
        store.close()


def _json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


@click.command("interviews", cls=LegacyJsonPath)
@click.argument("notes_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--account", help="Report one account's needs (its domain) instead of themes.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the report as JSON to stdout (default: Markdown).")  # fmt: skip
@click.option("--out", type=PathType,
              help="Write the report here: .md (Markdown) or .json, by suffix.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["md", "json"]),
              help="Format of --out (default: from its suffix, else md).")  # fmt: skip
@legacy_json_path_option("--out FILE.json (or --json for stdout)")
@db_option
@click.option("--no-llm", is_flag=True, help="Rules only, even when an LLM endpoint is set.")
@click.option(
    "--no-redact",
    is_flag=True,
    help="Send notes to the LLM as written (default: e-mails, phones, names redacted).",
)
@click.option("--llm-model", help="LLM model name.  [default: $ICP_LLM_MODEL or gpt-4o-mini]")
@click.option("--llm-base-url",
              help="OpenAI-compatible endpoint.  [default: $OPENAI_BASE_URL]")  # fmt: skip
def interviews_command(
    notes_dir: Path, account: str | None, as_json: bool, out: Path | None, fmt: str | None,
    json_path: Path | None, db: Path, no_llm: bool, no_redact: bool, llm_model: str | None,
    llm_base_url: str | None,
) -> None:  # fmt: skip
    """Synthesize interview notes (.md .txt .vtt .docx) into quoted pains and themes.

    Without an LLM: documented lexicon rules find pains (taxonomy category and severity),
    current tools, triggers, objections, decision process, budget and timeline in the
    customer's words only; every item quotes its note verbatim. A note belongs to an account
    when its name starts with the domain (acme.com_2024-03-01.md) or its front matter says
    `account: acme.com`. Segments (industry, size, tier) come from enriched accounts in --db
    when that database exists, else from front matter. Unreadable or empty notes are
    reported on stderr and skipped.

    With an LLM endpoint (OPENAI_BASE_URL or OPENAI_API_KEY; --no-llm to skip it) each note
    is also read by the model, which adds quoted items to the rules' (it never removes or
    re-grades them); its quotes must occur in the customer's words or they are dropped.
    Before anything is sent, e-mail addresses, phone numbers and person names are replaced by
    placeholders (--no-redact sends notes as written); reports keep the original quotes.
    Replies are cached in --db, so a rerun makes no calls.

    Examples:
        icp interviews notes/

        icp interviews notes/ --account acme.com

        icp interviews notes/ --out themes.md --db icp.db

        icp interviews notes/ --json | jq '.themes[0]'

        icp interviews notes/ --no-llm
    """
    settings = Settings.load({"notes": notes_dir, "db": db, "no_llm": no_llm,
                              "no_redact": no_redact, "llm_model": llm_model,
                              "llm_base_url": llm_base_url})  # fmt: skip
    use_llm = settings.llm_configured
    ledger = CostLedger()
    from agent.wiring import assess_notes  # loads the LLM client: only when run

    index = asyncio.run(assess_notes(settings, ledger))
    if use_llm:
        click.echo(ledger.summary(), err=True)
    elif not no_llm:
        click.echo("note: no LLM endpoint configured (set OPENAI_BASE_URL or OPENAI_API_KEY); "
                   "rule-based assessment only.", err=True)  # fmt: skip
    for problem in index.problems:
        click.echo(f"note: {problem}", err=True)
    if account:
        needs = index.needs_for(account)
        if needs is None:
            raise InputError(
                f"{account}: no interview notes in {notes_dir} (name a note "
                f"`{account}_<date>.md` or add the front matter line `account: {account}`)"
            )
        files = index.files_for(account)
        markdown = render_account(account, needs, files)
        report = {
            "account": account,
            "files": files,
            "needs": needs.model_dump(mode="json"),
            "assessments": [index.assessments[f].model_dump(mode="json") for f in files],
        }
    else:
        try:
            segments = load_segments(db)
        except StoreError as exc:
            click.echo(f"note: segments not read: {exc}", err=True)
            segments = {}
        report = synthesize(index, segments)
        report["needs"] = {
            domain: index.needs_for(domain).model_dump(mode="json")  # type: ignore[union-attr]
            for domain in index.accounts()
        }
        markdown = render_synthesis(report)
    if out is not None:
        chosen = output_format(out, fmt, {".json": "json", ".md": "md"}, "md")
        write_text(out, _json(report) if chosen == "json" else markdown)
    if json_path is not None:
        write_text(json_path, _json(report))
    if as_json:
        click.echo(_json(report), nl=False)
    elif out is None:
        click.echo(markdown, nl=False)
