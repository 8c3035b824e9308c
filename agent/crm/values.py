"""Values as CRMs write them: yes/no flags and dates (amounts: `agent.crm.amounts`).

Dates: ISO 8601 (`2024-03-01`, `2024-03-01T10:22:00Z`, `2024-03-01 10:22`), the US order of
Salesforce and HubSpot exports in an en-US locale (`3/1/2024`, `03/01/2024 10:22 AM`), the
day-first order of European locales (`01.03.2024`, and `13/1/2024` where the day cannot be a
month) and `2024/03/01`. A slashed date is month-first unless the column shows otherwise
(`slash_order`), so one column is read one way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Literal

SlashOrder = Literal["month-first", "day-first"]

_TRUE = frozenset({"true", "yes", "y", "1", "churned", "x"})
_FALSE = frozenset({"false", "no", "n", "0", "active", ""})
_ISO = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])")
_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:$|[,\s])")
_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[,\s])")


def parse_flag(text: str) -> bool | None:
    """Parse yes/no, true/false, 1/0 (and "churned"/"active"); None when unclear."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_crm_date(text: str, slash_order: SlashOrder = "month-first") -> date | None:
    """Return the date part of a CRM date or date-time; None when it is not one."""
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _safe_date(year, month, day)
    if match := _DOTTED.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _safe_date(year, month, day)
    if match := _SLASHED.match(text):
        first, second, year_text = match.groups()
        month, day = int(first), int(second)
        if slash_order == "day-first" or month > 12:
            month, day = day, month
        return _safe_date(_year(year_text), month, day)
    return None


def slash_order(values: Iterable[str]) -> SlashOrder:
    """Return the order of a column's slashed dates: day-first when a first part exceeds 12."""
    for value in values:
        match = _SLASHED.match(value)
        if match and int(match.group(1)) > 12:
            return "day-first"
    return "month-first"
