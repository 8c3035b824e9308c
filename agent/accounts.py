"""Reading the accounts CSV: streaming, forgiving about format, precise about problems."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from agent.errors import InputError

_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_DOMAIN_COLUMNS = ("domain", "website", "url", "company_domain", "company domain", "site")


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


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def read_accounts(path: str | Path) -> Iterator[AccountRow]:
    """Yield the rows of an accounts CSV one at a time (the file is never loaded whole)."""
    path = Path(path)
    try:
        stream = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError(f"{path}: accounts file not found") from None
    with stream:
        try:
            sample = stream.read(16384)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
        stream.seek(0)
        reader = csv.reader(stream, _dialect(sample))
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{path}: the file is empty (expected a header row)") from None
        names = [h.strip() for h in header]
        lowered = [n.lower() for n in names]
        column = next((lowered.index(c) for c in _DOMAIN_COLUMNS if c in lowered), None)
        if column is None:
            raise InputError(
                f"{path}: line 1: no `domain` column (columns: {', '.join(names) or 'none'})"
            )
        line = 1
        try:
            for values in reader:
                line = reader.line_num
                yield _row(line, names, values, column)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: line {line + 1}: cannot read the CSV: {exc}") from None


def _row(line: int, names: list[str], values: list[str], column: int) -> AccountRow:
    if not any(v.strip() for v in values):
        return AccountRow(line, "", None, {}, "empty row")
    data: dict[str, Any] = {
        name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(names)
    }
    if len(values) > len(names):
        data["_extra"] = values[len(names) :]
    raw = values[column].strip() if column < len(values) else ""
    if not raw:
        return AccountRow(line, raw, None, data, "no domain given")
    domain = normalize_domain(raw)
    if domain is None:
        return AccountRow(line, raw, None, data, f"invalid domain {raw!r}")
    return AccountRow(line, raw, domain, data)
