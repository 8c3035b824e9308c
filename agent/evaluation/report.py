"""Render an evaluation report: rich tables for people, one JSON document for CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from agent.evaluation.compare import figures

FIGURE_TITLES = {
    "field_accuracy": "Firmographics accuracy (labelled non-null)",
    "hallucination_rate": "Hallucination rate (value where label is null)",
    "technographics_precision": "Technographics precision",
    "technographics_recall": "Technographics recall",
    "technographics_business_precision": "Technographics precision, business tools",
    "technographics_business_recall": "Technographics recall, business tools",
    "trap_false_positive_rate": "Mentioned-not-used traps reported",
    "open_roles_exact_rate": "Hiring open_roles exact",
    "by_function_mae": "Hiring per-function MAE",
    "specialized_accuracy": "Specialized answers accuracy",
    "evidence_validity": "Evidence quotes found in archive",
    "score_mae": "Score MAE (points)",
    "tier_agreement": "Tier agreement",
    "pains_recall": "Interview pains recall",
    "robots_disallowed_requests": "Requests to robots-disallowed URLs",
}
MAX_MISMATCH_ROWS = 60


def _format(value: float | None, name: str = "") -> str:
    if value is None:
        return "n/a"
    if name.endswith(("mae", "requests")):
        return f"{value:g}"
    return f"{value:.1%}"


def _bound(name: str, thresholds: dict[str, dict[str, float]]) -> str:
    if name in thresholds.get("min", {}):
        return f">= {_format(thresholds['min'][name], name)}"
    if name in thresholds.get("max", {}):
        return f"<= {_format(thresholds['max'][name], name)}"
    return ""


def summary_table(report: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> Table:
    """Return the headline figures with their thresholds."""
    measured = figures(report)
    table = Table(title=f"icp eval: {report['accounts']} labelled accounts")
    for column in ("Figure", "Value", "Threshold", ""):
        table.add_column(column, justify="right" if column == "Value" else "left")
    failing = {line.split(":", 1)[0] for line in report.get("failures", [])}
    for name, title in FIGURE_TITLES.items():
        bound = _bound(name, thresholds)
        status = ("[red]FAIL[/red]" if name in failing else "[green]ok[/green]") if bound else ""
        table.add_row(title, _format(measured[name], name), bound, status)
    return table


def fields_table(report: dict[str, Any]) -> Table:
    """Return per-field accuracy of the firmographics."""
    table = Table(title="Firmographics by field")
    for column in ("Field", "Labelled", "Correct", "Accuracy"):
        table.add_column(column, justify="left" if column == "Field" else "right")
    for name, counts in report["fields"].items():
        table.add_row(name, str(counts["labelled"]), str(counts["correct"]),
                      _format(counts["accuracy"]))  # fmt: skip
    hiring = report["hiring"]
    for function, mae in hiring["by_function_mae"].items():
        table.add_row(f"hiring.{function} (MAE)", "", "", _format(mae, "mae"))
    return table


def modes_table(report: dict[str, Any]) -> Table:
    """Return field accuracy and hallucinations of rules only, LLM only and combined."""
    table = Table(title="Readers (firmographics): rules only, LLM only, combined")
    for column in ("Reader", "Field accuracy", "Values where the label is null"):
        table.add_column(column, justify="left" if column == "Reader" else "right")
    for mode, title in (("rules", "rules only"), ("llm", "LLM only"), ("combined", "combined")):
        figures_ = report["modes"][mode]
        table.add_row(title, _format(figures_["field_accuracy"]),
                      f"{figures_['hallucinations']} of {figures_['null_labels']}")  # fmt: skip
    return table


def mismatches_table(report: dict[str, Any], limit: int = MAX_MISMATCH_ROWS) -> Table:
    """Return the disagreements between results and labels (the first `limit`)."""
    mismatches = report["mismatches"]
    shown = mismatches[:limit]
    more = f" (first {limit} of {len(mismatches)})" if len(mismatches) > limit else ""
    table = Table(title=f"Disagreements{more}")
    for column in ("Domain", "Field", "Kind", "Expected", "Got"):
        table.add_column(column, overflow="fold")
    for item in shown:
        table.add_row(item["domain"], item["field"], item["kind"],
                      _short(item["expected"]), _short(item["got"]))  # fmt: skip
    return table


def _short(value: Any, width: int = 60) -> str:
    text = "" if value is None else json.dumps(value, ensure_ascii=False)
    text = text.strip('"') if isinstance(value, str) else text
    return text if len(text) <= width else text[: width - 1] + "…"


def render(
    report: dict[str, Any],
    thresholds: dict[str, dict[str, float]] | None = None,
    console: Console | None = None,
    show_mismatches: bool = True,
) -> None:
    """Print the report's tables to `console` (stdout by default)."""
    console = console or Console()
    thresholds = thresholds or {}
    console.print(summary_table(report, thresholds))
    console.print(fields_table(report))
    if report.get("modes"):
        console.print(modes_table(report))
    if show_mismatches and report["mismatches"]:
        console.print(mismatches_table(report))
    for failure in report.get("failures", []):
        console.print(f"[red]below threshold:[/red] {failure}")


def report_document(
    report: dict[str, Any], thresholds: dict[str, dict[str, float]] | None = None
) -> dict[str, Any]:
    """Return the JSON document of `--out` and `--json`: figures, thresholds, failures, details."""
    return {
        "figures": figures(report),
        "thresholds": thresholds or {},
        "failures": report.get("failures", []),
        "report": report,
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write the JSON document (UTF-8, indented, stable key order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
