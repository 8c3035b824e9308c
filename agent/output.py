"""Result writers (results.jsonl / results.csv) and the ranked terminal table."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from agent.errors import ConfigError
from agent.models import FIRMOGRAPHIC_FIELDS, JOB_FUNCTIONS, Score
from agent.overrides import override_columns
from agent.redaction import redact_in
from agent.scoring import top_reasons
from tools.technographics.business_tools import business_tools

CSV_COLUMNS = (
    ["domain", "status", "error", "score", "tier", "route", "icp"]
    + list(FIRMOGRAPHIC_FIELDS)
    + ["technologies", "ats", "open_roles"]
    + [f"hiring_{name}" for name in JOB_FUNCTIONS]
    + ["pains", "buying_committee", "top_reasons", "evidence_urls", "best_icp"]
    + ["override_reason", "override_at", "model_score", "model_tier"]
)


def flatten_record(record: dict[str, Any]) -> dict[str, Any]:
    """Flatten one contract record into CSV columns (input columns prefixed `input.`)."""
    score = record.get("score") or {}
    hiring = record.get("hiring") or {}
    by_function = hiring.get("by_function") or {}
    firmographics = record.get("firmographics") or {}
    urls: list[str] = []
    row: dict[str, Any] = {
        "domain": record["domain"],
        "status": record.get("status"),
        "error": record.get("error") or "",
        "score": score.get("total", ""),
        "tier": score.get("tier", ""),
        "route": score.get("route", ""),
        "icp": score.get("icp", ""),
    }
    for name in FIRMOGRAPHIC_FIELDS:
        field = firmographics.get(name) or {}
        row[name] = "" if field.get("value") is None else field["value"]
        urls.extend(e["url"] for e in field.get("evidence", []))
    row["technologies"] = "; ".join(t["name"] for t in business_tools(record))
    row["ats"] = hiring.get("ats") or ""
    row["open_roles"] = "" if hiring.get("open_roles") is None else hiring["open_roles"]
    for name in JOB_FUNCTIONS:
        row[f"hiring_{name}"] = by_function.get(name, "") if by_function else ""
    needs = record.get("needs") or {}
    row["pains"] = "; ".join(p["pain"] for p in needs.get("pains", []))
    row["buying_committee"] = "; ".join(
        f"{p['name']} ({p['title']}, {p['persona']})" for p in record.get("buying_committee") or []
    )
    reasons = [
        reason.removeprefix("met: ")
        for dimension in (score.get("dimensions") or {}).values()
        for reason in dimension.get("reasons", [])
        if reason.startswith("met: ")
    ]
    row["top_reasons"] = "; ".join(reasons[:5])
    row["evidence_urls"] = " ".join(dict.fromkeys(urls))
    row["best_icp"] = record.get("best_icp") or ""
    row.update(override_columns(record))
    for key, value in (record.get("input") or {}).items():
        row[f"input.{key}"] = value if isinstance(value, str) else json.dumps(value)
    return row


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def strict_json(value: Any) -> str:
    """Return `value` as standard JSON: NaN and Infinity (not JSON) are written as null."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(value), ensure_ascii=False, allow_nan=False)


class ResultWriter:
    """Write records to .jsonl or .csv (chosen by suffix), one per input row, streaming."""

    def __init__(self, path: str | Path | None, *, stream: IO[str] | None = None, fmt: str = ""):
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.format = fmt or ("csv" if self.path.suffix.lower() == ".csv" else "jsonl")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                stream = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                blocking = next((p for p in self.path.parents if p.exists()), None)
                reason = (f"{blocking} is not a folder" if blocking and not blocking.is_dir()
                          else exc.strerror or type(exc).__name__)  # fmt: skip
                raise ConfigError(f"{self.path}: cannot write the results: {reason}") from None
        else:
            self.format = fmt or "jsonl"
        assert stream is not None, "give a path or a stream"
        self._stream: IO[str] = stream
        self._csv: csv.DictWriter | None = None

    def write(self, record: dict[str, Any]) -> None:
        """Append one record."""
        record = redact_in(record)
        if self.format == "jsonl":
            self._stream.write(strict_json(record) + "\n")
        else:
            row = flatten_record(record)
            if self._csv is None:
                extra = [k for k in row if k not in CSV_COLUMNS]
                self._csv = csv.DictWriter(
                    self._stream, list(CSV_COLUMNS) + extra, extrasaction="ignore"
                )
                self._csv.writeheader()
            self._csv.writerow(row)
        self._stream.flush()

    def close(self) -> None:
        """Close the file (a stream passed in is only flushed)."""
        if self.path is not None:
            self._stream.close()
        else:
            self._stream.flush()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_HIRING_STATUS = {
    "no_open_roles": "no open roles",
    "board_not_found": "board not found",
    "fetch_failed": "board unreadable",
    "not_found": "no job board",
}


