"""Reading a CRM export of customers or closed deals, with column names mapped by options.

One row is a customer or a deal: a domain, an outcome (won / lost / open), a value (LTV or
ACV), whether the customer churned, the sales-cycle length in days and the close date. Rows of
one domain are merged into one `CrmAccount` (deals add up), so an export of deals and an export
of customers read the same way. Column names are found among HubSpot, Salesforce and common
spellings (`agent.crm.columns`) unless an option names them; dates are read in the CRMs'
formats (`agent.crm.values`). Every other column is kept per account (`CrmAccount.columns`), so
`icp discover` can use the export's own Industry, Number of Employees, Country ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import mean

from agent.accounts import normalize_domain
from agent.crm.amounts import is_blank, parse_amount
from agent.crm.columns import candidates, find_column, missing_column
from agent.crm.csv_file import CsvRow, open_csv
from agent.crm.values import SlashOrder, parse_crm_date, parse_flag, slash_order

WON_VALUES = frozenset({"won", "closed won", "closed-won", "closedwon", "win", "customer"})
LOST_VALUES = frozenset({"lost", "closed lost", "closed-lost", "closedlost", "loss"})
_YES = frozenset({"true", "yes", "y", "1"})
ROLES = ("domain", "outcome", "value", "churned", "cycle_days", "close_date")


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
    columns: dict[str, str] = field(default_factory=dict)
    """The export's other cells for this account (first non-empty value per column); the
    domain, outcome, value, churned, cycle and close-date columns are not among them."""

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


def _outcome(text: str, columns: CrmColumns) -> str | None:
    lowered = " ".join(text.strip().lower().replace("_", " ").split())
    if lowered in columns.won_values or lowered in _YES:
        return "won"
    if lowered in columns.lost_values or lowered in {"false", "no", "0"}:
        return "lost"
    return "open" if lowered else None


def _pick_columns(header: list[str], wanted: CrmColumns, path: Path) -> dict[str, str | None]:
    picked: dict[str, str | None] = {}
    for role in ROLES:
        picked[role] = find_column(header, role, getattr(wanted, role), path)
    for role in ("domain", "outcome"):
        if picked[role] is None:
            raise missing_column(path, role, header, f"--{role}-column")
    return picked


def read_crm(path: str | Path, columns: CrmColumns | None = None) -> CrmData:
    """Read a CRM export (UTF-8 CSV, BOM tolerated); merge its rows by domain."""
    columns = columns or CrmColumns()
    table = open_csv(path, "CRM export")
    picked = _pick_columns(table.header, columns, table.path)
    domains: list[str | None] = (
        [picked["domain"]] if columns.domain else list(candidates(table.header, "domain"))
    )
    rows = list(table.rows())
    order = slash_order(row.get(picked["close_date"]) for row in rows)
    amounts = [found[0] for role in ("revenue", "employees")
               if (found := candidates(table.header, role))]  # fmt: skip
    data = CrmData(accounts={}, columns=picked)
    for row in rows:
        data.rows += 1
        if row.problem:
            data.problems.append(f"{table.path}: line {row.line}: {row.problem}; row skipped")
            continue
        _add_row(data, row, picked, domains, columns, order, f"{table.path}: line {row.line}",
                 amounts)  # fmt: skip
    return data


def _amount(data: CrmData, row: CsvRow, column: str | None, where: str) -> float | None:
    """Return an amount cell's number; a cell that states none is a problem naming it."""
    text = row.get(column)
    if is_blank(text):
        return None
    number = parse_amount(text)
    if number is None:
        data.problems.append(f"{where}: column {column!r}: {text!r} is not an amount (like "
                             "1200000, $1,200,000, 1.2M or € 1.200.000,00); left out")  # fmt: skip
    return number


def _domain(row: CsvRow, domains: list[str | None]) -> tuple[str | None, str]:
    given = [row.get(column) for column in domains if row.get(column)]
    for raw in given:
        if (domain := normalize_domain(raw)) is not None:
            return domain, raw
    return None, given[0] if given else ""


def _add_row(
    data: CrmData,
    row: CsvRow,
    picked: dict[str, str | None],
    domains: list[str | None],
    columns: CrmColumns,
    order: SlashOrder,
    where: str,
    amounts: list[str],
) -> None:
    domain, raw_domain = _domain(row, domains)
    if domain is None:
        data.problems.append(
            f"{where}: column {picked['domain']!r}: invalid or missing domain {raw_domain!r}; "
            "row skipped"
        )
        return
    outcome = _outcome(row.get(picked["outcome"]), columns)
    if outcome is None:
        data.problems.append(
            f"{where}: column {picked['outcome']!r}: no outcome for {domain}; row skipped"
        )
        return
    account = data.accounts.setdefault(domain, CrmAccount(domain))
    roles = {*picked.values(), *domains}
    for name, cell in row.cells.items():
        if cell.strip() and name not in account.columns and name not in roles:
            account.columns[name] = cell.strip()
    value = _amount(data, row, picked["value"], where)
    for column in amounts:
        if column not in roles and account.columns.get(column) is not None:
            if _amount(data, row, column, where) is None:
                del account.columns[column]  # a wrong amount is no category either
    if outcome == "won":
        account.deals_won += 1
        account.revenue += value or 0.0
    elif outcome == "lost":
        account.deals_lost += 1
    else:
        account.deals_open += 1
    churned_text = row.get(picked["churned"])
    if churned_text:
        churned = parse_flag(churned_text)
        if churned is None:
            data.problems.append(
                f"{where}: column {picked['churned']!r}: {churned_text!r} is not yes/no"
            )
        elif outcome == "won":
            account.churned = bool(account.churned) or churned
    cycle_text = row.get(picked["cycle_days"])
    if cycle_text:
        cycle = parse_amount(cycle_text)
        if cycle is None or cycle < 0:
            data.problems.append(
                f"{where}: column {picked['cycle_days']!r}: {cycle_text!r} is not a number of days"
            )
        elif outcome != "open":
            account.cycle_days.append(cycle)
    date_text = row.get(picked["close_date"])
    if date_text:
        closed = parse_crm_date(date_text, order)
        if closed is None:
            data.problems.append(
                f"{where}: column {picked['close_date']!r}: {date_text!r} is not a date "
                "(YYYY-MM-DD, M/D/YYYY or DD.MM.YYYY)"
            )
        else:
            account.close_dates.append(closed)
