"""`icp eval`: run enrichment on a labelled set and report accuracy figures."""

from __future__ import annotations

import json
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from agent.commands.options import ExistingFile, PathType
from agent.commands.output_options import LegacyJsonPath, deprecated, legacy_json_path_option
from agent.errors import ConfigError, InputError
from agent.evaluation.archive import ArchiveIndex
from agent.evaluation.compare import check_thresholds, evaluate, figures
from agent.evaluation.modes import has_reconciliation, mode_figures
from agent.evaluation.report import render, report_document, write_json
from tools.web.archive import WarcArchive


def read_jsonl(path: Path, what: str) -> list[dict[str, Any]]:
    """Read a JSON-lines file of objects; raise `InputError` naming the bad line."""
    rows = []
    with path.open(encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}: line {number}: not JSON ({exc})") from None
            if not isinstance(row, dict) or "domain" not in row:
                raise InputError(f"{path}: line {number}: {what} need an object with `domain`")
            rows.append(row)
    return rows


def read_thresholds(path: Path) -> dict[str, dict[str, float]]:
    """Read a thresholds TOML file with `[min]` and `[max]` tables of figures."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"min", "max"}
    if unknown:
        raise ConfigError(f"{path}: unknown table(s) {sorted(unknown)}; use [min] and [max]")
    return {bound: dict(data.get(bound, {})) for bound in ("min", "max")}


def _enrich(options: dict[str, Any], folder: Path) -> tuple[Path, list[str]]:
    """Run the batch into `folder`; return the results path and the URLs requested."""
    from agent.batch import run_enrich  # the heavy pipeline, only when needed
    from agent.settings import Settings

    results = options.pop("keep_results") or folder / "results.jsonl"
    record = folder / "requests.warc.gz"
    accounts = options.pop("accounts")
    settings = Settings.load({"out": results, "record": record, "refresh": True, **options})
    summary = run_enrich(accounts, settings)
    for step in summary.skipped_steps:
        click.echo(f"note: skipped {step}.", err=True)
    requested = [response.url for response in WarcArchive.load(record)]
    return results, requested


@click.argument("labels", type=ExistingFile)
@click.option("--replay", type=ExistingFile, required=True,
              help="WARC archive every request is answered from.")
@click.option("--accounts", type=ExistingFile, help="Accounts CSV to enrich.")
@click.option("--icp", "icp_path", type=ExistingFile, help="ICP definition (TOML).")
@click.option("--db", type=PathType, default=None,
              help="Store to use (default: a temporary database).")
@click.option("--notes", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Interview notes folder (for pains recall).")
@click.option("--no-llm", is_flag=True, help="Deterministic extractors only.")
@click.option("--json", "as_json", is_flag=True,
              help="Print figures and details as JSON to stdout (tables go to stderr).")
@click.option("--out", type=PathType,
              help="Write figures and details here (JSON).")  # fmt: skip
@legacy_json_path_option("--out FILE.json (or --json for stdout)")
@click.option("--thresholds", "thresholds_path", type=ExistingFile,
              help="TOML with [min]/[max] figures; exit 1 when one is out of bounds.")
@click.option("--results", "results_path", type=ExistingFile,
              help="Evaluate this results.jsonl instead of running enrichment.")
@click.option("--keep-results", type=PathType,
              help="Keep the enrichment's results.jsonl here.")  # fmt: skip
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Accounts researched at once.")
@click.option("--quiet-mismatches", is_flag=True, help="Do not list each disagreement.")
def run_eval(
    labels: Path, replay: Path, accounts: Path | None, icp_path: Path | None, db: Path | None,
    notes: Path | None, no_llm: bool, as_json: bool, out: Path | None, json_path: Path | None,
    thresholds_path: Path | None, results_path: Path | None, keep_results: Path | None,
    concurrency: int, quiet_mismatches: bool,
) -> None:  # fmt: skip
    """Enrich the accounts from an archive and compare the results with LABELS.

    Every request is answered from --replay, so runs are repeatable and offline. The figures:
    firmographics accuracy per field, hallucination rate, technographics precision, recall and
    "mentioned but not used" traps, hiring open_roles and per-function error, specialized
    answers, evidence validity (quotes found in the archived page), score MAE and tier
    agreement, interview pains recall (with --notes), and requests to robots-disallowed URLs.
    With an LLM configured, firmographics are also reported for each reader alone: rules only,
    LLM only (its grounded proposals) and combined (what the reconciler kept).
    With --thresholds the exit code is 1 when a figure is out of bounds. The store defaults to
    a temporary database, so an evaluation never mixes with your research.

    Examples:

    \b
        icp eval evalset/labels.jsonl --replay evalset/evalset.warc.gz \\
            --accounts evalset/accounts.csv --icp evalset/icp.toml --no-llm

    \b
        icp eval evalset/labels.jsonl --replay evalset/evalset.warc.gz \\
            --accounts evalset/accounts.csv --icp evalset/icp.toml --no-llm \\
            --out eval.json --thresholds evalset/thresholds.toml

    \b
        icp eval evalset/labels.jsonl --replay evalset/evalset.warc.gz \\
            --results results.jsonl --json | jq .figures
    """  # noqa: D301 - click's \b markers keep the examples unwrapped
    if out is not None and out.suffix.lower() == ".jsonl":
        # before the one output convention, --out kept the enrichment's results.jsonl
        deprecated("`--out RESULTS.jsonl`", "--keep-results RESULTS.jsonl")
        keep_results, out = keep_results or out, None
    label_rows = read_jsonl(labels, "labels")
    thresholds = read_thresholds(thresholds_path) if thresholds_path else {}
    archive = ArchiveIndex(WarcArchive.load(replay))
    requested: list[str] | None = None
    with tempfile.TemporaryDirectory(prefix="icp-eval-") as folder:
        if results_path is None:
            if accounts is None:
                raise click.UsageError("give --accounts (to run enrichment) or --results")
            click.echo(f"researching {accounts} from {replay} ...", err=True)
            options = dict(accounts=accounts, icp=(icp_path,) if icp_path else (),
                           db=db or Path(folder) / "eval.db",
                           keep_results=keep_results, notes=notes, replay=replay, no_llm=no_llm,
                           concurrency=concurrency)  # fmt: skip
            results_path, requested = _enrich(options, Path(folder))
        results = read_jsonl(results_path, "results")
        # pains are measured when notes were given, or when given results carry needs
        measure_pains = notes is not None or any(row.get("needs") for row in results)
        report = evaluate(results, label_rows, archive=archive, requested_urls=requested,
                          measure_pains=measure_pains)  # fmt: skip
    if has_reconciliation(results):  # read by the LLM too: measure each reader alone
        report["modes"] = mode_figures(results, label_rows)
    report["failures"] = check_thresholds(figures(report), thresholds) if thresholds else []
    console = Console(stderr=True) if as_json else None
    render(report, thresholds, show_mismatches=not quiet_mismatches, console=console)
    document = report_document(report, thresholds)
    for path in (out, json_path):
        if path is not None:
            write_json(path, document)
            click.echo(f"wrote {path}", err=True)
    if as_json:
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    if report["failures"]:
        raise SystemExit(1)


# -h as well as --help, also when the command is invoked on its own (tests, other groups)
eval_command = click.command(
    "eval", cls=LegacyJsonPath, context_settings={"help_option_names": ["-h", "--help"]}
)(run_eval)
