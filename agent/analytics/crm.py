"""Reading a CRM export of customers or closed deals, with column names mapped by options.

One row is a customer or a deal: a domain, an outcome (won / lost / open), a value (LTV or
ACV), whether the customer churned, the sales-cycle length in days and the close date. Rows of
one domain are merged into one `CrmAccount` (deals add up), so an export of deals and an export
of customers read the same way. Column names are found automatically among common spellings
(`ltv`, `acv`, `amount`, `deal_stage` ...) unless an option names them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import mean

from agent.accounts import normalize_domain
from agent.errors import InputError

WON_VALUES = frozenset({"won", "closed won", "closed-won", "closedwon", "win", "customer"})
LOST_VALUES = frozenset({"lost", "closed lost", "closed-lost", "closedlost", "loss"})
_TRUE = frozenset({"true", "yes", "y", "1", "churned", "x"})
_FALSE = frozenset({"false", "no", "n", "0", "active", ""})

COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "domain": ("domain", "website", "company_domain", "url", "site"),
    "outcome": ("outcome", "result", "stage", "deal_stage", "status", "won"),
    "value": ("ltv", "lifetime_value", "acv", "arr", "amount", "deal_value", "revenue", "value"),
    "churned": ("churned", "churn", "is_churned", "has_churned"),
    "cycle_days": ("sales_cycle_days", "cycle_days", "sales_cycle", "days_to_close", "cycle"),
    "close_date": ("close_date", "closed_at", "closedate", "closed_date", "date"),
}


@dataclass
class CrmColumns:
    """Which CSV column holds what; None means "guess from the header"."""

    domain: str | None = None
    outcome: str | None = None
    value: str | None = None
    churned: str | None = None
    cycle_days: str | None = None
    close_date: str | None = None
    won_values: frozenset[str] = WON_VALUES
    lost_values: frozenset[str] = LOST_VALUES


@dataclass
class CrmAccount:
    """The outcomes of one account, merged over its rows."""

    domain: str
    deals_won: int = 0
    deals_lost: int = 0
    deals_open: int = 0
    revenue: float = 0.0
    """Sum of the values of won rows (LTV or ACV, whichever the export holds)."""
    churned: bool | None = None
    cycle_days: list[float] = field(default_factory=list)
    close_dates: list[date] = field(default_factory=list)

    @property
    def won(self) -> bool | None:
        """Whether the account was won; None while every deal is still open."""
        if self.deals_won:
            return True
        return False if self.deals_lost else None

    @property
    def cycle(self) -> float | None:
        """Mean sales-cycle length in days over the rows that give one."""
        return mean(self.cycle_days) if self.cycle_days else None


@dataclass
class CrmData:
    """A read CRM export: accounts by domain, the columns used, and row problems."""

    accounts: dict[str, CrmAccount]
    columns: dict[str, str | None]
    problems: list[str] = field(default_factory=list)
    rows: int = 0


def parse_number(text: str) -> float | None:
    """Parse "12,000", "$1.2k", "3M" or "4500.50" into a float; None when not a number."""
    cleaned = re.sub(r"[\s$€£¥,_]", "", text.strip().lower())
    multiplier = 1.0
    if cleaned[-1:] in ("k", "m"):
        multiplier = 1_000.0 if cleaned[-1] == "k" else 1_000_000.0
        cleaned = cleaned[:-1]
    try:
        return float(cleaned) * multiplier
    except ValueError:
        return None


def parse_flag(text: str) -> bool | None:
    """Parse yes/no, true/false, 1/0 (and "churned"/"active"); None when unclear."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def parse_date(text: str) -> date | None:
    """Parse the date part of an ISO 8601 date or date-time; None when not one."""
    match = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _column_key(name: str) -> str:
    """Fold a column name so "Close Date", "close-date" and "close_date" are one."""
    return re.sub(r"[\s\-_]+", "_", name.strip().lower())


def _pick_columns(header: list[str], wanted: CrmColumns, path: Path) -> dict[str, str | None]:
    lowered = {_column_key(name): name for name in header}
    picked: dict[str, str | None] = {}
    for role, guesses in COLUMN_GUESSES.items():
        given = getattr(wanted, role)
        if given is not None:
            if _column_key(given) not in lowered:
                raise InputError(
                    f"{path}: no column {given!r} for {role} (columns: {', '.join(header)})"
                )
            picked[role] = lowered[_column_key(given)]
            continue
        keys = (_column_key(g) for g in guesses)
        picked[role] = next((lowered[k] for k in keys if k in lowered), None)
    for role in ("domain", "outcome"):
        if picked[role] is None:
            raise InputError(
                f"{path}: line 1: no {role} column (columns: {', '.join(header)}); "
                f"name it with --{role.replace('_', '-')}-column"
            )
    return picked


def _outcome(text: str, columns: CrmColumns) -> str | None:
    lowered = " ".join(text.strip().lower().replace("_", " ").split())
    if lowered in columns.won_values or lowered in _TRUE - {"x", "churned"}:
        return "won"
    if lowered in columns.lost_values or lowered in {"false", "no", "0"}:
        return "lost"
    return "open" if lowered else None


def read_crm(path: str | Path, columns: CrmColumns | None = None) -> CrmData:
    """Read a CRM export (UTF-8 CSV, BOM tolerated); merge its rows by domain."""
    path = Path(path)
    columns = columns or CrmColumns()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: CRM export not found") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:16384], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    if not reader.fieldnames:
        raise InputError(f"{path}: the file is empty (expected a header row)")
    picked = _pick_columns(list(reader.fieldnames), columns, path)
    data = CrmData(accounts={}, columns=picked)
    for line, row in enumerate(reader, start=2):
        data.rows += 1
        _add_row(data, row, picked, columns, f"{path}: line {line}")
    return data


def _cell(row: dict[str, str | None], column: str | None) -> str:
    return (row.get(column) or "").strip() if column else ""


def _add_row(
    data: CrmData,
    row: dict[str, str | None],
    picked: dict[str, str | None],
    columns: CrmColumns,
    where: str,
) -> None:
    raw_domain = _cell(row, picked["domain"])
    domain = normalize_domain(raw_domain) if raw_domain else None
    if domain is None:
        data.problems.append(f"{where}: invalid or missing domain {raw_domain!r}; row skipped")
        return
    outcome = _outcome(_cell(row, picked["outcome"]), columns)
    if outcome is None:
        data.problems.append(f"{where}: no outcome for {domain}; row skipped")
        return
    account = data.accounts.setdefault(domain, CrmAccount(domain))
    value = parse_number(_cell(row, picked["value"])) if _cell(row, picked["value"]) else None
    if outcome == "won":
        account.deals_won += 1
        account.revenue += value or 0.0
    elif outcome == "lost":
        account.deals_lost += 1
    else:
        account.deals_open += 1
    churned_text = _cell(row, picked["churned"])
    if picked["churned"] and churned_text:
        churned = parse_flag(churned_text)
        if churned is None:
            data.problems.append(f"{where}: churned value {churned_text!r} is not yes/no")
        elif outcome == "won":
            account.churned = bool(account.churned) or churned
    cycle_text = _cell(row, picked["cycle_days"])
    if cycle_text:
        cycle = parse_number(cycle_text)
        if cycle is None or cycle < 0:
            data.problems.append(f"{where}: sales-cycle days {cycle_text!r} is not a number")
        elif outcome != "open":
            account.cycle_days.append(cycle)
    closed = parse_date(_cell(row, picked["close_date"])) if picked["close_date"] else None
    if closed is not None:
        account.close_dates.append(closed)
