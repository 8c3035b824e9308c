"""Reading the accounts CSV: streaming, forgiving about format, precise about problems."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from agent.crm.columns import candidates, find_column, missing_column
from agent.crm.csv_file import CsvRow, open_csv
from agent.leads.email_domains import personal_mail_kind

_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass
class AccountRow:
    """One data row of the accounts file."""

    row: int
    """Line number in the file (the header is line 1)."""
    raw: str
    """The value of the domain column as given."""
    domain: str | None
    """Normalized bare domain, or None when the row is unusable."""
    input: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def is_valid_domain(host: str) -> bool:
    """Return whether `host` is a plausible public domain name (IDNA-encoded)."""
    return bool(_DOMAIN.match(host))


def normalize_domain(value: str) -> str | None:
    """Return the bare, lower-case domain of a domain, URL or e-mail address, or None."""
    text = value.strip().strip("\"'<>").lower()
    if not text:
        return None
    if "@" in text and "/" not in text:
        text = text.rsplit("@", 1)[1]
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    host = host.rstrip(".").removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return host if is_valid_domain(host) else None


def read_accounts(path: str | Path, domain_column: str | None = None) -> Iterator[AccountRow]:
    """Yield the rows of an accounts CSV one at a time (the file is never loaded whole).

    The domain comes from `domain_column` when given, else from the first non-empty of the
    columns that can hold one (`domain`, HubSpot's `Company Domain Name` and `Website URL`,
    Salesforce's `Website` ...), so a CRM export reads as it is.
    """
    table = open_csv(path, "accounts file")
    if domain_column is not None:
        columns = [find_column(table.header, "domain", domain_column, table.path) or ""]
    else:
        columns = candidates(table.header, "domain")
    if not columns:
        raise missing_column(table.path, "domain", table.header, "--domain-column")
    for row in table.rows():
        yield _row(row, columns)


def _row(row: CsvRow, columns: list[str]) -> AccountRow:
    if row.problem:
        return AccountRow(row.line, row.text, None, {}, row.problem)
    data: dict[str, Any] = {name: value.strip() for name, value in row.cells.items()}
    if row.extra:
        data["_extra"] = row.extra
    if row.is_empty():
        return AccountRow(row.line, "", None, {}, "empty row")
    given = [(column, row.get(column)) for column in columns if row.get(column)]
    if not given:
        return AccountRow(row.line, "", None, data, f"no domain given (column {columns[0]!r})")
    for column, raw in given:
        domain = normalize_domain(raw)
        kind = personal_mail_kind(domain) if domain is not None else None
        if kind is not None:
            # a person's mailbox provider is not the company: never research it
            problem = f"column {column!r}: {domain} is a {kind} domain, not a company"
            return AccountRow(row.line, raw, None, data, problem)
        if domain is not None:
            return AccountRow(row.line, raw, domain, data)
    column, raw = given[0]
    return AccountRow(row.line, raw, None, data, f"column {column!r}: invalid domain {raw!r}")