def hiring_summary(hiring: dict[str, Any]) -> str:
    """Return hiring signals in a few words: `10 open · 4 SDR · 3 new in 30d (greenhouse)`."""
    if not hiring.get("open_roles"):
        return f"[dim]{_HIRING_STATUS.get(hiring.get('status', ''), 'no open roles')}[/dim]"
    parts = [f"{hiring['open_roles']} open"]
    by_function = hiring.get("by_function") or {}
    if by_function.get("sales_development"):
        parts.append(f"{by_function['sales_development']} SDR/BDR")
    if by_function.get("account_executive"):
        parts.append(f"{by_function['account_executive']} AE")
    if hiring.get("opened_last_30_days"):
        parts.append(f"{hiring['opened_last_30_days']} new in 30d")
    return " · ".join(parts) + (f"\n[dim]{hiring['ats']}[/dim]" if hiring.get("ats") else "")


def ranked_table(records: list[dict[str, Any]], title: str = "ICP fit") -> Table:
    """Return a rich table of accounts ranked by score with their top reasons."""
    table = Table(title=title, show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("company", overflow="fold")
    table.add_column("score", justify="right")
    for column in ("tier", "route", "hiring", "top reasons"):
        table.add_column(column, overflow="fold")
    ranked = sorted(records, key=lambda r: -((r.get("score") or {}).get("total") or 0))
    for index, record in enumerate(ranked, 1):
        score = record.get("score")
        name = (record.get("firmographics") or {}).get("company_name", {}).get("value")
        name = name or (record.get("input") or {}).get("name") or record["domain"]
        label = f"{name}\n[dim]{record['domain']}[/dim]"
        if record.get("status") == "error":
            label += f"\n[red]{record.get('error')}[/red]"
        hiring = hiring_summary(record.get("hiring") or {})
        if score is None:
            table.add_row(str(index), label, "-", "-", "-", hiring, "")
            continue
        reasons = [short_reason(r) for r in top_reasons(Score.model_validate(score))]
        table.add_row(
            str(index),
            label,
            f"{score['total']:.1f}",
            score["tier"],
            score["route"],
            hiring,
            "\n".join(reasons) or "[dim]no criterion met[/dim]",
        )
    return table


def stdout_console() -> Console:
    """Return a console for stdout, wide enough to read when piped to a file or a pager."""
    console = Console()
    return console if console.is_terminal else Console(width=150)


def print_table(records: list[dict[str, Any]], console: Console | None = None) -> None:
    """Print the ranked table to stdout."""
    (console or stdout_console()).print(ranked_table(records))


_FIELD_PREFIX = re.compile(
    r"\b(?:firmographics|hiring|input|specialized|needs)\.(?:by_function\.)?"
)
_IN_LIST = re.compile(r"^(\S+) in [^()]*, [^()]* \((.+)\)$")


def short_reason(reason: str) -> str:
    """Shorten a score reason for the table: `met: firmographics.x in 1–9 (value 3) (+40)`."""
    reason = re.sub(r"^met: ", "", reason)
    reason = re.sub(r" \(\+[\d.]+\)$", "", reason)
    reason = _FIELD_PREFIX.sub("", reason.replace("(value ", "("))
    return _IN_LIST.sub(r"\1: \2", reason)
