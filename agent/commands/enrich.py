"""`icp enrich`: research accounts and score them."""

from __future__ import annotations

import heapq
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from agent.commands.options import Duration, ExistingFile, PathType, db_option
from agent.output import print_table
from agent.progress import BatchProgress, Mode, count_rows
from agent.settings import Settings

TABLE_ROWS = 50

if TYPE_CHECKING:
    from agent.batch import BatchSummary


def report_summary(summary: BatchSummary, out: Path | None, db: Path) -> None:
    """Print what a batch did to stderr."""
    counts = summary.counts
    click.echo(
        f"done: {counts.get('ok', 0)} ok ({counts.get('partial', 0)} partial), "
        f"{counts.get('error', 0)} error"
        + (f", {counts['reused']} reused from the store" if counts.get("reused") else "")
        + (f", {counts['duplicate']} duplicate rows" if counts.get("duplicate") else "")
        + f"; {summary.requests} HTTP requests, {summary.cache_hits} from the HTTP cache"
        + (f", {summary.retries} retried" if summary.retries else "")
        + f"; run #{summary.run_id}",
        err=True,
    )
    for problem in summary.problems:
        click.echo(f"  input problem: {problem}", err=True)
    for error, count in summary.errors.most_common(5):
        click.echo(f"  top error ({count}×): {error}", err=True)
    click.echo(f"longest event-loop stall: {summary.longest_stall * 1000:.0f} ms", err=True)
    if summary.ray_workers:
        nodes = {worker.rsplit(":", 1)[0] for worker in summary.ray_workers}
        click.echo(f"researched by {len(summary.ray_workers)} Ray worker processes on "
                   f"{len(nodes)} node(s)", err=True)  # fmt: skip
    click.echo(f"store: {db}" + (f"; results: {out}" if out else ""), err=True)


def announce_skipped(summary_steps: list[str]) -> None:
    """Say once, clearly, which steps are skipped in this run."""
    for step in summary_steps:
        click.echo(f"note: skipped {step}; deterministic extractors only.", err=True)


@click.command("enrich")
@click.argument("accounts", type=ExistingFile)
@click.option("--domain-column", metavar="NAME",
              help="Column holding the domain or website (default: found by its usual "
                   "names, e.g. domain, Company Domain Name, Website URL, Website).")  # fmt: skip
@click.option("--icp", "icp_paths", type=ExistingFile, multiple=True,
              help="ICP file (TOML); repeat for several (best fit wins).")  # fmt: skip
@db_option
@click.option("--out", type=PathType, help="results.jsonl or results.csv (by suffix).")
@click.option("--format", "out_format", type=click.Choice(["jsonl", "csv"]),
              help="Format of --out (default: from its suffix, else jsonl).")  # fmt: skip
@click.option("--notes", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of interview notes (.md .txt .vtt .docx).")  # fmt: skip
@click.option("--replay", type=ExistingFile, help="Answer every request from this WARC.")
@click.option("--record", type=PathType, help="Record every response into this WARC.")
@click.option("--concurrency", type=click.IntRange(1, 256),
              help="Accounts researched at once.  [default: $ICP_CONCURRENCY or 16]")
@click.option("--per-host-delay", type=click.FloatRange(0),
              help="Seconds between requests to one host (robots.txt Crawl-delay can raise it)."
                   "  [default: $ICP_PER_HOST_DELAY or 0.5]")
@click.option("--per-host-concurrency", type=click.IntRange(1, 16),
              help="Requests open at once to one host.  [default: $ICP_PER_HOST_CONCURRENCY or 2]")
@click.option("--workers", type=click.IntRange(0, 256),
              help="Processes that parse pages and extract facts (0 = the main process)."
                   "  [default: $ICP_WORKERS or one per core]")  # fmt: skip
@click.option("--ray", metavar="ADDRESS|auto|local",
              help="Research on a Ray cluster: its address, auto (the one `ray start` runs "
                   "here) or local (start one).  [default: $ICP_RAY_ADDRESS or this machine "
                   "alone; needs pip install \"icp-agent[ray]\"]")  # fmt: skip
@click.option("--ray-chunk", type=click.IntRange(1, 256),
              help="Accounts per Ray task.  [default: $ICP_RAY_CHUNK or --concurrency ÷ "
                   "the cluster's CPUs]")
@click.option("--ca-bundle", type=ExistingFile,
              help="Also trust the CA certificates in this PEM file (a staging or loopback "
                   "farm).  [default: $ICP_CA_BUNDLE]")
@click.option("--no-llm", is_flag=True, help="Deterministic extractors only.")
@click.option("--refresh", is_flag=True, help="Re-research accounts already in the store.")
@click.option("--allow-private-network", is_flag=True,
              help="Allow fetching private/loopback addresses (off by default).")  # fmt: skip
@click.option("--max-age", type=Duration(), default=None,
              help="Re-research stored accounts older than this, e.g. 30d.")  # fmt: skip
@click.option("--llm-model", help="LLM model name.  [default: $ICP_LLM_MODEL or gpt-4o-mini]")
@click.option("--llm-base-url",
              help="OpenAI-compatible endpoint.  [default: $OPENAI_BASE_URL]")  # fmt: skip
@click.option("--no-redact", is_flag=True,
              help="Send notes to the LLM unredacted (default: PII removed).")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option("--json-logs", is_flag=True, help="One JSON line per account on stderr.")
@click.option("--max-pages", type=click.IntRange(1, 50),
              help="Page budget per account.  [default: $ICP_MAX_PAGES or 12]")  # fmt: skip
@click.option("--account-timeout", type=click.FloatRange(1, None),
              help="Seconds one account may take; then it gets an error row and the batch "
                   "goes on.  [default: $ICP_ACCOUNT_TIMEOUT or 600]")  # fmt: skip
@click.option("--json", "as_json", is_flag=True,
              help="Print results as JSON lines to stdout (default: a ranked table).")  # fmt: skip
def enrich_command(accounts: Path, quiet: bool, json_logs: bool, as_json: bool,
                   **flags: Any) -> None:  # fmt: skip
    """Research every account in ACCOUNTS (a CSV or CRM export) and score it.

    ACCOUNTS needs a domain or website column: `domain`, HubSpot's `Company Domain Name` or
    `Website URL`, Salesforce's `Website`, or the one named with --domain-column.

    Results go to the store (--db) and to stdout: a ranked table, or JSON lines with --json;
    --out writes every row to a file instead (one line per input row, in input order; the
    format from its suffix or --format).
    Accounts already in the store are re-scored, not re-researched, unless --refresh or
    their research is older than --max-age. A killed batch resumes where it stopped.

    Examples:
        icp enrich accounts.csv --icp icp.toml --out results.jsonl

        icp enrich accounts.csv --replay sample.warc.gz --out results.csv --no-llm

        icp enrich accounts.csv --record today.warc.gz --concurrency 8

        icp enrich accounts.csv --json | jq .score.tier

        icp enrich hubspot-companies.csv --domain-column "Website URL" --out results.csv

        icp enrich accounts.csv --ray auto --concurrency 64 --out results.jsonl
    """
    flags["icp"] = flags.pop("icp_paths")
    settings = Settings.load(flags)
    if settings.ray is not None:
        from agent.cluster.connect import require_ray  # says how to install Ray, imports none

        require_ray()
    mode: Mode = "quiet" if quiet else "json" if json_logs else "bar"
    with BatchProgress(count_rows(accounts), mode) as progress:
        # the research pipeline (LangGraph, the LLM client) loads only when a batch runs
        from agent.batch import run_enrich

        shown = StdoutResults(as_json) if settings.out is None or as_json else None
        summary = run_enrich(accounts, settings, on_result=progress.update,
                             on_record=shown.add if shown else None)  # fmt: skip
    if not quiet:
        announce_skipped(summary.skipped_steps)
        report_summary(summary, settings.out, settings.db)
        if summary.llm_ledger is not None:
            click.echo(summary.llm_ledger.summary(), err=True)
    if shown is not None:
        shown.close()


class StdoutResults:
    """Results on stdout when no --out is given: JSON lines as they come, or the ranked table."""

    def __init__(self, as_json: bool, rows: int = TABLE_ROWS):
        self.as_json = as_json
        self.rows = rows
        self.count = 0
        self.top: list[tuple[float, int, dict[str, Any]]] = []

    def add(self, record: dict[str, Any]) -> None:
        """Print a record (JSON) or keep it if it is among the best (table)."""
        self.count += 1
        if self.as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
            return
        item = ((record.get("score") or {}).get("total") or 0.0, -self.count, record)
        if len(self.top) < self.rows:
            heapq.heappush(self.top, item)
        else:
            heapq.heappushpop(self.top, item)

    def close(self) -> None:
        """Print the ranked table of the best records (nothing more to do for JSON)."""
        if self.as_json or not self.top:
            return
        print_table([record for _, _, record in self.top])
        if self.count > self.rows:
            click.echo(f"(the table shows the best {self.rows}; --out writes every row)", err=True)
